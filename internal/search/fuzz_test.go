package search_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// FuzzSearch: any text either is refused as an invalid query or gives a
// bounded page of results with safe snippets; never an internal error.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"donnees eleves", "IA", "l'IA générative", "text:fraude^10", "*", "/.*/", `"unbalanced`,
		"jusqu'où", "rôle âge", "intelligence artificielle", "le la les", "<script>", "a b c d e f g h i j k l m n o p"} {
		f.Add(q)
	}
	s := search.New(testcorpus.Index(f))
	all := s.Corpus().NumClauses()
	f.Fuzz(func(t *testing.T, text string) {
		q, err := s.Corpus().Taxonomy.ParseQuery(kb.QueryParams{Q: text, Size: "50"})
		if err != nil {
			if !errors.Is(err, kb.ErrInvalidQuery) {
				t.Fatalf("ParseQuery(%q): %v", text, err)
			}
			return
		}
		res, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		if res.Total < len(res.Hits) || res.Total > all || len(res.Hits) > q.Size {
			t.Fatalf("Search(%q): total %d, %d hits", text, res.Total, len(res.Hits))
		}
		for _, h := range res.Hits {
			if strings.Contains(h.Snippet, "<script") || strings.Contains(strings.ReplaceAll(strings.ReplaceAll(h.Snippet, "<mark>", ""), "</mark>", ""), "<") {
				t.Fatalf("Search(%q): unsafe snippet %q", text, h.Snippet)
			}
		}
	})
}
