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
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Depth is how many results are examined per query.
const Depth = 10

// Case is one judged query.
type Case struct {
	Query  kb.QueryParams
	Want   []string // clause ids that answer the query
	Note   string
	Line   int // in the file
	parsed kb.Query
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
			case "role":
				cs.Query.Roles = list
			case "theme":
				cs.Query.Themes = list
			case "kind":
				cs.Query.Kinds = list
			case "nature":
				cs.Query.Natures = list
			case "want":
				cs.Want = list
			case "note":
				cs.Note = v.Value
			default:
				bad(k, "unknown key %q (known: query, role, theme, kind, nature, want, note)", k.Value)
			}
		}
		q, err := c.Taxonomy.ParseQuery(cs.Query)
		if err != nil {
			bad(item, "%v", err)
		}
		q.Size = Depth
		cs.parsed = q
		if len(cs.Want) == 0 {
			bad(item, "query %q: no wanted clause (want: [...])", cs.Query.Q)
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
}

// Report is the outcome of a judged query set.
type Report struct {
	Results    []Result
	SuccessAt5 float64
	MRR        float64
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
		if out.Rank > 0 {
			r.MRR += 1 / float64(out.Rank)
			if out.Rank <= 5 {
				r.SuccessAt5++
			}
		}
		r.Results = append(r.Results, out)
	}
	if n := float64(len(cases)); n > 0 {
		r.SuccessAt5 /= n
		r.MRR /= n
	}
	return r, nil
}

// Print writes one line per query, misses first flagged, then the totals.
func (r Report) Print(w io.Writer) {
	for _, res := range r.Results {
		rank := fmt.Sprintf("%2d", res.Rank)
		mark := "  "
		switch {
		case res.Rank == 0:
			rank, mark = " –", "✗ "
		case res.Rank > 5:
			mark = "~ "
		}
		filters := ""
		for _, f := range []struct {
			name string
			vals []string
		}{{"role", res.Case.Query.Roles}, {"theme", res.Case.Query.Themes}, {"kind", res.Case.Query.Kinds}, {"nature", res.Case.Query.Natures}} {
			if len(f.vals) > 0 {
				filters += fmt.Sprintf(" [%s=%s]", f.name, strings.Join(f.vals, ","))
			}
		}
		fmt.Fprintf(w, "%s%s  %s%s\n", mark, rank, res.Case.Query.Q, filters)
		if res.Rank == 0 || res.Rank > 5 {
			top := res.Top[:min(3, len(res.Top))]
			fmt.Fprintf(w, "        want %s; got %s\n", strings.Join(res.Case.Want, ", "), strings.Join(top, ", "))
		}
	}
	fmt.Fprintf(w, "%d queries  success@5 %.3f  MRR@%d %.3f\n", len(r.Results), r.SuccessAt5, Depth, r.MRR)
}
