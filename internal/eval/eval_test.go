package eval_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

func TestRun(t *testing.T) {
	ix := testcorpus.Index(t)
	file := `
- query: fraude
  want: [c-fraude]
- query: classes
  want: [c-rang-fuzzy]          # fourth, after c-role (« classe »)
- query: triche
  role: enseignant
  want: [c-fraude, s-critique-fraude]
- query: zzzzzz
  want: [c-role]                # never found
`
	cases, err := eval.Parse("q.yaml", []byte(file), ix.Corpus())
	if err != nil {
		t.Fatal(err)
	}
	r, err := eval.Run(context.Background(), search.New(ix), cases)
	if err != nil {
		t.Fatal(err)
	}
	var ranks []int
	for _, res := range r.Results {
		ranks = append(ranks, res.Rank)
	}
	if ranks[0] != 1 || ranks[1] != 4 || ranks[2] != 1 || ranks[3] != 0 {
		t.Errorf("ranks = %v", ranks)
	}
	if r.SuccessAt5 != 0.75 || r.MRR != (1+0.25+1)/4 {
		t.Errorf("success@5 = %v, MRR = %v", r.SuccessAt5, r.MRR)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{"✗  –  zzzzzz", "want c-role; got", "4 queries, 4 judged on clauses  success@5 0.750  MRR@10 0.562"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestParseErrors(t *testing.T) {
	c := testcorpus.Corpus(t)
	file := `
- query: fraude
  want: [c-inexistante]
- query: fraude
  rol: enseignant
  want: [c-fraude]
- query: fraude
  role: profz
- query: x
`
	_, err := eval.Parse("q.yaml", []byte(file), c)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`q.yaml:2: query "fraude": wanted clause "c-inexistante" does not exist`,
		`q.yaml:5: unknown key "rol"`,
		`q.yaml:7: rôle inconnu "profz"`,
		`q.yaml:7: query "fraude": nothing judged`,
		`q.yaml:9: query "x": nothing judged`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := eval.Parse("q.yaml", []byte("a: b"), c); err == nil {
		t.Error("a mapping was accepted as a query list")
	}
}

// TestParseMergedAnswer: a judged answer that names a question merged into
// another is refused, with the id to write instead.
func TestParseMergedAnswer(t *testing.T) {
	c := testcorpus.Bundled(t)
	var old, now string
	for _, q := range c.Questions {
		if len(q.Replaces) > 0 {
			old, now = q.Replaces[0], q.ID
			break
		}
	}
	if old == "" {
		t.Fatal("the bundled content merges no question")
	}
	_, err := eval.Parse("q.yaml", []byte("- query: detecteur ia\n  answer: "+old+"\n"), c)
	want := fmt.Sprintf(`q.yaml:1: query "detecteur ia": answer %q was merged into question %q (its replaces): write %q`, old, now, now)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %s", err, want)
	}
	if _, err := eval.Parse("q.yaml", []byte("- query: detecteur ia\n  answer: "+now+"\n"), c); err != nil {
		t.Errorf("the question itself: %v", err)
	}
}

// shown is a searcher that shows, for each query text, given answers and
// questions proches.
type shown struct {
	c       *kb.Corpus
	answers map[string][2][]string // text → answers, related
}

func (s shown) Search(_ context.Context, q kb.Query) (*kb.Results, error) {
	res := &kb.Results{Query: q}
	var err error
	if res.Answers, err = s.c.AnswersOf(s.answers[q.Text][0]); err != nil {
		return nil, err
	}
	res.Related, err = s.c.AnswersOf(s.answers[q.Text][1])
	return res, err
}

// TestAnswerFigures: the expected question first, none when none, and the
// expected question shown at all — as the card, a second card or among
// the questions proches — over one set and merged sets.
func TestAnswerFigures(t *testing.T) {
	c := testcorpus.Corpus(t)
	file := `
- query: first
  answer: q-fraude-devoir
- query: second card
  answer: q-fraude-devoir
- query: among the related
  answer: q-fraude-devoir
- query: missed
  answer: q-fraude-devoir
- query: silent
  answer: aucune
- query: not silent
  answer: aucune
- query: outside, silent
  answer: hors-cadre
- query: outside, not silent
  answer: hors-cadre
- query: outside, silent too
  answer: hors-cadre
`
	cases, err := eval.Parse("q.yaml", []byte(file), c)
	if err != nil {
		t.Fatal(err)
	}
	s := shown{c: c, answers: map[string][2][]string{
		"first":               {{"q-fraude-devoir"}, {"q-aesh-supports"}},
		"second card":         {{"q-aesh-supports", "q-fraude-devoir"}, nil},
		"among the related":   {nil, {"q-aesh-supports", "q-fraude-devoir"}},
		"missed":              {{"q-aesh-supports"}, nil},
		"silent":              {nil, {"q-aesh-supports"}}, // no card, but a question proche
		"not silent":          {{"q-aesh-supports"}, nil},
		"outside, not silent": {{"q-aesh-supports"}, nil},
	}}
	r, err := eval.Run(context.Background(), s, cases)
	if err != nil {
		t.Fatal(err)
	}
	// Outside the framework counts among the queries without answer, and
	// apart.
	if r.Answered != 4 || r.AnswerFirst != 0.25 || r.Offered != 0.75 || r.Unanswered != 5 || r.Silent != 0.6 || r.Quiet != 0.4 ||
		r.Outside != 3 || r.SilentOutside != 2.0/3 || r.QuietOutside != 2.0/3 || r.Shown != 5 || r.Precision != 0.2 {
		t.Errorf("answered %d, first %v, offered %v; unanswered %d, silent %v, quiet %v; outside %d, silent %v, quiet %v; shown %d, precision %v",
			r.Answered, r.AnswerFirst, r.Offered, r.Unanswered, r.Silent, r.Quiet, r.Outside, r.SilentOutside, r.QuietOutside, r.Shown, r.Precision)
	}
	one, err := eval.Run(context.Background(), s, cases[:1])
	if err != nil {
		t.Fatal(err)
	}
	// Precision: one card shown in five is the expected one, then two in six.
	if m := eval.Merge(r, one); m.Answered != 5 || m.Offered != 0.8 || m.AnswerFirst != 0.4 || m.Shown != 6 || m.Precision != 2.0/6 {
		t.Errorf("merged: answered %d, first %v, offered %v; shown %d, precision %v", m.Answered, m.AnswerFirst, m.Offered, m.Shown, m.Precision)
	}
	quiet, err := eval.Run(context.Background(), shown{c: c, answers: map[string][2][]string{}}, cases[4:])
	if err != nil {
		t.Fatal(err)
	}
	if m := eval.Merge(r, quiet); m.Unanswered != 10 || m.Quiet != 0.7 || m.Silent != 0.8 || m.Outside != 6 || m.SilentOutside != 5.0/6 || m.QuietOutside != 5.0/6 {
		t.Errorf("merged: unanswered %d, quiet %v, silent %v; outside %d, silent %v, quiet %v", m.Unanswered, m.Quiet, m.Silent, m.Outside, m.SilentOutside, m.QuietOutside)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{
		"questions proches: expected question shown or among them 0.750  none listed when no answer 0.400  outside the framework 0.667",
		"answer q-fraude-devoir; got aucune (questions proches: q-aesh-supports, q-fraude-devoir)",
		"no answer when none 0.600 (5 queries)  outside the framework 0.667 (3 queries)",
		"answer hors-cadre; got q-aesh-supports",
		"cards shown: 5, the expected question 0.200 of them",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}
