package search_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// BenchmarkSearchJudged runs every judged query of every public set, on
// the bundled content, on disk as the server reads it: the distinct-query
// mix of the load test, without HTTP.
func BenchmarkSearchJudged(b *testing.B) {
	c := testcorpus.Bundled(b)
	dir := filepath.Join(b.TempDir(), "index")
	if err := index.Build(dir, c); err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	s := search.New(ix)
	files, _ := filepath.Glob("../../content/queries*.yaml")
	var queries []kb.Query
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		cases, err := eval.Parse(f, src, c)
		if err != nil {
			b.Fatal(err)
		}
		for _, cs := range cases {
			q, err := c.ParseQuery(cs.Query)
			if err != nil {
				b.Fatal(err)
			}
			queries = append(queries, q)
		}
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
