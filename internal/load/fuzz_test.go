package load_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/load"
)

// FuzzDocument feeds arbitrary bytes to the document parser. Whatever the
// input, Load must not panic, must return a corpus or an error, and a
// corpus it returns must hold its promises: kebab-case ids, clauses with
// text, and no raw HTML from the content.
func FuzzDocument(f *testing.F) {
	_ = fs.WalkDir(content.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(name, ".md") {
			b, _ := fs.ReadFile(content.FS, name)
			f.Add(b)
		}
		return nil
	})
	f.Add([]byte("---\nid: a\n---\n## T {#x roles=\"tous\" page=3}\n\ntexte\n\n```clause\nsources: [S]\n```\n"))
	f.Add([]byte("---\n---\n# {#}\n## {page=\"\"}\n```clause\n```\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\nid: a\r\n---\r\n"))

	base := fsOf(taxonomy)
	f.Fuzz(func(t *testing.T, doc []byte) {
		fsys := fstest.MapFS{"doc.md": {Data: doc}}
		for name, file := range base {
			fsys[name] = file
		}
		// A watchdog: a slow input is a bug too, and the fuzzer has no
		// per-input deadline of its own.
		var c *kb.Corpus
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			c, err = load.Load(fsys, load.Options{})
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Load took more than 5s on a %d-byte document", len(doc))
		}
		if (c == nil) == (err == nil) {
			t.Fatalf("Load returned corpus %v and error %v", c != nil, err)
		}
		if err != nil {
			for _, e := range load.Errors(err) {
				if e.Path == "" || e.Msg == "" {
					t.Fatalf("error without a place or a message: %#v", e)
				}
			}
			return
		}
		for _, cl := range c.Clauses() {
			if !kb.IsKebab(cl.ID) || strings.TrimSpace(cl.Text) == "" || cl.Line < 1 {
				t.Fatalf("invalid clause accepted: %+v", cl)
			}
			if strings.Contains(cl.HTML, "<script") {
				t.Fatalf("raw HTML rendered: %s", cl.HTML)
			}
		}
	})
}
