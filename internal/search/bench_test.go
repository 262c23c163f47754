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
			dir := filepath.Join(b.TempDir(), "index")
			if err := index.Build(dir, bc.Corpus); err != nil {
				b.Fatal(err)
			}
			ix, err := index.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			s := search.New(ix)
			queries := make([]kb.Query, len(benchQueries))
			for i, p := range benchQueries {
				if queries[i], err = bc.Corpus.Taxonomy.ParseQuery(p); err != nil {
					b.Fatal(err)
				}
			}
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
