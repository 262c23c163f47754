package export_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// rankingCase is a query as the browser engine reads it from an address,
// and what the server's engine gave for it.
type rankingCase struct {
	Params  string   `json:"params"` // q=…&role=…
	Total   int      `json:"total"`
	Top     []string `json:"top"`
	Answers []string `json:"answers"`
}

// TestRankingParity runs every judged query of the bundled content (every
// queries*.yaml file, the questions pratiques' sets included) through the
// server's engine and through the browser's (static/js/moteur.js, under
// Node), and requires the same total, the same first ten clause ids in the
// same order and the same answers — identical, not close.
func TestRankingParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the parity test")
		}
		t.Skip("node not found")
	}
	cases, data := rankingCases(t)
	dir := t.TempDir()
	b, err := json.Marshal(struct {
		Data  *export.SearchData `json:"data"`
		Cases []rankingCase      `json:"cases"`
	}{data, cases})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "ranking.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	moteur, err := filepath.Abs("../../static/js/moteur.js")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := exec.Command(node, "testdata/ranking.js", moteur, file).CombinedOutput()
	t.Logf("node: %s", msg)
	if err != nil {
		t.Fatalf("the browser engine ranks differently from the server's: %v", err)
	}
}

// rankingCases searches every judged query with the server's engine.
func rankingCases(t *testing.T) ([]rankingCase, *export.SearchData) {
	t.Helper()
	c := testcorpus.Bundled(t)
	ix, err := index.New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	s := search.New(ix)
	r, err := render.New(static.FS, c, render.Config{Files: true})
	if err != nil {
		t.Fatal(err)
	}
	data, err := export.NewSearchData(c, r)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(content.FS, "queries*.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("judged query files: %v %v", files, err)
	}
	var out []rankingCase
	for _, name := range files {
		src, err := content.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		judged, err := eval.Parse(name, src, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range judged {
			q, err := c.Taxonomy.ParseQuery(cs.Query)
			if err != nil {
				t.Fatal(err)
			}
			q.Size = eval.Depth
			res, err := s.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			rc := rankingCase{Params: params(q), Total: res.Total, Top: []string{}, Answers: []string{}}
			for _, h := range res.Hits {
				rc.Top = append(rc.Top, h.Clause.ID)
			}
			for _, a := range res.Answers {
				rc.Answers = append(rc.Answers, a.Question.ID)
			}
			out = append(out, rc)
		}
	}
	return out, data
}

func params(q kb.Query) string {
	return render.QueryValues(q).Encode()
}
