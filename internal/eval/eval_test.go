package eval_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/eval"
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
