package index_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// BenchmarkBuild measures "reperes build" without the loading: the on-disk
// index of the bundled content and of a generated corpus of 10,000 clauses.
func BenchmarkBuild(b *testing.B) {
	for _, bc := range testcorpus.Benches(b) {
		b.Run(bc.Name, func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "index")
			for b.Loop() {
				if err := index.Build(dir, bc.Corpus); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bc.Corpus.NumClauses()), "clauses")
			b.ReportMetric(float64(dirSize(b, dir))/1e6, "MB-on-disk")
		})
	}
}

// BenchmarkLoad measures reading and validating the bundled content.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := load.Load(content.FS, load.Options{Analyze: index.Terms}); err != nil {
			b.Fatal(err)
		}
	}
}

func dirSize(b *testing.B, dir string) int64 {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	filepath.Walk(real, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
