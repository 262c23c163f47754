package index_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/synth"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestKilledBuildKeepsIndex kills the real reperes binary with SIGKILL at
// random moments of "reperes build", again and again: the index in place
// before always opens and answers, and a finished build replaces it.
func TestKilledBuildKeepsIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "reperes")
	build := exec.Command("go", "build", "-o", bin, "github.com/reperes-ia/reperes/cmd/reperes")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A content tree large enough for a build to take a while: kills then
	// land in the middle of indexing, writing and swapping.
	content := filepath.Join(dir, "content")
	testcorpus.WriteDir(t, content)
	big, err := synth.Corpus(testcorpus.Corpus(t), 3000, 7)
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "var", "index")
	if err := index.Build(idx, big); err != nil {
		t.Fatal(err)
	}
	want := big.NumClauses()

	// Time a complete build, so that kills are spread over all its phases:
	// loading, indexing, writing the corpus and stamp, swapping the link.
	start := time.Now()
	if out, err := exec.Command(bin, "build", "--content", content, "--index", idx).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	full := time.Since(start)
	if ix, err := index.Open(idx); err == nil {
		want = ix.Corpus().NumClauses()
		ix.Close()
	}

	r := rand.New(rand.NewPCG(1, 2))
	finished := 0
	for i := range 20 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, bin, "build", "--content", content, "--index", idx)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(r.Int64N(int64(full)))
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL) // may have exited already
		err := cmd.Wait()
		cancel()

		ix, oerr := index.Open(idx)
		if oerr != nil {
			t.Fatalf("kill %d after %v: the index no longer opens: %v", i, delay, oerr)
		}
		n := ix.Corpus().NumClauses()
		ix.Close()
		// Either the old index (killed in time) or the new one (the build
		// finished first): never anything else.
		if err != nil && n != want {
			t.Fatalf("kill %d after %v: killed build, but the index has %d clauses, want the previous %d", i, delay, n, want)
		}
		if err == nil {
			finished++
			want = n // the build won the race: this is the index now
		}
	}
	// Leftovers of killed builds are cleaned by the next complete build.
	if out, err := exec.Command(bin, "build", "--content", content, "--index", idx).CombinedOutput(); err != nil {
		t.Fatalf("final build: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(filepath.Dir(idx))
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("after a complete build the folder holds %q, want the link and one generation", names)
	}
	t.Logf("a build takes %v; of 20 builds, %d were killed before finishing and %d finished; the index always opened", full, 20-finished, finished)
}
