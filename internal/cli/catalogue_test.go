package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/static"
)

// catalogue is what the bad inputs are thrown at: a content tree, an index
// built from it (which must survive every case), and a real server on
// loopback with a short header timeout (for the slow client).
type catalogue struct {
	content string // a good content tree
	index   string // built from content
	stamp   index.Stamp
	base    string // http://127.0.0.1:port
}

func newCatalogue(t *testing.T) *catalogue {
	t.Helper()
	c := &catalogue{content: fixtureDir(t), index: filepath.Join(t.TempDir(), "index")}
	if code, _, errOut := reperes(t, "build", "--content", c.content, "--index", c.index); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	var err error
	if c.stamp, err = index.ReadStamp(c.index); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(c.index)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(search.New(ix), server.Config{Addr: "127.0.0.1:0", Static: static.FS, ReadHeaderTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- srv.Serve(ctx, func(addr string) { ready <- addr }) }()
	select {
	case addr := <-ready:
		c.base = "http://" + addr
	case err := <-done:
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		ix.Close()
	})
	return c
}

// intact checks that nothing was lost: the index opens with the stamp it
// had and answers, and the server answers.
func (c *catalogue) intact(t *testing.T) {
	t.Helper()
	stamp, err := index.ReadStamp(c.index)
	if err != nil || stamp != c.stamp {
		t.Fatalf("the index changed: %+v, %v", stamp, err)
	}
	if code, out, errOut := reperes(t, "search", "--index", c.index, "donnees"); code != 0 || !strings.Contains(out, "c-donnees") {
		t.Fatalf("the index no longer answers: exit %d\n%s%s", code, out, errOut)
	}
	resp, err := http.Get(c.base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the server no longer answers: %v", err)
	}
	resp.Body.Close()
}

// outcome is an exit code (CLI) or an HTTP status, and what was said.
type outcome struct {
	code int
	text string
}

// run runs the command line in-process.
func run(t *testing.T, args ...string) outcome {
	code, out, errOut := reperes(t, args...)
	return outcome{code, out + errOut}
}

// brokenContent copies the good content tree and breaks it with edit.
func (c *catalogue) brokenContent(t *testing.T, edit func(dir string)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS(c.content)); err != nil {
		t.Fatal(err)
	}
	edit(dir)
	return dir
}

// build builds broken content over the catalogue's index: it must fail
// and leave the index as it was.
func (c *catalogue) build(t *testing.T, edit func(dir string)) outcome {
	return run(t, "build", "--content", c.brokenContent(t, edit), "--index", c.index)
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", path, old)
	}
	write(t, path, strings.Replace(string(b), old, new, 1))
}

// brokenIndex copies the catalogue's index and breaks the copy.
func (c *catalogue) brokenIndex(t *testing.T, edit func(dir string)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.CopyFS(dir, os.DirFS(c.index)); err != nil {
		t.Fatal(err)
	}
	edit(dir)
	return dir
}

// get sends a request to the server and returns its status and body.
func (c *catalogue) get(t *testing.T, method, path string, body io.Reader, header http.Header) outcome {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return outcome{resp.StatusCode, string(b)}
}

// raw sends bytes on a connection, as a client that does not follow the
// rules would, and returns the status line of the answer, or "closed".
func (c *catalogue) raw(t *testing.T, send string, pause time.Duration) outcome {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(c.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, send); err != nil {
		return outcome{0, "closed: " + err.Error()}
	}
	time.Sleep(pause)
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return outcome{0, "closed"}
	}
	var status int
	fmt.Sscanf(line, "HTTP/1.1 %d", &status)
	return outcome{status, line}
}

// TestBadInputCatalogue throws bad input at every door — the content, the
// index, the command line and HTTP — and checks each answer: a clear
// message (file:line for content), the right exit code or a 4xx status,
// never a crash, and nothing lost (the index and the server still answer).
func TestBadInputCatalogue(t *testing.T) {
	c := newCatalogue(t)
	long := strings.Repeat("a", 5<<20)
	cases := []struct {
		name string
		run  func(t *testing.T) outcome
		code int
		says []string // all of these, in the output or body
	}{
		// Content: the build fails, lists every problem as file:line, and
		// leaves the previous index as it was.
		{"content/broken UTF-8", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				replaceIn(t, filepath.Join(d, "cadre.md"), "Données des élèves", "Donn\xe9es des \xff\xfe")
			})
		}, 1, []string{"cadre.md:14", "UTF-8"}},
		{"content/a 5 MB file", func(t *testing.T) outcome {
			return c.build(t, func(d string) { write(t, filepath.Join(d, "gros.md"), long) })
		}, 1, []string{"gros.md", "too large"}},
		{"content/clause id with spaces", func(t *testing.T) outcome {
			return c.build(t, func(d string) { replaceIn(t, filepath.Join(d, "cadre.md"), "{#c-donnees ", "{#c donnees ") })
		}, 1, []string{"cadre.md:14"}},
		{"content/reference cycle", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				write(t, filepath.Join(d, "cycle.md"), "---\nid: cycle\ntitle: Cycle\nkind: syndical\npublisher: X\n---\n\n"+
					"## A {#cy-a}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  cy-b: soutient\n```\n\n"+
					"## B {#cy-b}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  cy-a: soutient\n```\n")
			})
		}, 1, []string{"cycle.md:", "cycle: cy-a → cy-b → cy-a"}},
		{"content/symlink loop", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				os.Symlink("boucle-b.md", filepath.Join(d, "boucle-a.md"))
				os.Symlink("boucle-a.md", filepath.Join(d, "boucle-b.md"))
				os.Symlink(".", filepath.Join(d, "moi-meme"))
			})
		}, 1, []string{"boucle-a.md: cannot read", "too many levels of symbolic links"}},
		{"content/no front matter", func(t *testing.T) outcome {
			return c.build(t, func(d string) { write(t, filepath.Join(d, "nu.md"), "## Titre {#nu-x}\n\nTexte.\n") })
		}, 1, []string{"nu.md:1", "front matter"}},
		{"content/front matter never closed", func(t *testing.T) outcome {
			return c.build(t, func(d string) { write(t, filepath.Join(d, "ouvert.md"), "---\nid: ouvert\ntitle: X\n") })
		}, 1, []string{"ouvert.md:1"}},
		{"content/unknown role", func(t *testing.T) outcome {
			return c.build(t, func(d string) { replaceIn(t, filepath.Join(d, "cadre.md"), "roles=enseignant", "roles=professeur") })
		}, 1, []string{"cadre.md:", `unknown role "professeur"`}},
		{"content/duplicate clause id", func(t *testing.T) outcome {
			return c.build(t, func(d string) { replaceIn(t, filepath.Join(d, "cadre.md"), "{#c-role ", "{#c-donnees ") })
		}, 1, []string{`duplicate clause id "c-donnees"`}},
		{"content/reference to nothing", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				write(t, filepath.Join(d, "ref.md"), "---\nid: ref\ntitle: Ref\nkind: syndical\npublisher: X\n---\n\n## A {#ref-a}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  absente: critique\n```\n")
			})
		}, 1, []string{"ref.md:15:3", `"absente", which does not exist`}},
		{"content/empty file", func(t *testing.T) outcome {
			return c.build(t, func(d string) { write(t, filepath.Join(d, "vide.md"), "") })
		}, 1, []string{"vide.md:1"}},
		{"content/taxonomy not YAML", func(t *testing.T) outcome {
			return c.build(t, func(d string) { write(t, filepath.Join(d, "taxonomy.yaml"), "roles: [enseignant\n  - : :\n") })
		}, 1, []string{"taxonomy.yaml"}},
		{"content/synonym of stop words only", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				b, _ := os.ReadFile(filepath.Join(d, "synonyms.yaml"))
				write(t, filepath.Join(d, "synonyms.yaml"), string(b)+"- [le la, fraude]\n")
			})
		}, 1, []string{"synonyms.yaml:"}},
		{"content/bad date and address", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				replaceIn(t, filepath.Join(d, "cadre.md"), "date: 2025-06-14", "date: 14 juin")
				replaceIn(t, filepath.Join(d, "cadre.md"), "url: https://example.org/cadre", "url: example.org cadre")
			})
		}, 1, []string{"cadre.md:6", "cadre.md:8"}},
		{"content/every problem at once", func(t *testing.T) outcome {
			return c.build(t, func(d string) {
				replaceIn(t, filepath.Join(d, "cadre.md"), "roles=enseignant", "roles=professeur")
				write(t, filepath.Join(d, "vide.md"), "")
				write(t, filepath.Join(d, "gros.md"), long)
			})
		}, 1, []string{"professeur", "vide.md", "gros.md", "3 problem"}},
		{"content/missing folder", func(t *testing.T) outcome {
			return run(t, "build", "--content", filepath.Join(t.TempDir(), "absent"), "--index", c.index)
		}, 2, []string{"absent"}},
		{"content/a file, not a folder", func(t *testing.T) outcome {
			f := filepath.Join(t.TempDir(), "fichier.md")
			write(t, f, "x")
			return run(t, "build", "--content", f, "--index", c.index)
		}, 2, []string{"fichier.md", "not a directory"}},
		{"content/BOM and CRLF are accepted", func(t *testing.T) outcome {
			dir := c.brokenContent(t, func(d string) {
				b, _ := os.ReadFile(filepath.Join(d, "cadre.md"))
				write(t, filepath.Join(d, "cadre.md"), "\ufeff"+strings.ReplaceAll(string(b), "\n", "\r\n"))
			})
			return run(t, "check", "--content", dir)
		}, 0, []string{"ok"}},

		// Index: an explicit --index that cannot be used is refused with
		// the reason; the server does not start on it. Only the default
		// index (var/index) falls back to the embedded content, with a
		// note: it is a cache, while --index is the operator's choice.
		{"index/missing", func(t *testing.T) outcome {
			return run(t, "search", "--index", filepath.Join(t.TempDir(), "absent"), "x")
		}, 1, []string{"no index"}},
		{"index/unreadable stamp", func(t *testing.T) outcome {
			// Tests run as root in CI, where permissions do not stop reads: a
			// stamp that is a folder cannot be read either.
			dir := c.brokenIndex(t, func(d string) { stampAt(t, d, func(p string) { os.Remove(p); os.Mkdir(p, 0o755) }) })
			return run(t, "search", "--index", dir, "x")
		}, 1, []string{"stamp"}},
		{"index/older schema", func(t *testing.T) outcome {
			dir := c.brokenIndex(t, func(d string) {
				stampAt(t, d, func(p string) {
					b, _ := os.ReadFile(p)
					write(t, p, strings.Replace(string(b), fmt.Sprintf(`"schema": %d`, index.SchemaVersion), `"schema": 1`, 1))
				})
			})
			return run(t, "search", "--index", dir, "x")
		}, 1, []string{"schema"}},
		{"index/truncated corpus", func(t *testing.T) outcome {
			dir := c.brokenIndex(t, func(d string) {
				corpusAt(t, d, func(p string) {
					b, _ := os.ReadFile(p)
					write(t, p, string(b[:len(b)/2]))
				})
			})
			return run(t, "search", "--index", dir, "x")
		}, 1, []string{"rebuild"}},
		{"index/garbled stamp", func(t *testing.T) outcome {
			dir := c.brokenIndex(t, func(d string) { stampAt(t, d, func(p string) { write(t, p, "{not json") }) })
			return run(t, "search", "--index", dir, "x")
		}, 1, []string{"stamp"}},
		{"index/a file, not a folder", func(t *testing.T) outcome {
			f := filepath.Join(t.TempDir(), "index")
			write(t, f, "x")
			return run(t, "search", "--index", f, "x")
		}, 1, []string{"index"}},
		{"index/serve refuses a broken index", func(t *testing.T) outcome {
			dir := c.brokenIndex(t, func(d string) { stampAt(t, d, func(p string) { write(t, p, "{not json") }) })
			return run(t, "serve", "--index", dir, "--addr", "127.0.0.1:0")
		}, 1, []string{"stamp"}},
		{"index/build over a folder that is not an index", func(t *testing.T) outcome {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "notes.txt"), "à garder")
			o := run(t, "build", "--content", c.content, "--index", dir)
			if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "à garder" {
				t.Error("the folder was touched")
			}
			return o
		}, 1, []string{"not a Repères IA index"}},
		{"index/stale default index falls back to the embedded content", func(t *testing.T) outcome {
			t.Chdir(t.TempDir())
			os.MkdirAll("var/index", 0o755)
			write(t, "var/index/stamp.json", "{not json")
			return run(t, "search", "--json", "rgpd")
		}, 0, []string{"note: ignoring var/index", `"total"`}},

		// Command line: usage errors exit 2 and say what is allowed.
		{"cli/unknown command", func(t *testing.T) outcome { return run(t, "chercher", "x") }, 2, []string{`unknown command "chercher"`}},
		{"cli/unknown flag", func(t *testing.T) outcome { return run(t, "search", "--taille", "3", "x") }, 2, []string{"--taille"}},
		{"cli/cite a dossier with an unknown clause", func(t *testing.T) outcome {
			return run(t, "cite", "--content", c.content, "c-fraude", "c-absente", "c-inconnue")
		}, 1, []string{"c-absente, c-inconnue"}},
		{"cli/cite a dossier of 51 clauses", func(t *testing.T) outcome {
			args := []string{"cite", "--content", c.content}
			for i := 0; i < 51; i++ {
				args = append(args, fmt.Sprintf("c-%d", i))
			}
			return run(t, args...)
		}, 2, []string{"50"}},
		{"cli/serve with a script as accessibility contact", func(t *testing.T) outcome {
			return run(t, "serve", "--content", c.content, "--contact", "javascript:alert(1)")
		}, 2, []string{"--contact", "e-mail"}},
		{"cli/export with a contact that is neither mail nor web", func(t *testing.T) outcome {
			return run(t, "export", "--content", c.content, "--out", filepath.Join(t.TempDir(), "site"), "--contact", "accessibilite at exemple.fr")
		}, 2, []string{"--contact"}},
		{"cli/health on a port where nothing listens", func(t *testing.T) outcome {
			return run(t, "health", "--url", "http://127.0.0.1:1/healthz", "--timeout", "1s")
		}, 1, []string{"127.0.0.1:1"}},
		{"cli/version of a missing index", func(t *testing.T) outcome {
			return run(t, "version", "--index", filepath.Join(t.TempDir(), "absent"))
		}, 1, []string{"absent"}},
		{"cli/unknown role lists the roles", func(t *testing.T) outcome {
			return run(t, "search", "--content", c.content, "--role", "inspecteur", "x")
		}, 2, []string{"inspecteur", "enseignant"}},
		{"cli/size 0", func(t *testing.T) outcome { return run(t, "search", "--content", c.content, "--size", "0", "x") }, 2, []string{"size"}},
		{"cli/query of 10,000 characters", func(t *testing.T) outcome {
			return run(t, "search", "--content", c.content, strings.Repeat("é", 10000))
		}, 2, []string{"trop longue"}},
		{"cli/query not UTF-8", func(t *testing.T) outcome { return run(t, "search", "--content", c.content, "donn\xe9es") }, 2, []string{"UTF-8"}},
		{"cli/show an unknown clause", func(t *testing.T) outcome { return run(t, "show", "--content", c.content, "c-absente") }, 1, []string{"c-absente"}},
		{"cli/cite in an unknown format", func(t *testing.T) outcome {
			return run(t, "cite", "--content", c.content, "--format", "pdf", "c-donnees")
		}, 2, []string{"pdf"}},
		{"cli/export over a folder that is not an export", func(t *testing.T) outcome {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "notes.txt"), "à garder")
			o := run(t, "export", "--content", c.content, "--out", dir)
			if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "à garder" {
				t.Error("the folder was touched")
			}
			return o
		}, 1, []string{"not a Repères IA export"}},
		{"cli/export without --out", func(t *testing.T) outcome { return run(t, "export", "--content", c.content) }, 2, []string{"--out"}},
		{"cli/eval without a file", func(t *testing.T) outcome { return run(t, "eval", "--content", c.content) }, 2, []string{"requires at least 1 arg"}},
		{"cli/eval of a missing file", func(t *testing.T) outcome {
			return run(t, "eval", "--content", c.content, filepath.Join(t.TempDir(), "absent.yaml"))
		}, 2, []string{"absent.yaml"}},
		{"cli/serve on a bad address", func(t *testing.T) outcome {
			return run(t, "serve", "--content", c.content, "--addr", "127.0.0.1:99999")
		}, 1, []string{"99999"}},
		{"cli/serve with a base path without slash", func(t *testing.T) outcome {
			return run(t, "serve", "--content", c.content, "--base-path", "intranet", "--addr", "127.0.0.1:0")
		}, 1, []string{"must start with /"}},

		// HTTP: a 4xx with a message, never a 500, and the server goes on.
		{"http/dossier of 51 clauses", func(t *testing.T) outcome {
			ids := make([]string, 51)
			for i := range ids {
				ids[i] = fmt.Sprintf("c-%d", i)
			}
			return c.get(t, "GET", "/dossier?ids="+strings.Join(ids, ","), nil, nil)
		}, 400, []string{"au plus 50 clauses"}},
		{"http/dossier file of 51 clauses", func(t *testing.T) outcome {
			// Duplicates do not count: 10 times the same and 51 others.
			ids := strings.Repeat("c-donnees,", 10)
			for i := 0; i < 51; i++ {
				ids += fmt.Sprintf("x%d,", i)
			}
			return c.get(t, "GET", "/dossier.md?ids="+ids, nil, nil)
		}, 400, []string{"au plus 50 clauses"}},
		{"http/dossier with unknown ids and duplicates", func(t *testing.T) outcome {
			return c.get(t, "GET", "/dossier?ids=c-fraude,inconnue,c-fraude,,%3Cscript%3E", nil, nil)
		}, 200, []string{"2 identifiants ne correspondent", "<code>inconnue</code>", "<code>&lt;script&gt;</code>", `data-clause="c-fraude"`}},
		{"http/dossier address of 5,000 bytes", func(t *testing.T) outcome {
			return c.get(t, "GET", "/dossier?ids="+strings.Repeat("a", 5000), nil, nil)
		}, 400, []string{"trop longue"}},
		{"http/body on a GET is ignored", func(t *testing.T) outcome {
			return c.get(t, "GET", "/api/search?q=donnees", strings.NewReader(strings.Repeat("x", 1<<20)), nil)
		}, 200, []string{`"c-donnees"`}},
		{"http/huge headers", func(t *testing.T) outcome {
			return c.get(t, "GET", "/healthz", nil, http.Header{"X-Gros": {strings.Repeat("a", 64<<10)}})
		}, 431, nil},
		{"http/slow client is cut off", func(t *testing.T) outcome {
			return c.raw(t, "GET /healthz HTTP/1.1\r\nHost: x\r\n", time.Second)
		}, 0, []string{"closed"}},
		{"http/garbage instead of HTTP", func(t *testing.T) outcome {
			return c.raw(t, "\x16\x03\x01 pas du HTTP\r\n\r\n", 0)
		}, 400, nil},
		{"http/10,000 filters", func(t *testing.T) outcome {
			return c.get(t, "GET", "/api/search?q=x"+strings.Repeat("&role=aesh", 10000), nil, nil)
		}, 431, nil},
		{"http/50 filters", func(t *testing.T) outcome {
			return c.get(t, "GET", "/api/search?q=x"+strings.Repeat("&role=aesh", 50), nil, nil)
		}, 400, []string{"trop de filtres"}},
		{"http/query too long", func(t *testing.T) outcome {
			return c.get(t, "GET", "/api/search?q="+strings.Repeat("a", 300), nil, nil)
		}, 400, []string{"trop longue"}},
		{"http/query not UTF-8", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=%ff%fe", nil, nil) }, 400, []string{"UTF-8"}},
		{"http/control character", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=a%00b", nil, nil) }, 400, []string{"contrôle"}},
		{"http/bad percent-encoding", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=%zz", nil, nil) }, 400, []string{"error"}},
		{"http/unknown filter value", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?role=inspecteur", nil, nil) }, 400, []string{"inspecteur"}},
		{"http/size=0", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=x&size=0", nil, nil) }, 400, []string{"size"}},
		{"http/size=1000", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=x&size=1000", nil, nil) }, 400, []string{"size"}},
		{"http/page=-1", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=x&page=-1", nil, nil) }, 400, []string{"page"}},
		{"http/page=abc", func(t *testing.T) outcome { return c.get(t, "GET", "/recherche?q=x&page=abc", nil, nil) }, 400, []string{"page"}},
		{"http/page too deep", func(t *testing.T) outcome { return c.get(t, "GET", "/api/search?q=x&page=500&size=50", nil, nil) }, 400, []string{"page"}},
		{"http/path traversal", func(t *testing.T) outcome {
			return c.get(t, "GET", "/clauses/..%2f..%2f..%2fetc%2fpasswd", nil, nil)
		}, 404, []string{"lang=\"fr\""}},
		{"http/XSS in the query is escaped", func(t *testing.T) outcome {
			o := c.get(t, "GET", "/recherche?q="+url.QueryEscape(`<script>alert(1)</script>`), nil, nil)
			if strings.Contains(o.text, "<script>alert") {
				t.Error("the query is reflected unescaped")
			}
			return o
		}, 200, []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}},
		{"http/POST to the API", func(t *testing.T) outcome {
			return c.get(t, "POST", "/api/search?q=x", strings.NewReader("q=x"), nil)
		}, 404, nil},
		{"http/unknown clause in the API", func(t *testing.T) outcome { return c.get(t, "GET", "/api/clauses/absente", nil, nil) }, 404, []string{`"error"`}},
		{"http/unknown page", func(t *testing.T) outcome { return c.get(t, "GET", "/wp-admin.php", nil, nil) }, 404, []string{"introuvable"}},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.run(t)
			if got.code != tc.code {
				t.Errorf("code %d, want %d\n%.600s", got.code, tc.code, got.text)
			}
			if got.code >= 500 || strings.Contains(got.text, "panic") || strings.Contains(got.text, "goroutine ") {
				t.Errorf("a crash:\n%.2000s", got.text)
			}
			for _, s := range tc.says {
				if !strings.Contains(got.text, s) {
					t.Errorf("does not say %q:\n%.600s", s, got.text)
				}
			}
			c.intact(t)
		})
	}
}

// stampAt and corpusAt edit the files of an index directory's current
// generation.
func stampAt(t *testing.T, dir string, edit func(path string)) {
	editIndexFile(t, dir, "stamp.json", edit)
}

func corpusAt(t *testing.T, dir string, edit func(path string)) {
	editIndexFile(t, dir, "corpus.json", edit)
}

func editIndexFile(t *testing.T, dir, name string, edit func(path string)) {
	t.Helper()
	var found string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == name {
			found = p
		}
		return err
	})
	if found == "" {
		t.Fatalf("no %s in %s", name, dir)
	}
	edit(found)
}
