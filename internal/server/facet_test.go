package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestAddedFacet adds a facet to the fixture's taxonomy (and values to two
// clauses), and nothing else: the filter, its counts, its aliases, its
// error message, the search page's legend and the content check all
// follow.
func TestAddedFacet(t *testing.T) {
	c, err := load.Load(testcorpus.FacetFS(t), load.Options{Root: "testcorpus", Analyze: index.Terms})
	if err != nil {
		t.Fatal(err)
	}
	ts := corpusServer(t, c)

	type value struct {
		Value    string `json:"value"`
		Count    int    `json:"count"`
		Selected bool   `json:"selected"`
	}
	search := func(params string) (total int, ids []string, niveau []value) {
		t.Helper()
		r := get(t, ts, "/api/search?"+params)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", params, r.status, r.body)
		}
		var body struct {
			Total int `json:"total"`
			Hits  []struct {
				ID string `json:"id"`
			} `json:"hits"`
			Facets map[string][]value `json:"facets"`
		}
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		for _, h := range body.Hits {
			ids = append(ids, h.ID)
		}
		return body.Total, ids, body.Facets[testcorpus.FacetNiveau]
	}

	for _, params := range []string{"niveau=college", "niveau=Coll%C3%A8ge", "niveau=lycee&q=donnees"} {
		total, ids, niveau := search(params)
		if total != 1 || len(ids) != 1 || ids[0] != "c-donnees" {
			t.Errorf("%s: %d results %v, want c-donnees alone", params, total, ids)
		}
		if niveau == nil {
			t.Fatalf("%s: no facet niveau in the results", params)
		}
	}
	total, ids, _ := search("niveau=primaire&niveau=college")
	if total != 2 || !strings.Contains(strings.Join(ids, " "), "c-donnees") || !strings.Contains(strings.Join(ids, " "), "c-role") {
		t.Errorf("two values of the facet (OR, the alias primaire): %d %v", total, ids)
	}
	// Browsing: every value counted, none selected.
	_, _, niveau := search("")
	got := map[string]int{}
	for _, v := range niveau {
		got[v.Value] = v.Count
	}
	if got["premier-degre"] != 1 || got["college"] != 1 || got["lycee"] != 1 {
		t.Errorf("facet counts when browsing: %v", got)
	}

	if r := get(t, ts, "/api/search?niveau=maternelle"); r.status != 400 || !strings.Contains(string(r.body), `niveau inconnu \"maternelle\"`) {
		t.Errorf("an unknown value: %d %s", r.status, r.body)
	}
	if r := get(t, ts, "/recherche?niveau=college"); r.status != 200 || !strings.Contains(string(r.body), "Niveau scolaire") ||
		!strings.Contains(string(r.body), `name="niveau"`) ||
		!strings.Contains(string(r.body), "Filtrer par rôle, thème, type de document, nature ou niveau") {
		t.Errorf("the search page does not show the facet: %d", r.status)
	}

	// The API's description has the facet's parameter and counts, and the
	// server's answers still match it; it is otherwise the one written.
	described := get(t, ts, "/api/openapi.json").body
	var doc openAPI
	var params struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, Description string } `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(described, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(described, &params); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range params.Paths["/api/search"]["get"].Parameters {
		names = append(names, p.Name)
	}
	if strings.Join(names, " ") != "q role theme kind nature niveau document page size" {
		t.Errorf("/api/search's parameters: %v", names)
	}
	for _, q := range []string{"niveau=college", "q=donnees", ""} {
		var v any
		json.Unmarshal(get(t, ts, "/api/search?"+q).body, &v)
		schema := doc.Paths["/api/search"]["get"].Responses["200"].Content["application/json"].Schema
		if errs := doc.validate(schema, v, "body"); len(errs) > 0 {
			t.Errorf("?%s does not match the description:\n%s", q, strings.Join(errs, "\n"))
		}
	}
	if !strings.Contains(string(described), `"Search clauses, with disjunctive facet counts"`) {
		t.Error("the description lost what was written")
	}

	// The content check knows the facet's values, where they are written.
	bad := testcorpus.FacetFS(t)
	md := string(bad["cadre.md"].Data)
	bad["cadre.md"] = &fstest.MapFile{Data: []byte(strings.Replace(md, "niveau=premier-degre", "niveau=maternelle", 1))}
	line := strings.Count(md[:strings.Index(md, "niveau=premier-degre")], "\n") + 1
	_, err = load.Load(bad, load.Options{Root: "testcorpus", Analyze: index.Terms})
	if err == nil || !strings.Contains(err.Error(), "testcorpus/cadre.md:") || !strings.Contains(err.Error(), "maternelle") {
		t.Fatalf("an unknown value in a clause: %v", err)
	}
	if want := "cadre.md:" + itoa(line) + ":"; !strings.Contains(err.Error(), want) {
		t.Errorf("the error is not on the clause's line (%s): %v", want, err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
