package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestDeadLeavesMatchNothing: every term that a search leaves out of its
// bleve query, because the parser knows no clause has it in that field
// (see queryParser.live), has indeed no clause there — over every term of
// the trees of every judged query. Leaving out a term that some clause has
// would change the results; the test asks the index itself.
func TestDeadLeavesMatchNothing(t *testing.T) {
	s := searcherOf(t, testcorpus.Bundled(t))
	c := s.corpus
	ix := s.ix
	type leaf struct{ field, term string }
	checked := make(map[leaf]bool)
	var dead, live int
	for _, p := range testcorpus.JudgedQueries(t, c) {
		q, err := c.ParseQuery(p)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := s.Explain(context.Background(), q)
		if err != nil || tree == nil {
			continue
		}
		tree.walk(func(n *Query) {
			var terms []string
			switch n.Op {
			case OpTerm:
				terms = []string{n.Term}
			case OpPhrase:
				for _, slot := range n.Terms {
					terms = append(terms, slot...)
				}
			}
			for _, term := range terms {
				l := leaf{n.Field, term}
				if checked[l] {
					continue
				}
				checked[l] = true
				if s.parser.live(l.field, l.term) {
					live++
					continue
				}
				dead++
				tq := bleve.NewTermQuery(l.term)
				tq.SetField(l.field)
				res, err := ix.Search(context.Background(), bleve.NewSearchRequest(tq))
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != 0 {
					t.Errorf("%s:%s is left out of queries as absent, but %d clauses have it", l.field, l.term, res.Total)
				}
			}
		})
	}
	if dead == 0 || live == 0 {
		t.Fatalf("%d terms left out, %d kept: the test proves nothing", dead, live)
	}
	t.Logf("%d distinct terms of the judged queries' trees left out of bleve's queries, %d kept", dead, live)
}

// searcherOf indexes c in memory, closed when the test ends, and returns
// its searcher.
func searcherOf(t *testing.T, c *kb.Corpus) *Searcher {
	t.Helper()
	ix, err := index.New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return New(ix)
}
