package export_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

func write(t *testing.T, out string) export.Stats {
	t.Helper()
	st, err := export.Write(testcorpus.Corpus(t), export.Config{Out: out, Static: static.FS})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestLinks: every href and src of every page points at a file of the
// export, and nothing is loaded from another host.
func TestLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	st := write(t, out)
	c := testcorpus.Corpus(t)
	if want := c.NumClauses(); st.Pages < want {
		t.Errorf("%d pages for %d clauses", st.Pages, want)
	}
	for _, p := range []string{"index.html", "recherche/index.html", "clauses/c-fraude/index.html", "roles/aesh/index.html", "a-propos/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// The copy's clause pages carry their evidence, the about page its levels.
	for p, want := range map[string]string{"clauses/c-fraude/index.html": `<p class="preuve preuve-`, "a-propos/index.html": `id="fiabilite"`} {
		if b, _ := os.ReadFile(filepath.Join(out, p)); !bytes.Contains(b, []byte(want)) {
			t.Errorf("%s lacks %s", p, want)
		}
	}
	checked := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := os.ReadFile(p)
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			for _, a := range n.Attr {
				if a.Key != "href" && a.Key != "src" && a.Key != "action" {
					continue
				}
				v := a.Val
				switch {
				case strings.HasPrefix(v, "http://"), strings.HasPrefix(v, "https://"):
					if a.Key != "href" {
						t.Errorf("%s loads %s from another host", p, v)
					}
				case strings.HasPrefix(v, "#"), strings.HasPrefix(v, "data:"):
				case strings.HasPrefix(v, "/"):
					t.Errorf("%s: absolute link %q breaks under a sub-path and from disk", p, v)
				default:
					target := v
					if i := strings.IndexAny(target, "?#"); i >= 0 {
						target = target[:i]
					}
					if _, err := os.Stat(filepath.Join(filepath.Dir(p), filepath.FromSlash(target))); err != nil {
						t.Errorf("%s: %s %q points at no file", p, a.Key, v)
					}
					checked++
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Errorf("only %d local links checked", checked)
	}
}

// TestDeterministic: the same content gives the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	write(t, a)
	write(t, b)
	n := 0
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two exports", rel)
		}
		n++
		return nil
	})
	if n == 0 {
		t.Fatal("nothing exported")
	}
}

// TestReplace: an export replaces an earlier export, never another folder.
func TestReplace(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	write(t, out)
	write(t, out)
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the export: %d entries", len(entries))
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("à garder"), 0o644)
	_, err := export.Write(testcorpus.Corpus(t), export.Config{Out: other, Static: static.FS})
	if err == nil || !strings.Contains(err.Error(), "not a Repères IA export") {
		t.Errorf("export over a folder of notes: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "à garder" {
		t.Error("the folder was touched")
	}
}

// TestReplaceWithoutWindow: while exports replace one another, a reader of
// the folder always finds a complete site, never none (Linux exchanges the
// two folders in one step).
func TestReplaceWithoutWindow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the exchange in one step is Linux's")
	}
	out := filepath.Join(t.TempDir(), "site")
	write(t, out)
	stop := make(chan struct{})
	missing := make(chan int, 1)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				missing <- n
				return
			default:
			}
			if _, err := os.Stat(filepath.Join(out, "recherche", "index.html")); err != nil {
				n++
			}
		}
	}()
	for range 5 {
		write(t, out)
	}
	close(stop)
	if n := <-missing; n > 0 {
		t.Errorf("the site was missing %d times while being replaced", n)
	}
}

// searchPayloadBudget is what the search page may load before its first
// results, gzipped as a web server sends it: the copy is often read from a
// slow share.
const searchPayloadBudget = 80_000

// TestSearchPayloadBudget: the bundled content's search page (page,
// stylesheet, scripts and search data) stays within its budget. A question
// pratique costs about 200 bytes of it (its question and phrasings; the
// answer's text loads only when a card shows).
func TestSearchPayloadBudget(t *testing.T) {
	c := testcorpus.Bundled(t)
	st, err := export.Write(c, export.Config{Out: filepath.Join(t.TempDir(), "site"), Static: static.FS})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("search page payload: %d bytes, %d gzipped", st.SearchPayload, st.SearchPayloadGzip)
	if st.SearchPayloadGzip > searchPayloadBudget {
		t.Errorf("the search page loads %d bytes gzipped before its first results, over the budget of %d", st.SearchPayloadGzip, searchPayloadBudget)
	}
}

// TestMergedQuestionPages: the copy keeps a page at the address of each
// question merged into another, which leads to the new one (a static host
// cannot redirect).
func TestMergedQuestionPages(t *testing.T) {
	c := testcorpus.Bundled(t)
	out := filepath.Join(t.TempDir(), "site")
	if _, err := export.Write(c, export.Config{Out: out, Static: static.FS}); err != nil {
		t.Fatal(err)
	}
	var merged int
	for _, q := range c.Questions {
		for _, old := range q.Replaces {
			merged++
			b, err := os.ReadFile(filepath.Join(out, "questions", old, "index.html"))
			if err != nil {
				t.Fatalf("no page for the merged question %s: %v", old, err)
			}
			to := "../" + q.ID + "/index.html"
			for _, want := range []string{`content="0; url=` + to + `"`, `<a href="` + to + `">`} {
				if !strings.Contains(string(b), want) {
					t.Errorf("questions/%s/index.html lacks %s", old, want)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "questions", q.ID, "index.html")); err != nil {
				t.Errorf("questions/%s/index.html leads to a page that is not there: %v", old, err)
			}
		}
	}
	if merged == 0 {
		t.Fatal("the bundled content merges no question: nothing was checked")
	}
}
