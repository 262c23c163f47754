package index_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/load"
	"github.com/reperes-ia/reperes/internal/synth"
)

func bundled(b *testing.B) *kb.Corpus {
	c, err := load.Load(content.FS, load.Options{Root: "content"})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkBuild measures "reperes build" without the loading: the on-disk
// index of the bundled content and of a generated corpus of 10,000 clauses.
func BenchmarkBuild(b *testing.B) {
	base := bundled(b)
	big, err := synth.Corpus(base, 10_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		c    *kb.Corpus
	}{{"bundled", base}, {"synthetic-10k", big}} {
		b.Run(bc.name, func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "index")
			for b.Loop() {
				if err := index.Build(dir, bc.c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bc.c.NumClauses()), "clauses")
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
