package content_test

import (
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
)

// TestCorpusCoverage holds the bundled corpus to its editorial bars: enough
// clauses of each kind, every role and theme represented, and comments
// linked to the framework clauses they are about.
func TestCorpusCoverage(t *testing.T) {
	c, err := load.Load(content.FS, load.Options{Root: "content", Analyze: index.Terms})
	if err != nil {
		t.Fatal(err)
	}
	tax := c.Taxonomy
	perKind := map[string]int{}
	roles := map[string]int{}
	themes := map[string]int{}
	referencing := 0
	for _, cl := range c.Clauses() {
		kind := c.DocumentOf(cl).Kind
		perKind[kind]++
		for _, r := range tax.ExpandRoles(cl.Roles) {
			roles[r]++
		}
		for _, th := range cl.Themes {
			themes[th]++
		}
		for _, r := range cl.References {
			target, _ := c.Clause(r.ID)
			if kind != "officiel" && c.DocumentOf(target).Kind == "officiel" {
				referencing++
				break
			}
		}
	}
	for kind, min := range map[string]int{"officiel": 45, "syndical": 25, "international": 15, "contexte": 20} {
		if perKind[kind] < min {
			t.Errorf("%d clauses of kind %s, want at least %d", perKind[kind], kind, min)
		}
	}
	for _, id := range tax.Roles.IDs() {
		if roles[id] == 0 {
			t.Errorf("role %s has no clause", id)
		}
	}
	for _, id := range tax.Themes.IDs() {
		if themes[id] == 0 {
			t.Errorf("theme %s has no clause", id)
		}
	}
	if referencing < 40 {
		t.Errorf("%d clauses refer to a framework clause, want at least 40", referencing)
	}
	t.Logf("clauses per kind %v; %d clauses refer to the framework", perKind, referencing)
}

// TestSummariesSayWhatTheyAre: the bundled framework text is a summary; its
// document must not claim to be the official wording.
func TestSummariesSayWhatTheyAre(t *testing.T) {
	c, err := load.Load(content.FS, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Documents {
		if d.Verbatim {
			t.Errorf("%s is marked verbatim: the bundled content is written in our own words", d.ID)
		}
		if d.Kind == "officiel" && d.URL == "" {
			t.Errorf("%s: an official text needs the address of the publication", d.ID)
		}
	}
	cl, _ := c.Clause("cadre-obligations-rgpd")
	if cit := c.Cite(cl, ""); !strings.Contains(cit.Text, "Résumé non officiel") {
		t.Errorf("citation does not say it is a summary: %s", cit.Text)
	}
}

// TestEvidenceOfEveryClause: every clause of the bundled corpus has an
// evidence level with its label and a well-formed note, and the levels
// in use are printed.
func TestEvidenceOfEveryClause(t *testing.T) {
	c, err := load.Load(content.FS, load.Options{Root: "content", Analyze: index.Terms})
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string]int{}
	for _, cl := range c.Clauses() {
		e := c.Evidence(cl)
		if e.Level == "" || e.Label == "" || e.Note == "" || strings.Contains(e.Note, "%!") {
			t.Errorf("%s: evidence %+v", cl.ID, e)
		}
		levels[e.Level]++
	}
	t.Logf("evidence levels: %v", levels)
}
