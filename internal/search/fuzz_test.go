package search_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/index"
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
	fuzzSearch(f, search.New(testcorpus.Index(f)))
}

// FuzzSearchBundled runs the same checks on the bundled content, whose
// vocabulary has what the fixture's lacks: everyday words of several
// notions (« notes »), texting forms, questions pratiques and their
// questions proches.
func FuzzSearchBundled(f *testing.F) {
	for _, q := range []string{"notes", "les notess des eleves", "jsuis aesh jpeux", "notes notes notes", "pr cé tt",
		"puis-je mettre les notes de mes eleves dans chatgpt", "copier-coller", "4e 3e 6e", "PPS PAP MDPH"} {
		f.Add(q)
	}
	ix, err := index.New(testcorpus.Bundled(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	fuzzSearch(f, search.New(ix))
}

func fuzzSearch(f *testing.F, s *search.Searcher) {
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
		if len(res.Answers) > 2 || len(res.Related) > 3 {
			t.Fatalf("Search(%q): %d answers, %d questions proches", text, len(res.Answers), len(res.Related))
		}
		for _, r := range res.Related {
			for _, a := range res.Answers {
				if r.Question == a.Question {
					t.Fatalf("Search(%q): %s is both an answer and a question proche", text, r.Question.ID)
				}
			}
		}
		for _, h := range res.Hits {
			if strings.Contains(h.Snippet, "<script") || strings.Contains(strings.ReplaceAll(strings.ReplaceAll(h.Snippet, "<mark>", ""), "</mark>", ""), "<") {
				t.Fatalf("Search(%q): unsafe snippet %q", text, h.Snippet)
			}
		}
	})
}
