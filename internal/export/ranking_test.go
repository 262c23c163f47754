package export_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/load"
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
	Related []string `json:"related"`
	// Tree is the query tree the server's engine ran (see search.Query).
	Tree *search.Query `json:"tree"`
}

// TestRankingParity runs every judged query of the bundled content (every
// queries*.yaml file, the questions pratiques' sets included) through the
// server's engine and through the browser's (static/js/moteur.js, under
// Node), and requires the same query tree (as JSON, weights compared in
// single precision as scores are), the same total, the same first ten
// clause ids in the same order and the same answers and questions
// proches — identical, not close.
func TestRankingParity(t *testing.T) {
	node := nodePath(t)
	cases, data := rankingCases(t)
	msg, err := checkParity(t, node, cases, data)
	t.Logf("node: %s", msg)
	if err != nil {
		t.Fatalf("the browser engine ranks differently from the server's: %v", err)
	}

	// The check itself: one query ranked differently, two questions proches
	// swapped, or one weight of one tree changed, on the server's side only,
	// must fail it.
	for _, m := range []struct {
		name   string
		mutate func(c *rankingCase) bool
		want   string
	}{
		{"two results swapped", func(c *rankingCase) bool {
			if len(c.Top) < 2 {
				return false
			}
			c.Top[0], c.Top[1] = c.Top[1], c.Top[0]
			return true
		}, "top-10 differs at rank 1"},
		{"two questions proches swapped", func(c *rankingCase) bool {
			if len(c.Related) < 2 {
				return false
			}
			c.Related[0], c.Related[1] = c.Related[1], c.Related[0]
			return true
		}, "questions proches go"},
		{"one weight changed by 1%", func(c *rankingCase) bool {
			leaf := c.Tree
			for leaf != nil && len(leaf.Must) > 0 {
				leaf = leaf.Must[0]
			}
			if leaf == nil || len(leaf.Children) == 0 || leaf.Children[0].Op != search.OpDis {
				return false
			}
			for _, n := range leaf.Children[0].Children {
				if n.Op == search.OpTerm {
					n.Boost *= 1.01
					return true
				}
			}
			return false
		}, ".boost: go"},
	} {
		var mutated []rankingCase // a deep copy
		if b, err := json.Marshal(cases); err != nil || json.Unmarshal(b, &mutated) != nil {
			t.Fatal(err)
		}
		var which string
		for i := range mutated {
			if m.mutate(&mutated[i]) {
				which = mutated[i].Params
				break
			}
		}
		if which == "" {
			t.Fatalf("%s: no case to mutate", m.name)
		}
		msg, err := checkParity(t, node, mutated, data)
		if err == nil || !strings.Contains(string(msg), which+": ") || !strings.Contains(string(msg), m.want) ||
			!strings.Contains(string(msg), ", 1 differences") {
			t.Errorf("%s in one case (%s): the check should fail on it alone, with %q; it said (%v):\n%s", m.name, which, m.want, err, msg)
		}
	}
}

func nodePath(t *testing.T) string {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the parity test")
		}
		t.Skip("node not found")
	}
	return node
}

// checkParity runs the browser's engine under Node on cases and returns
// what the check said, and an error if it found a difference.
func checkParity(t *testing.T, node string, cases []rankingCase, data *export.SearchData) ([]byte, error) {
	t.Helper()
	b, err := json.Marshal(struct {
		Data  *export.SearchData `json:"data"`
		Cases []rankingCase      `json:"cases"`
	}{data, cases})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ranking.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	moteur, err := filepath.Abs("../../static/js/moteur.js")
	if err != nil {
		t.Fatal(err)
	}
	return exec.Command(node, "testdata/ranking.js", moteur, file).CombinedOutput()
}

// probes are queries that take paths of the engine no judged query takes:
// a word of several notions typed with a typo.
var probes = []string{"les notess des eleves dans une ia", "mettre les notez de la classe dans chatgpt"}

// rankingCases searches every judged query, and the probes, with the
// server's engine.
func rankingCases(t *testing.T) ([]rankingCase, *export.SearchData) {
	t.Helper()
	c := testcorpus.Bundled(t)
	queries := testcorpus.JudgedQueries(t, c)
	for _, q := range probes {
		queries = append(queries, kb.QueryParams{Q: q})
	}
	return searchCases(t, c, queries)
}

// searchCases searches queries over corpus c with the server's engine, and
// returns them with the search data of c for the browser's.
func searchCases(t *testing.T, c *kb.Corpus, queries []kb.QueryParams) ([]rankingCase, *export.SearchData) {
	t.Helper()
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
	var out []rankingCase
	for _, p := range queries {
		q, err := c.Taxonomy.ParseQuery(p)
		if err != nil {
			t.Fatal(err)
		}
		q.Size = eval.Depth
		res, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := s.Explain(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		rc := rankingCase{Params: params(q), Total: res.Total, Top: []string{}, Answers: []string{}, Related: []string{}, Tree: tree}
		for _, h := range res.Hits {
			rc.Top = append(rc.Top, h.Clause.ID)
		}
		for _, a := range res.Answers {
			rc.Answers = append(rc.Answers, a.Question.ID)
		}
		for _, a := range res.Related {
			rc.Related = append(rc.Related, a.Question.ID)
		}
		out = append(out, rc)
	}
	return out, data
}

// TestRankingParityAddedFacet: a facet added to the taxonomy alone (see
// testcorpus.FacetFS) filters the same in the browser as on the server.
func TestRankingParityAddedFacet(t *testing.T) {
	node := nodePath(t)
	c, err := load.Load(testcorpus.FacetFS(t), load.Options{Root: "testcorpus", Analyze: index.Terms})
	if err != nil {
		t.Fatal(err)
	}
	niveau := func(q string, vals ...string) kb.QueryParams {
		return kb.QueryParams{Q: q, Filters: kb.Filters{testcorpus.FacetNiveau: vals}}
	}
	cases, data := searchCases(t, c, []kb.QueryParams{
		niveau("", "college"), niveau("", "primaire", "lycee"), niveau("donnees", "lycee"), niveau("ia", "premier-degre"),
		{Q: "donnees"},
	})
	if cases[0].Total != 1 || cases[1].Total != 2 {
		t.Fatalf("the server's engine does not filter by the added facet: %+v", cases[:2])
	}
	msg, err := checkParity(t, node, cases, data)
	t.Logf("node: %s", msg)
	if err != nil {
		t.Fatalf("the browser engine filters differently from the server's: %v", err)
	}
}

func params(q kb.Query) string {
	return render.QueryValues(q).Encode()
}
