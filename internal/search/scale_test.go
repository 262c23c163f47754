package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/synth"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestScale measures generated corpora of the sizes in REPERES_SCALE
// ("1000 10000 100000", as make scale sets it): build time, index size,
// peak memory of the build and of a searcher, open time and query latency.
// Each build and each searcher runs in a child process of its own, so that
// its peak memory (getrusage's maxrss) is its own. Skipped without
// REPERES_SCALE: it takes minutes.
func TestScale(t *testing.T) {
	sizes := strings.Fields(os.Getenv("REPERES_SCALE"))
	if len(sizes) == 0 {
		t.Skip("set REPERES_SCALE to the corpus sizes to measure (make scale)")
	}
	var rows []string
	for _, s := range sizes {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("REPERES_SCALE: %q is not a size", s)
		}
		dir := filepath.Join(t.TempDir(), "index")
		var b buildFigures
		buildRSS := child(t, &b, "build", s, dir)
		var q queryFigures
		queryRSS := child(t, &q, "query", s, dir)
		rows = append(rows, fmt.Sprintf("| %s | %.1f s | %.1f s | %.0f MB | %.0f MB | %.1f s | %.0f MB | %.1f ms | %.1f ms |",
			thousands(n), b.Generate.Seconds(), b.Build.Seconds(), float64(dirSize(t, dir))/1e6, float64(buildRSS)/1e6,
			q.Open.Seconds(), float64(queryRSS)/1e6, ms(q.P50), ms(q.P99)))
		os.RemoveAll(filepath.Dir(dir))
	}
	fmt.Println("| clauses | generate | build | index on disk | build RSS | open | searcher RSS | query p50 | query p99 |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Println(r)
	}
}

type buildFigures struct{ Generate, Build time.Duration }

type queryFigures struct {
	Open     time.Duration
	P50, P99 time.Duration
	Queries  int
}

// child runs one step in a new process of this test binary and returns
// its peak resident memory, in bytes; the step prints its figures as JSON.
func child(t *testing.T, into any, step, n, dir string) int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestScaleStep$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REPERES_SCALE_STEP="+step+" "+n+" "+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", step, n, err, out)
	}
	line := ""
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "{") {
			line = l
		}
	}
	if err := json.Unmarshal([]byte(line), into); err != nil {
		t.Fatalf("%s %s: %v\n%s", step, n, err, out)
	}
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // KB on Linux
}

// TestScaleStep is a step of TestScale, in its child process.
func TestScaleStep(t *testing.T) {
	args := strings.Fields(os.Getenv("REPERES_SCALE_STEP"))
	if len(args) != 3 {
		t.Skip("run by TestScale")
	}
	n, _ := strconv.Atoi(args[1])
	dir := args[2]
	var figures any
	switch args[0] {
	case "build":
		start := time.Now()
		c, err := synth.Corpus(testcorpus.Bundled(t), n, 1)
		if err != nil {
			t.Fatal(err)
		}
		gen := time.Since(start)
		start = time.Now()
		if err := index.Build(dir, c); err != nil {
			t.Fatal(err)
		}
		figures = buildFigures{Generate: gen, Build: time.Since(start)}
	case "query":
		start := time.Now()
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		s := search.New(ix)
		f := queryFigures{Open: time.Since(start)}
		queries := make([]kb.Query, len(benchQueries))
		for i, p := range benchQueries {
			if queries[i], err = ix.Corpus().Taxonomy.ParseQuery(p); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		var took []time.Duration
		// At least 20 rounds of the mix, and 5 s.
		for round := 0; round < 20 || time.Since(start) < 5*time.Second+f.Open; round++ {
			for _, q := range queries {
				t0 := time.Now()
				if _, err := s.Search(ctx, q); err != nil {
					t.Fatal(err)
				}
				if round > 0 { // the first round warms up
					took = append(took, time.Since(t0))
				}
			}
		}
		slices.Sort(took)
		f.P50, f.P99, f.Queries = took[len(took)/2], took[len(took)*99/100], len(took)
		figures = f
	default:
		t.Fatalf("unknown step %q", args[0])
	}
	b, _ := json.Marshal(figures)
	fmt.Printf("%s\n", b)
}

func dirSize(t *testing.T, dir string) int64 {
	var n int64
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(real, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return err
	})
	return n
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
