// Package eval measures search quality on a set of judged queries: for each
// query, the clauses that answer it. It reports, per query, the rank of the
// first good answer, and over the set success@5 (the share of queries with a
// good answer in the first five results) and MRR (the mean of 1/rank, 0 when
// no good answer is in the first Depth results).
package eval

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Depth is how many results are examined per query.
const Depth = 10

// NoAnswer is the value of `answer` for a query that no question answers.
// Outside is the value for a query that no question answers because it is
// outside the framework altogether (pay, leave, transfers, a maths
// exercise): the issue on answers sets its bar on these, while a query in
// the framework that no question answers (« aucune ») is harder to leave
// unanswered, its closest question being a near neighbour.
const (
	NoAnswer = "aucune"
	Outside  = "hors-cadre"
)

// Case is one judged query.
type Case struct {
	Query kb.QueryParams
	Want  []string // clause ids that answer the query
	// Answer is the question pratique that should be shown first as the
	// answer, NoAnswer that none should be: at most one is set; neither
	// when the case judges clauses only.
	Answer   string
	NoAnswer bool
	// Outside tells that the query is outside the framework (NoAnswer is
	// then set too).
	Outside bool
	Note    string
	Line    int // in the file
	parsed  kb.Query
}

// Searcher is what eval needs of a search engine.
type Searcher interface {
	Search(ctx context.Context, q kb.Query) (*kb.Results, error)
}

// Parse reads a judged query file:
//
//   - query: donnees eleves chatgpt
//     role: [enseignant]        # optional filters: role, theme, kind, nature
//     want: [cadre-obligations-rgpd, cadre-principe-protection-donnees]
//     note: why these answers   # optional
//
// It checks every query and every wanted id against the corpus and reports
// all problems, each as "file:line: message".
func Parse(name string, src []byte, c *kb.Corpus) ([]Case, error) {
	var problems []string
	bad := func(n *yaml.Node, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, n.Line, fmt.Sprintf(format, args...)))
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: expected a list of judged queries", name)
	}
	var cases []Case
	var facets []string // filter keys: the facets' names
	for _, f := range c.Taxonomy.Facets() {
		facets = append(facets, f.Name)
	}
	for _, item := range root.Content[0].Content {
		if item.Kind != yaml.MappingNode {
			bad(item, "a judged query is a mapping with query and want")
			continue
		}
		cs := Case{Line: item.Line}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			var list []string
			if v.Kind == yaml.SequenceNode {
				for _, e := range v.Content {
					list = append(list, e.Value)
				}
			} else if v.Value != "" {
				list = []string{v.Value}
			}
			switch k.Value {
			case "query":
				cs.Query.Q = v.Value
			case "want":
				cs.Want = list
			case "answer":
				switch v.Value {
				case NoAnswer:
					cs.NoAnswer = true
				case Outside:
					cs.NoAnswer, cs.Outside = true, true
				default:
					cs.Answer = v.Value
				}
			case "note":
				cs.Note = v.Value
			default:
				if !slices.Contains(facets, k.Value) {
					bad(k, "unknown key %q (known: query, %s, want, answer, note)", k.Value, strings.Join(facets, ", "))
					break
				}
				if cs.Query.Filters == nil {
					cs.Query.Filters = make(kb.Filters)
				}
				cs.Query.Filters[k.Value] = list
			}
		}
		q, err := c.Taxonomy.ParseQuery(cs.Query)
		if err != nil {
			bad(item, "%v", err)
		}
		q.Size = Depth
		cs.parsed = q
		if len(cs.Want) == 0 && cs.Answer == "" && !cs.NoAnswer {
			bad(item, "query %q: nothing judged: give the wanted clauses (want: [...]) or the answer (answer: ID, %s or %s)", cs.Query.Q, NoAnswer, Outside)
		}
		if cs.Answer != "" {
			if to, ok := c.ReplacedBy(cs.Answer); ok {
				bad(item, "query %q: answer %q was merged into question %q (its replaces): write %q", cs.Query.Q, cs.Answer, to.ID, to.ID)
			} else if _, err := c.QuestionByID(cs.Answer); err != nil {
				bad(item, "query %q: answer %q is not a question", cs.Query.Q, cs.Answer)
			}
		}
		for _, id := range cs.Want {
			if _, err := c.Clause(id); err != nil {
				bad(item, "query %q: wanted clause %q does not exist", cs.Query.Q, id)
			}
		}
		cases = append(cases, cs)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: no judged query", name)
	}
	return cases, nil
}

// Result is the outcome of one judged query.
type Result struct {
	Case Case
	// Rank is the position of the first good answer, from 1, or 0 if none
	// is in the first Depth results.
	Rank int
	// Top holds the ids of the first results, for diagnosis.
	Top []string
	// Answers are the ids of the questions shown as answers, Related those
	// listed as questions proches.
	Answers, Related []string
}

// AnswerOK reports whether the answers shown are those the case expects:
// its question first, or none.
func (r Result) AnswerOK() bool {
	if r.Case.NoAnswer {
		return len(r.Answers) == 0
	}
	return len(r.Answers) > 0 && r.Answers[0] == r.Case.Answer
}

// Offered reports whether the expected question is shown, as an answer
// or among the questions proches.
func (r Result) Offered() bool {
	return r.Case.Answer != "" && (slices.Contains(r.Answers, r.Case.Answer) || slices.Contains(r.Related, r.Case.Answer))
}

// Report is the outcome of a judged query set.
type Report struct {
	Results []Result
	// Clauses is the number of cases with wanted clauses, over which
	// SuccessAt5 and MRR are computed.
	Clauses    int
	SuccessAt5 float64
	MRR        float64
	// Answered is the number of cases that expect a question, AnswerFirst
	// the share of them where it is shown first; Unanswered the number of
	// cases that expect none, Silent the share where none is shown.
	// Offered is the share of Answered where the expected question is
	// shown at all, as an answer or among the questions proches; Quiet the
	// share of Unanswered that show neither a card nor questions proches.
	// Outside is the number of Unanswered that are outside the framework,
	// SilentOutside the share of them where no answer is shown, and
	// QuietOutside where neither a card nor questions proches are.
	// Shown is the number of cases judged on answers that show a card,
	// Precision the share of them whose first card is the expected one: a
	// card for another question, or for a query that none answers, is
	// worse than none.
	Answered, Unanswered, Outside, Shown                                        int
	AnswerFirst, Silent, Offered, Quiet, SilentOutside, QuietOutside, Precision float64
}

// Run searches every case and scores the answers.
func Run(ctx context.Context, s Searcher, cases []Case) (Report, error) {
	var r Report
	for _, cs := range cases {
		res, err := s.Search(ctx, cs.parsed)
		if err != nil {
			return r, fmt.Errorf("query %q: %w", cs.Query.Q, err)
		}
		out := Result{Case: cs}
		for i, h := range res.Hits {
			out.Top = append(out.Top, h.Clause.ID)
			if out.Rank == 0 && slices.Contains(cs.Want, h.Clause.ID) {
				out.Rank = i + 1
			}
		}
		for _, a := range res.Answers {
			out.Answers = append(out.Answers, a.Question.ID)
		}
		for _, a := range res.Related {
			out.Related = append(out.Related, a.Question.ID)
		}
		if len(cs.Want) > 0 {
			r.Clauses++
			if out.Rank > 0 {
				r.MRR += 1 / float64(out.Rank)
				if out.Rank <= 5 {
					r.SuccessAt5++
				}
			}
		}
		if (cs.Answer != "" || cs.NoAnswer) && len(out.Answers) > 0 {
			r.Shown++
			if out.Answers[0] == cs.Answer {
				r.Precision++
			}
		}
		switch {
		case cs.Answer != "":
			r.Answered++
			if out.AnswerOK() {
				r.AnswerFirst++
			}
			if out.Offered() {
				r.Offered++
			}
		case cs.NoAnswer:
			r.Unanswered++
			if out.AnswerOK() {
				r.Silent++
			}
			if cs.Outside {
				r.Outside++
				if out.AnswerOK() {
					r.SilentOutside++
				}
			}
			if len(out.Answers)+len(out.Related) == 0 {
				r.Quiet++
				if cs.Outside {
					r.QuietOutside++
				}
			}
		}
		r.Results = append(r.Results, out)
	}
	r.average()
	return r, nil
}

// average turns the report's sums into shares of their counts.
func (r *Report) average() {
	if n := float64(r.Clauses); n > 0 {
		r.SuccessAt5 /= n
		r.MRR /= n
	}
	if n := float64(r.Answered); n > 0 {
		r.AnswerFirst /= n
		r.Offered /= n
	}
	if n := float64(r.Unanswered); n > 0 {
		r.Silent /= n
		r.Quiet /= n
	}
	if n := float64(r.Shown); n > 0 {
		r.Precision /= n
	}
	if n := float64(r.Outside); n > 0 {
		r.SilentOutside /= n
		r.QuietOutside /= n
	}
}

// Print writes one line per query, misses flagged, then the totals.
func (r Report) Print(w io.Writer) {
	for _, res := range r.Results {
		rank := fmt.Sprintf("%2d", res.Rank)
		mark := "  "
		switch {
		case len(res.Case.Want) == 0:
			rank = "  "
		case res.Rank == 0:
			rank, mark = " –", "✗ "
		case res.Rank > 5:
			mark = "~ "
		}
		answer := ""
		if res.Case.Answer != "" || res.Case.NoAnswer {
			answer = "  [réponse ok]"
			if !res.AnswerOK() {
				mark = "✗ "
				answer = "  [réponse ✗]"
			}
		}
		filters := ""
		for _, f := range slices.Sorted(maps.Keys(res.Case.Query.Filters)) {
			filters += fmt.Sprintf(" [%s=%s]", f, strings.Join(res.Case.Query.Filters[f], ","))
		}
		fmt.Fprintf(w, "%s%s  %s%s%s\n", mark, rank, res.Case.Query.Q, filters, answer)
		if len(res.Case.Want) > 0 && (res.Rank == 0 || res.Rank > 5) {
			top := res.Top[:min(3, len(res.Top))]
			fmt.Fprintf(w, "        want %s; got %s\n", strings.Join(res.Case.Want, ", "), strings.Join(top, ", "))
		}
		if !res.AnswerOK() && (res.Case.Answer != "" || res.Case.NoAnswer) {
			want := res.Case.Answer
			switch {
			case res.Case.Outside:
				want = Outside
			case res.Case.NoAnswer:
				want = NoAnswer
			}
			got := strings.Join(res.Answers, ", ")
			if got == "" {
				got = NoAnswer
			}
			if len(res.Related) > 0 {
				got += " (questions proches: " + strings.Join(res.Related, ", ") + ")"
			}
			fmt.Fprintf(w, "        answer %s; got %s\n", want, got)
		}
	}
	r.PrintTotals(w, "")
}

// PrintTotals writes the figures of the report on one or two lines, each
// starting with label.
func (r Report) PrintTotals(w io.Writer, label string) {
	fmt.Fprintf(w, "%s%d queries, %d judged on clauses  success@5 %.3f  MRR@%d %.3f\n", label, len(r.Results), r.Clauses, r.SuccessAt5, Depth, r.MRR)
	if r.Answered+r.Unanswered > 0 {
		outside, quietOutside := "", ""
		if r.Outside > 0 {
			outside = fmt.Sprintf("  outside the framework %.3f (%d queries)", r.SilentOutside, r.Outside)
			quietOutside = fmt.Sprintf("  outside the framework %.3f", r.QuietOutside)
		}
		fmt.Fprintf(w, "%sanswers: expected question first %.3f (%d queries)  no answer when none %.3f (%d queries)%s\n",
			label, r.AnswerFirst, r.Answered, r.Silent, r.Unanswered, outside)
		fmt.Fprintf(w, "%scards shown: %d, the expected question %.3f of them\n", label, r.Shown, r.Precision)
		fmt.Fprintf(w, "%squestions proches: expected question shown or among them %.3f  none listed when no answer %.3f%s\n",
			label, r.Offered, r.Quiet, quietOutside)
	}
}

// Merge adds the results of several reports into one, with its figures.
func Merge(reports ...Report) Report {
	var all Report
	for _, r := range reports {
		all.Results = append(all.Results, r.Results...)
		all.Clauses += r.Clauses
		all.SuccessAt5 += r.SuccessAt5 * float64(r.Clauses)
		all.MRR += r.MRR * float64(r.Clauses)
		all.Answered += r.Answered
		all.AnswerFirst += r.AnswerFirst * float64(r.Answered)
		all.Offered += r.Offered * float64(r.Answered)
		all.Unanswered += r.Unanswered
		all.Silent += r.Silent * float64(r.Unanswered)
		all.Quiet += r.Quiet * float64(r.Unanswered)
		all.Shown += r.Shown
		all.Precision += r.Precision * float64(r.Shown)
		all.Outside += r.Outside
		all.SilentOutside += r.SilentOutside * float64(r.Outside)
		all.QuietOutside += r.QuietOutside * float64(r.Outside)
	}
	all.average()
	return all
}
