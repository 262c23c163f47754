package synth_test

import (
	"testing"

	"github.com/reperes-ia/reperes/internal/synth"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

func TestCorpus(t *testing.T) {
	base := testcorpus.Corpus(t)
	a, err := synth.Corpus(base, 120, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Corpus(base, 120, 7)
	if a.NumClauses() != 120 || len(a.Documents) != 3 {
		t.Fatalf("%d clauses in %d documents", a.NumClauses(), len(a.Documents))
	}
	if a.Clauses()[119].Text != b.Clauses()[119].Text {
		t.Error("same seed, different corpus")
	}
	if c, _ := synth.Corpus(base, 120, 8); c.Clauses()[0].Text == a.Clauses()[0].Text {
		t.Error("different seeds, same text")
	}
}
