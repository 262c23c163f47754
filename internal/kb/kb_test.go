package kb_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Données des élèves", "donnees-des-eleves"},
		{"L'IA en éducation — Cadre d'usage", "l-ia-en-education-cadre-d-usage"},
		{"  Cœur  & âme ", "coeur-ame"},
		{"Enseignant·es", "enseignant-es"},
		{"already-kebab-2", "already-kebab-2"},
		{"日本語", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := kb.Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for s, want := range map[string]bool{"cadre-obligations-rgpd": true, "a1": true, "Cadre": false, "a--b": false, "-a": false, "a_b": false, "élève": false, "": false} {
		if got := kb.IsKebab(s); got != want {
			t.Errorf("IsKebab(%q) = %v, want %v", s, got, want)
		}
	}
}

func taxonomy(t *testing.T) *kb.Taxonomy {
	t.Helper()
	tax := &kb.Taxonomy{
		Roles: kb.Vocabulary{Name: "role", Terms: []kb.Term{
			{ID: "enseignant", Label: "Enseignant·es", Aliases: []string{"teacher"}},
			{ID: "aesh", Label: "AESH"},
			{ID: "eleve", Label: "Élèves", Aliases: []string{"pupil"}},
		}},
		Themes:   kb.Vocabulary{Name: "theme", Terms: []kb.Term{{ID: "rgpd", Label: "RGPD", Aliases: []string{"gdpr", "données personnelles"}}}},
		Natures:  kb.Vocabulary{Name: "nature", Terms: []kb.Term{{ID: "obligation", Label: "Obligation"}}},
		Stances:  kb.Vocabulary{Name: "stance", Terms: []kb.Term{{ID: "soutient", Label: "Soutient"}}},
		Kinds:    kb.Vocabulary{Name: "kind", Terms: []kb.Term{{ID: "officiel", Label: "Texte officiel"}}},
		AllStaff: kb.AllStaff{Term: kb.Term{ID: "tous", Label: "Tous"}, Expands: []string{"enseignant", "aesh"}},
		FacetDefs: []kb.FacetDef{
			{Name: kb.FacetRole, Label: "rôle", Legend: "Rôle", Vocabulary: "roles"},
			{Name: kb.FacetTheme, Label: "thème", Legend: "Thème", Vocabulary: "themes"},
			{Name: kb.FacetKind, Label: "type de document", Legend: "Type de document", Vocabulary: "kinds"},
			{Name: kb.FacetNature, Label: "nature", Legend: "Nature", Vocabulary: "natures"},
		},
	}
	if err := tax.Link(); err != nil {
		t.Fatal(err)
	}
	return tax
}

func TestParseQuery(t *testing.T) {
	tax := taxonomy(t)
	q, err := tax.ParseQuery(kb.QueryParams{
		Q: "  donnees eleves ",
		Filters: kb.Filters{
			kb.FacetRole:  {"Teacher", "aesh,enseignant"},
			kb.FacetTheme: {"GDPR", "Données Personnelles"},
		},
		Page: "2", Size: "20",
	})
	if err != nil {
		t.Fatal(err)
	}
	if q.Text != "donnees eleves" || strings.Join(q.Filters(kb.FacetRole), " ") != "enseignant aesh" ||
		strings.Join(q.Filters(kb.FacetTheme), " ") != "rgpd" || q.Filters(kb.FacetKind) != nil || q.Page != 2 || q.Size != 20 {
		t.Errorf("ParseQuery = %+v", q)
	}
	if w := q.Without(kb.FacetRole, "aesh"); strings.Join(w.Filters(kb.FacetRole), " ") != "enseignant" ||
		strings.Join(w.Filters(kb.FacetTheme), " ") != "rgpd" || w.Page != 1 || strings.Join(q.Filters(kb.FacetRole), " ") != "enseignant aesh" {
		t.Errorf("Without(role, aesh) = %+v, and the query it came from %+v", w, q)
	}
	if w := q.Without(kb.FacetTheme, "rgpd"); w.Filters(kb.FacetTheme) != nil || len(w.Selected) != 1 {
		t.Errorf("Without the only theme = %+v: the facet should be gone", w)
	}
	if q, _ := tax.ParseQuery(kb.QueryParams{}); q.Page != 1 || q.Size != kb.DefaultSize {
		t.Errorf("defaults: page %d size %d", q.Page, q.Size)
	}

	bad := []struct {
		name string
		p    kb.QueryParams
		want []string
	}{
		{"unknown role lists the known ones", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"prof"}}},
			[]string{`rôle inconnu "prof" (valeurs possibles : enseignant, aesh, eleve)`}},
		{"size 0", kb.QueryParams{Size: "0"}, []string{"size doit être un entier de 1 à 50"}},
		{"size 1000", kb.QueryParams{Size: "1000"}, []string{"size doit être un entier de 1 à 50"}},
		{"page -1", kb.QueryParams{Page: "-1"}, []string{"page doit être un entier à partir de 1"}},
		{"page abc", kb.QueryParams{Page: "abc"}, []string{`(reçu "abc")`}},
		{"deep page", kb.QueryParams{Page: "30", Size: "50"}, []string{"page trop lointaine"}},
		{"long query", kb.QueryParams{Q: strings.Repeat("é", kb.MaxQueryRunes+1)}, []string{"trop longue"}},
		{"invalid UTF-8", kb.QueryParams{Q: "donn\xffees"}, []string{"UTF-8"}},
		{"control characters", kb.QueryParams{Q: "a\x00b"}, []string{"caractères de contrôle"}},
		{"too many filters", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: make([]string, kb.MaxFilters+1)}}, []string{"trop de filtres"}},
		{"every problem at once", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"x"}, kb.FacetKind: {"y"}}, Size: "0"},
			[]string{`rôle inconnu "x"`, `type de document inconnu "y"`, "size doit"}},
		{"a filter that is no facet", kb.QueryParams{Filters: kb.Filters{"salaire": {"x"}, "echelon": {"5"}}},
			[]string{`filtre inconnu "echelon" ; filtre inconnu "salaire"`}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tax.ParseQuery(tt.p)
			if !errors.Is(err, kb.ErrInvalidQuery) {
				t.Fatalf("err = %v, want ErrInvalidQuery", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestExpandRoles(t *testing.T) {
	tax := taxonomy(t)
	if got := strings.Join(tax.ExpandRoles([]string{"eleve", "tous"}), " "); got != "enseignant aesh eleve" {
		t.Errorf("ExpandRoles = %q", got)
	}
}

func TestTaxonomyLinkErrors(t *testing.T) {
	tax := taxonomy(t)
	tax.AllStaff.Expands = append(tax.AllStaff.Expands, "cpe")
	if err := tax.Link(); err == nil || !strings.Contains(err.Error(), `"cpe" is not a role`) {
		t.Errorf("Link with an unknown all-staff role: %v", err)
	}
	tax = taxonomy(t)
	tax.Roles.Terms = append(tax.Roles.Terms, kb.Term{ID: "tous", Label: "Tous"})
	if err := tax.Link(); err == nil {
		t.Error("Link accepted a role named like the all-staff id")
	}

	niveaux := kb.Vocabulary{Terms: []kb.Term{{ID: "college", Label: "Collège"}}}
	for _, tt := range []struct {
		name string
		def  kb.FacetDef
		want string
	}{
		{"a name taken", kb.FacetDef{Name: kb.FacetRole, Label: "r", Legend: "R", Vocabulary: "roles"}, `facet "role" is declared twice`},
		{"a search parameter", kb.FacetDef{Name: "page", Label: "p", Legend: "P", Terms: niveaux}, `facet name "page" is taken`},
		{"an index field", kb.FacetDef{Name: "text", Label: "t", Legend: "T", Terms: niveaux}, `facet name "text" is taken`},
		{"not kebab-case", kb.FacetDef{Name: "Niveau", Label: "n", Legend: "N", Terms: niveaux}, `facet name "Niveau" is not kebab-case`},
		{"a digit first", kb.FacetDef{Name: "2nd", Label: "n", Legend: "N", Terms: niveaux}, `facet name "2nd" is not kebab-case starting with a letter`},
		{"the model's vocabulary under another name", kb.FacetDef{Name: "profil", Label: "p", Legend: "P", Vocabulary: "roles"}, `facet "profil": the roles vocabulary is the facet "role"'s`},
		{"no legend", kb.FacetDef{Name: "niveau", Label: "n", Terms: niveaux}, `facet "niveau" needs a label and a legend`},
		{"no values", kb.FacetDef{Name: "niveau", Label: "n", Legend: "N"}, `facet "niveau" has neither a vocabulary`},
		{"an unknown vocabulary", kb.FacetDef{Name: "niveau", Label: "n", Legend: "N", Vocabulary: "stances"}, `unknown vocabulary "stances"`},
		{"both", kb.FacetDef{Name: "niveau", Label: "n", Legend: "N", Vocabulary: "themes", Terms: niveaux}, `cannot list terms of its own`},
	} {
		tax = taxonomy(t)
		tax.FacetDefs = append(tax.FacetDefs, tt.def)
		if err := tax.Link(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("a facet with %s: Link said %v, want %q", tt.name, err, tt.want)
		}
	}
	tax = taxonomy(t)
	tax.FacetDefs = tax.FacetDefs[1:]
	if err := tax.Link(); err == nil || !strings.Contains(err.Error(), `no facet "role" (vocabulary roles)`) {
		t.Errorf("a taxonomy without the role facet: Link said %v", err)
	}
	tax = taxonomy(t)
	tax.FacetDefs[0].Vocabulary = "natures"
	if err := tax.Link(); err == nil || !strings.Contains(err.Error(), `facet "role" must take the roles vocabulary`) {
		t.Errorf("the role facet on natures: Link said %v", err)
	}
}

func TestFrenchDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-06-14": "14 juin 2025", "2025-02-01": "1er février 2025", "2025-08": "août 2025", "2025": "2025",
	} {
		if got := kb.FrenchDate(in); got != want {
			t.Errorf("FrenchDate(%q) = %q, want %q", in, got, want)
		}
	}
	for s, want := range map[string]bool{"2025-06-14": true, "2025-06": true, "2025": true, "14/06/2025": false, "2025-13": false, "juin 2025": false} {
		if got := kb.ValidDate(s); got != want {
			t.Errorf("ValidDate(%q) = %v", s, got)
		}
	}
}

func TestCite(t *testing.T) {
	c := &kb.Corpus{
		Taxonomy: taxonomy(t),
		Documents: []*kb.Document{{
			ID: "cadre", Title: "Cadre d'usage", Kind: "officiel", Publisher: "Ministère",
			Date: "2025-06-14", Version: "version finale", URL: "https://example.org/cadre",
			Clauses: []*kb.Clause{{ID: "c-a", Title: "Règle A", Document: "cadre", Text: "Première ligne.\nSeconde ligne.",
				Section: []kb.Heading{{ID: "obligations", Title: "Obligations"}}, Page: "8", Roles: []string{"tous"}, Nature: "obligation"}},
		}},
	}
	if err := c.Link(); err != nil {
		t.Fatal(err)
	}
	cl, _ := c.Clause("c-a")
	cit := c.Cite(cl, "https://reperes.example.org/")
	for _, want := range []string{"Première ligne. Seconde ligne.", "Règle A", "Cadre d'usage", "Ministère", "14 juin 2025",
		"(version finale)", "Obligations, p. 8", "Résumé non officiel", "https://example.org/cadre",
		"https://reperes.example.org/clauses/c-a"} {
		if !strings.Contains(cit.Text, want) || !strings.Contains(cit.Markdown, want) {
			t.Errorf("citation lacks %q:\n%s\n%s", want, cit.Text, cit.Markdown)
		}
	}
	if !strings.Contains(cit.Text, "« Première ligne. Seconde ligne. »") || !strings.HasPrefix(cit.Markdown, "> Première ligne.") {
		t.Errorf("quoted text: %q / %q", cit.Text, cit.Markdown)
	}
	if cit.URL != "https://reperes.example.org/clauses/c-a" {
		t.Errorf("URL = %q", cit.URL)
	}
	c.Documents[0].Date, c.Documents[0].URL = "", ""
	if cit := c.Cite(cl, ""); !strings.Contains(cit.Text, "date inconnue") || !strings.Contains(cit.Text, "adresse inconnue") || strings.Contains(cit.Markdown, "<>") {
		t.Errorf("citation of a document without date or address:\n%s\n%s", cit.Text, cit.Markdown)
	}
	c.Documents[0].Verbatim = true
	if cit := c.Cite(cl, ""); strings.Contains(cit.Text, "Résumé") || cit.URL != "/clauses/c-a" {
		t.Errorf("verbatim citation: %q, url %q", cit.Text, cit.URL)
	}
}

func TestCorpusLinkRejectsDuplicates(t *testing.T) {
	cl := func(id string) *kb.Clause { return &kb.Clause{ID: id, Document: "d"} }
	c := &kb.Corpus{Taxonomy: taxonomy(t), Documents: []*kb.Document{{ID: "d", Clauses: []*kb.Clause{cl("a"), cl("a")}}}}
	if err := c.Link(); err == nil {
		t.Error("Link accepted a duplicate clause id")
	}
	if _, err := (&kb.Corpus{Taxonomy: taxonomy(t)}).Clause("x"); !errors.Is(err, kb.ErrNotFound) {
		t.Errorf("unknown clause: %v", err)
	}
}
