package search

import (
	"context"
	"slices"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestContextOfALargeCorpus: words in the context of too many clauses are
// not looked for there, unless nothing is found without them. The fixture
// corpus is made to behave as a large one by lowering the thresholds.
func TestContextOfALargeCorpus(t *testing.T) {
	s := New(testcorpus.Index(t))
	search := func(text string) *kb.Results {
		t.Helper()
		res, err := s.Search(context.Background(), kb.Query{Text: text, Page: 1, Size: kb.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ids := func(res *kb.Results) []string {
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Clause.ID)
		}
		slices.Sort(out)
		return out
	}
	// « principes » is only a section heading (and a nature): found through
	// the context field alone.
	small := search("principes")
	if small.Total == 0 {
		t.Fatal("the heading « Principes » finds nothing")
	}
	if p := s.parser.parseText("principes", false); p.skipped {
		t.Fatal("a small corpus skips the context")
	}

	s.parser.contextMinDocs, s.parser.contextShare = 0, 0
	if p := s.parser.parseText("principes", false); !p.skipped {
		t.Fatal("a word in every context is still looked for there")
	}
	// Nothing without the context: the fallback finds the same clauses.
	if large := search("principes"); !slices.Equal(ids(large), ids(small)) {
		t.Errorf("with the fallback: %v, want %v", ids(large), ids(small))
	}
	// « devoirs » is in the text of 2 clauses, in the questions pratiques
	// of a third (s-critique-fraude, cited by q-fraude-devoir), and 11
	// clauses have it in one of these or in a heading: with the context
	// skipped, those found only through the heading go.
	skipped := search("devoirs")
	s.parser.contextMinDocs, s.parser.contextShare = contextMinDocs, contextShare
	full := search("devoirs")
	if skipped.Total != 3 || full.Total != 11 {
		t.Errorf("« devoirs »: %d clauses with the context skipped, %d with it; want 3 and 11", skipped.Total, full.Total)
	}
	for _, id := range ids(skipped) {
		if !slices.Contains(ids(full), id) {
			t.Errorf("%s found only with the context skipped", id)
		}
	}
}
