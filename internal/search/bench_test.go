package search_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// benchQueries mixes the kinds of request the site gets: words without
// accents, synonyms, typos, questions, filters alone, filters with words.
var benchQueries = []kb.QueryParams{
	{Q: "donnees eleves"},
	{Q: "IA générative", Filters: kb.Filters{kb.FacetRole: {"enseignant"}}},
	{Q: "gdpr"},
	{Q: "triche devoir"},
	{Q: "etablisement"},
	{Q: "est-ce que je peux utiliser chatgpt pour corriger des copies"},
	{Filters: kb.Filters{kb.FacetRole: {"aesh"}}},
	{Q: "rgpd", Filters: kb.Filters{kb.FacetRole: {"direction", "enseignant"}, kb.FacetTheme: {"rgpd"}}},
	{Q: "formation continue", Filters: kb.Filters{kb.FacetKind: {"syndical", "international"}}},
	{Filters: kb.Filters{kb.FacetTheme: {"fraude"}, kb.FacetNature: {"definition", "recommandation"}}, Page: "2"},
}

// BenchmarkSearch measures one search with facets (disjunctive counts
// included) and highlighting, on a read-only on-disk index as the server
// uses it, and reports the median and 99th percentile latency.
func BenchmarkSearch(b *testing.B) {
	for _, bc := range testcorpus.Benches(b) {
		b.Run(bc.Name, func(b *testing.B) {
			s := onDisk(b, bc.Corpus)
			queries := parseAll(b, bc.Corpus, benchQueries)
			ctx := context.Background()
			var took []time.Duration
			i := 0
			for b.Loop() {
				start := time.Now()
				if _, err := s.Search(ctx, queries[i%len(queries)]); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				i++
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkSearchJudged runs every judged query of every public set, on
// the bundled content, on disk as the server reads it: the distinct-query
// mix of the load test, without HTTP.
func BenchmarkSearchJudged(b *testing.B) {
	c := testcorpus.Bundled(b)
	s := onDisk(b, c)
	queries := parseAll(b, c, testcorpus.JudgedQueries(b, c))
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// onDisk builds c's index on disk and opens it read-only, as the server
// does, for a searcher.
func onDisk(b *testing.B, c *kb.Corpus) *search.Searcher {
	dir := filepath.Join(b.TempDir(), "index")
	if err := index.Build(dir, c); err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return search.New(ix)
}

func parseAll(b *testing.B, c *kb.Corpus, params []kb.QueryParams) []kb.Query {
	out := make([]kb.Query, len(params))
	for i, p := range params {
		q, err := c.ParseQuery(p)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = q
	}
	return out
}
