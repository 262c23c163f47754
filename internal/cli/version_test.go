package cli_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestVersion: the four facts an administrator needs, in text and JSON; with
// --index, the stamp of that index too.
func TestVersion(t *testing.T) {
	digest, err := load.Digest(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := reperes(t, "version")
	if code != 0 {
		t.Fatalf("version: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"module    github.com/reperes-ia/reperes", "revision  ", "contenu   " + digest, "schéma    " + itoa(index.SchemaVersion)} {
		if !strings.Contains(out, want) {
			t.Errorf("version output lacks %q:\n%s", want, out)
		}
	}

	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errOut := reperes(t, "build", "--content", fixtureDir(t), "--index", dir); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	code, out, errOut = reperes(t, "version", "--json", "--index", dir)
	if code != 0 {
		t.Fatalf("version --json --index: exit %d: %s", code, errOut)
	}
	var v struct {
		Module, Revision, Content string
		Schema                    int
		Index                     *index.Stamp
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if v.Module == "" || v.Revision == "" || v.Content != digest || v.Schema != index.SchemaVersion {
		t.Errorf("version --json = %+v", v)
	}
	if v.Index == nil || v.Index.Schema != index.SchemaVersion || v.Index.Clauses == 0 || v.Index.Digest == digest {
		t.Errorf("the fixture index's stamp = %+v (the fixture's digest differs from the embedded content's)", v.Index)
	}
	if code, _, errOut := reperes(t, "version", "--index", filepath.Join(t.TempDir(), "none")); code == 0 || !strings.Contains(errOut, "none") {
		t.Errorf("version on a missing index: exit %d, %q", code, errOut)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestHealth: the container's health check, against a real server on
// loopback, then against one that fails and one that is gone.
func TestHealth(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"status":"ok"}`))
	}))
	defer ok.Close()
	if code, out, errOut := reperes(t, "health", "--url", ok.URL+"/healthz"); code != 0 || !strings.Contains(out, "200") {
		t.Errorf("health on a server that answers: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := reperes(t, "health", "--url", ok.URL+"/ailleurs"); code != 1 || !strings.Contains(errOut, "404") {
		t.Errorf("health on a 404: exit %d, %q", code, errOut)
	}
	gone := ok.URL
	ok.Close()
	if code, _, errOut := reperes(t, "health", "--url", gone+"/healthz", "--timeout", "1s"); code != 1 || errOut == "" {
		t.Errorf("health on a stopped server: exit %d, %q", code, errOut)
	}
	if code, _, _ := reperes(t, "health", "--url", "://"); code != 2 {
		t.Errorf("health with a malformed URL: exit %d, want 2", code)
	}
}

// TestCiteDossier: several ids make one dossier, in their order, as the
// dossier page copies it; one id alone keeps the single citation.
func TestCiteDossier(t *testing.T) {
	dir := fixtureDir(t)
	c := testcorpus.Corpus(t)
	for _, format := range []string{"markdown", "text"} {
		code, out, errOut := reperes(t, "cite", "--content", dir, "--format", format, "--comments", "c-fraude", "c-donnees", "c-fraude")
		if code != 0 {
			t.Fatalf("cite %s: exit %d: %s", format, code, errOut)
		}
		d := c.Dossier([]string{"c-fraude", "c-donnees"}, "")
		want := d.Text(c.Taxonomy, true)
		if format == "markdown" {
			want = d.Markdown(c.Taxonomy, true)
		}
		if out != want {
			t.Errorf("cite --format %s of two clauses:\n%s\nwant the dossier:\n%s", format, out, want)
		}
		if !strings.Contains(out, "Ce qu'en disent") {
			t.Errorf("cite --comments %s: no comments on c-fraude, which s-critique-fraude criticises", format)
		}
	}
	_, single, _ := reperes(t, "cite", "--content", dir, "c-fraude")
	cl, _ := c.Clause("c-fraude")
	if single != c.Cite(cl, "").Text+"\n" {
		t.Errorf("cite of one clause changed:\n%s", single)
	}
}
