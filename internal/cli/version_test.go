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
