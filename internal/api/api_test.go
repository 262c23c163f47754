package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/api"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// decode writes a body as the API does and decodes it generically, so the
// test sees exactly what a client sees.
func decode(t *testing.T, body any) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := api.Write(&buf, body); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func keys(v any) string {
	m, _ := v.(map[string]any)
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

// TestSearchBodyContract: the fields of GET /api/search are exactly those of
// the brief.
func TestSearchBodyContract(t *testing.T) {
	ix := testcorpus.Index(t)
	s := search.New(ix)
	q, _ := ix.Corpus().Taxonomy.ParseQuery(kb.QueryParams{Q: "script", Filters: kb.Filters{kb.FacetTheme: {"ethique"}}})
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, api.NewSearchBody(ix.Corpus(), res))
	if got := keys(m); got != "answers facets hits page query size total" {
		t.Errorf("body keys = %q", got)
	}
	if m["query"] != "script" || m["page"] != 1.0 || m["size"] != 10.0 || m["total"] != 1.0 {
		t.Errorf("body = %v", m)
	}
	hit := m["hits"].([]any)[0]
	if got := keys(hit); got != "document id nature roles score section snippet text themes title url" {
		t.Errorf("hit keys = %q", got)
	}
	h := hit.(map[string]any)
	if keys(h["document"]) != "id kind title" || h["url"] != "/clauses/c-script" || !strings.Contains(h["snippet"].(string), "&lt;<mark>script</mark>&gt;") {
		t.Errorf("hit = %v", h)
	}
	if got := keys(m["facets"]); got != "kind nature role theme" {
		t.Errorf("facet names = %q", got)
	}
	for _, f := range m["facets"].(map[string]any) {
		for _, v := range f.([]any) {
			if keys(v) != "count label value" {
				t.Errorf("facet value keys = %q", keys(v))
			}
		}
	}
	theme := m["facets"].(map[string]any)["theme"].([]any)[0].(map[string]any)
	if theme["value"] != "ethique" || theme["label"] != "Éthique" {
		t.Errorf("theme facet = %v", theme)
	}
}

func TestClauseBodyContract(t *testing.T) {
	c := testcorpus.Corpus(t)
	cl, _ := c.Clause("c-fraude")
	m := decode(t, api.NewClauseBody(c, cl, "https://reperes.example.org"))
	want := "citation document evidence html id nature referenced_by references roles section sources text themes title url"
	if got := keys(m); got != want {
		t.Errorf("keys = %q, want %q", got, want)
	}
	if keys(m["citation"]) != "markdown text url" || m["citation"].(map[string]any)["url"] != "https://reperes.example.org/clauses/c-fraude" {
		t.Errorf("citation = %v", m["citation"])
	}
	by := m["referenced_by"].([]any)
	if len(by) != 1 || keys(by[0]) != "document editorial id stance title" || by[0].(map[string]any)["stance"] != "critique" ||
		by[0].(map[string]any)["editorial"] != false {
		t.Errorf("referenced_by = %v", by)
	}
	if ev := m["evidence"].(map[string]any); keys(ev) != "label level note sources" || ev["level"] == "" || ev["note"] == "" {
		t.Errorf("evidence = %v", ev)
	}
	if m["section"] != "Devoirs, p. 10" {
		t.Errorf("section = %v", m["section"])
	}

	// Roles are expanded: "tous" never appears.
	cl, _ = c.Clause("c-donnees")
	m = decode(t, api.NewClauseBody(c, cl, ""))
	var roles []string
	for _, r := range m["roles"].([]any) {
		roles = append(roles, r.(string))
	}
	if slices.Contains(roles, "tous") || !slices.Contains(roles, "aesh") || slices.Contains(roles, "eleve") {
		t.Errorf("roles = %q", roles)
	}
	if refs := m["references"].([]any); len(refs) != 0 {
		t.Errorf("references = %v", refs)
	}
}
