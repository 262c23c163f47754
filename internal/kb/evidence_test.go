package kb_test

import (
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
)

// evidenceCorpus is a corpus whose clauses cover every way evidence is
// computed: the author's text, concordant, single, secondary sources, an
// uncertain placement and the editors' judgment.
func evidenceCorpus(t *testing.T) *kb.Corpus {
	t.Helper()
	tax := taxonomy(t)
	for _, l := range kb.EvidenceLevels {
		tax.Evidence.Terms = append(tax.Evidence.Terms, kb.Term{ID: l, Label: "L-" + l})
	}
	tax.Placements.Terms = []kb.Term{{ID: "deduit", Label: "Déduit", Description: "Placement déduit."}}
	tax.FirstHandHosts = []string{"gouv.fr", "ac-*.fr", "se-unsa.org"}
	tax.SecondHandHosts = []string{"prim50.ac-normandie.fr"}
	tax.Stances.Terms = append(tax.Stances.Terms, kb.Term{ID: "prolonge", Label: "Prolonge"})
	tax.Kinds.Terms = append(tax.Kinds.Terms, kb.Term{ID: "syndical", Label: "Syndical"})
	tax.AddressingStances = []string{"soutient"}
	tax.Evidence.Name, tax.Placements.Name = "evidence level", "placement"
	if err := tax.Link(); err != nil {
		t.Fatal(err)
	}
	src := func(title, u string) kb.Source { return kb.Source{Title: title, URL: u} }
	clause := func(id string, sources ...kb.Source) *kb.Clause {
		return &kb.Clause{ID: id, Title: id, Roles: []string{"tous"}, Themes: []string{"rgpd"}, Nature: "obligation", Sources: sources}
	}
	official := &kb.Document{ID: "cadre", Title: "Cadre", Kind: "officiel", URL: "https://www.education.gouv.fr/cadre", SourceText: "document source 009", Clauses: []*kb.Clause{
		clause("own-site", src("Ministère", "https://www.education.gouv.fr/cadre"), src("Position (document source 009)", "")),
		// A page of the same site is first-hand, not the text itself; a
		// source document is the text only for its own document.
		// The document's own address is not the author's text.
		clause("doc-url", src("Ministère", "https://www.education.gouv.fr/cadre")),
		clause("same-site", src("Ministère", "https://www.education.gouv.fr/autre-page"), src("Position (document source 001)", "")),
		clause("two-academies", src("Versailles", "https://lettres.ac-versailles.fr/a"), src("Versailles SVT", "https://svt.ac-versailles.fr/b"),
			src("Rennes", "https://pedagogie.ac-rennes.fr/c"), src("Presse", "https://www.ekole.fr/d")),
		clause("one-academy", src("Versailles", "https://lettres.ac-versailles.fr/a"), src("Versailles SVT", "https://svt.ac-versailles.fr/b")),
		clause("press-only", src("Presse", "https://www.ekole.fr/d"), src("Autre", "https://edtechactu.com/e")),
		func() *kb.Clause {
			c := clause("placed", src("Versailles", "https://lettres.ac-versailles.fr/a"), src("Rennes", "https://pedagogie.ac-rennes.fr/c"))
			c.Placement = "deduit"
			return c
		}(),
		// The same académie twice, its second-hand page first: the
		// publisher still counts as first-hand.
		clause("order", src("Manche", "https://prim50.ac-normandie.fr/x"), src("Eure", "https://prim27.ac-normandie.fr/y")),
		func() *kb.Clause {
			c := clause("weak-placed", src("Presse", "https://www.ekole.fr/d"), src("Autre", "https://edtechactu.com/e"))
			c.Placement = "deduit"
			return c
		}(),
		func() *kb.Clause {
			// Two académies, one of them second-hand, and the editors' doubt.
			c := clause("judged-weak", src("Versailles", "https://lettres.ac-versailles.fr/a"), src("Manche", "https://prim50.ac-normandie.fr/x"))
			c.Placement = "deduit"
			c.EvidenceLevel, c.EvidenceNote = kb.EvidenceSecondary, "Écrite avec un robot."
			return c
		}(),
		func() *kb.Clause {
			c := clause("judged", src("Versailles", "https://lettres.ac-versailles.fr/a"))
			c.EvidenceLevel, c.EvidenceNote = kb.EvidenceDiscordant, "Deux sources donnent deux dates."
			return c
		}(),
	}}
	union := &kb.Document{ID: "syndicat", Title: "Syndicat", Kind: "syndical", URL: "https://www.se-unsa.org/", Addresses: []string{"cadre"},
		SourceText: "document source 001", Clauses: []*kb.Clause{
			func() *kb.Clause {
				c := clause("read", src("Position (document source 001)", ""))
				c.References = []kb.Reference{{ID: "own-site", Stance: "soutient"}, {ID: "one-academy", Stance: "prolonge", Editorial: true}}
				return c
			}(),
		}}
	other := &kb.Document{ID: "autre", Title: "Autre", Kind: "syndical", Clauses: []*kb.Clause{
		func() *kb.Clause {
			c := clause("reading", src("Un site", "https://example.org/x"))
			c.References = []kb.Reference{{ID: "own-site", Stance: "prolonge"}}
			return c
		}(),
	}}
	for _, d := range []*kb.Document{official, union, other} {
		for _, c := range d.Clauses {
			c.Document = d.ID
		}
	}
	c := &kb.Corpus{Taxonomy: tax, Documents: []*kb.Document{official, union, other}}
	if err := c.Link(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEvidence(t *testing.T) {
	c := evidenceCorpus(t)
	tests := []struct {
		id, level string
		sources   int
		note      []string // parts the note must contain
	}{
		{"own-site", kb.EvidenceText, 2, []string{"texte même"}},
		// The union's text is not first-hand about the framework.
		{"doc-url", kb.EvidenceSingle, 1, []string{"Une seule source, de première main"}},
		{"same-site", kb.EvidenceConcordant, 2, []string{"2 sources indépendantes, dont 1 de première main"}},
		// Two académie de Versailles sites are one publisher.
		{"two-academies", kb.EvidenceConcordant, 3, []string{"3 sources indépendantes, dont 2 de première main", "texte officiel lui-même n'a pas pu être lu"}},
		{"one-academy", kb.EvidenceSingle, 1, []string{"Une seule source, de première main"}},
		{"press-only", kb.EvidenceSecondary, 2, []string{"2 sources, toutes secondaires"}},
		{"placed", kb.EvidencePlacement, 2, []string{"2 sources indépendantes, dont 2 de première main", "Placement déduit."}},
		{"judged", kb.EvidenceDiscordant, 1, []string{"Deux sources donnent deux dates."}},
		{"read", kb.EvidenceText, 1, []string{"texte même"}},
		{"reading", kb.EvidenceSecondary, 1, []string{"Une seule source, secondaire"}},
		{"order", kb.EvidenceSingle, 1, []string{"Une seule source, de première main"}},
		// Weak sources matter more than an uncertain place.
		{"weak-placed", kb.EvidenceSecondary, 2, []string{"2 sources, toutes secondaires", "Placement déduit."}},
		{"judged-weak", kb.EvidenceSecondary, 2, []string{"2 sources, que la rédaction juge plus fragiles", "Écrite avec un robot."}},
	}
	for _, tt := range tests {
		cl, err := c.Clause(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		e := c.Evidence(cl)
		if e.Level != tt.level || e.Label != "L-"+tt.level || e.Sources != tt.sources {
			t.Errorf("%s: evidence %s (%s), %d sources; want %s, %d", tt.id, e.Level, e.Label, e.Sources, tt.level, tt.sources)
		}
		for _, n := range tt.note {
			if !strings.Contains(e.Note, n) {
				t.Errorf("%s: note %q lacks %q", tt.id, e.Note, n)
			}
		}
		if strings.Contains(e.Note, "%!") || (tt.level == kb.EvidenceSecondary && strings.Contains(e.Note, "de première main")) {
			t.Errorf("%s: badly formatted note %q", tt.id, e.Note)
		}
	}
	// The union's text is read directly: no warning about the official text.
	if read, _ := c.Clause("read"); strings.Contains(c.Evidence(read).Note, "officiel") {
		t.Errorf("a union clause warns about the official text: %q", c.Evidence(read).Note)
	}
}

func TestEditorial(t *testing.T) {
	c := evidenceCorpus(t)
	target, _ := c.Clause("own-site")
	read, _ := c.Clause("read")
	reading, _ := c.Clause("reading")
	if c.Editorial(read, target) {
		t.Error("a document that addresses the framework makes editorial links")
	}
	if other, _ := c.Clause("one-academy"); !c.Editorial(read, other) {
		t.Error("a link the editors marked as theirs is not editorial")
	}
	if !c.Editorial(reading, target) {
		t.Error("a document that does not address the framework makes links of its own")
	}
	same, _ := c.Clause("placed")
	if c.Editorial(same, target) {
		t.Error("a link inside a document is editorial")
	}
}

func TestFirstHand(t *testing.T) {
	tax := &kb.Taxonomy{FirstHandHosts: []string{"gouv.fr", "ac-*.fr", "region-academique-*.fr"}, SecondHandHosts: []string{"prim50.ac-normandie.fr"}}
	for host, want := range map[string]bool{
		"prim50.ac-normandie.fr": false, "prim27.ac-normandie.fr": true,
		"education.gouv.fr": true, "gouv.fr": true, "lettres.ac-versailles.fr": true, "ac-nice.fr": true,
		"drne.region-academique-bourgogne-franche-comte.fr": true,
		"ekole.fr": false, "notgouv.fr": false, "ac-nice.fr.example.com": false, "fac-x.fr": false,
	} {
		if got := tax.FirstHand(host); got != want {
			t.Errorf("FirstHand(%q) = %v, want %v", host, got, want)
		}
	}
}
