package load_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
)

// taxonomy is a small vocabulary for the fixtures, so that the "known:"
// lists in messages stay short.
const taxonomy = `
-- taxonomy.yaml --
roles:
  - {id: enseignant, label: Enseignant·es, aliases: [teacher]}
  - {id: aesh, label: AESH}
  - {id: eleve, label: Élèves}
all_staff: {id: tous, label: Tous, expands: [enseignant, aesh]}
themes:
  - {id: rgpd, label: RGPD, aliases: [gdpr]}
  - {id: ethique, label: Éthique}
natures:
  - {id: obligation, label: Obligation}
  - {id: position, label: Position}
stances:
  - {id: soutient, label: Soutient}
  - {id: critique, label: Critique}
kinds:
  - {id: officiel, label: Texte officiel}
  - {id: syndical, label: Position syndicale}
facets:
  - {name: role, label: rôle, legend: Rôle, vocabulary: roles}
  - {name: theme, label: thème, legend: Thème, vocabulary: themes}
  - {name: kind, label: type de document, legend: Type de document, vocabulary: kinds}
  - {name: nature, label: nature, legend: Nature, vocabulary: natures}
-- synonyms.yaml --
- [IA, intelligence artificielle]
`

// goodDoc is a valid document that fixtures can reference.
const goodDoc = `
-- cadre.md --
---
id: cadre
title: Cadre
kind: officiel
publisher: Ministère
date: 2025-06-14
url: https://example.org/cadre
defaults: {roles: [tous], themes: [rgpd], nature: obligation}
---

# Obligations {page=8}

## Le RGPD s'applique {#cadre-rgpd}

Tout usage respecte le RGPD.

` + "```clause" + `
sources:
  - Exemple: https://example.org/source
` + "```" + `
`

// fsOf turns txtar text into a content tree.
func fsOf(archive string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// sameErrors fails the test unless the loader reported exactly want, in
// order.
func sameErrors(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func loadErrors(t *testing.T, archive string) []string {
	t.Helper()
	c, err := load.Load(fsOf(archive), load.Options{Root: "content", Analyze: index.Terms})
	if err == nil {
		if c == nil {
			t.Fatal("Load returned neither a corpus nor an error")
		}
		return nil
	}
	if c != nil {
		t.Error("Load returned a corpus with an error")
	}
	var lines []string
	for _, e := range load.Errors(err) {
		lines = append(lines, e.Error())
	}
	if got := strings.Join(lines, "\n"); got != err.Error() {
		t.Errorf("Errors(err) and err.Error() disagree:\n%s\n---\n%s", got, err.Error())
	}
	return lines
}

func TestLoadValid(t *testing.T) {
	c, err := load.Load(fsOf(taxonomy+goodDoc), load.Options{Root: "content"})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := c.Clause("cadre-rgpd")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cl.SectionPath(), "Obligations, p. 8"; got != want {
		t.Errorf("section = %q, want %q", got, want)
	}
	if len(cl.Section) != 1 || cl.Section[0].ID != "obligations" {
		t.Errorf("section headings = %+v", cl.Section)
	}
	if got, want := cl.Line, 13; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
	if cl.Text != "Tout usage respecte le RGPD." || cl.HTML != "<p>Tout usage respecte le RGPD.</p>" {
		t.Errorf("text = %q, html = %q", cl.Text, cl.HTML)
	}
	if len(cl.Roles) != 1 || cl.Roles[0] != "tous" || cl.Nature != "obligation" || len(cl.Sources) != 1 {
		t.Errorf("defaults not applied: %+v", cl)
	}
	if c.Digest == "" {
		t.Error("no digest")
	}
	if d, err := load.Digest(fsOf(taxonomy + goodDoc)); err != nil || d != c.Digest {
		t.Errorf("Digest = %q, %v; want the corpus digest %q", d, err, c.Digest)
	}
}

// doc wraps a body in valid front matter.
func doc(name, body string) string {
	return "\n-- " + name + " --\n---\nid: " + strings.TrimSuffix(name, ".md") + `
title: Titre
kind: syndical
publisher: SE-Unsa
date: 2025-06
url: https://example.org/x
defaults: {roles: [tous], themes: [rgpd], nature: position}
---
` + body
}

const src = "```clause\nsources: [Source]\n```\n"

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		archive string
		want    []string
	}{
		{
			name:    "missing front matter",
			archive: "\n-- a.md --\n# Titre\n",
			want:    []string{"content/a.md:1:1: missing front matter: a document starts with a line \"---\", then its YAML fields, then \"---\""},
		},
		{
			name:    "front matter not closed",
			archive: "\n-- a.md --\n---\nid: a\n",
			want:    []string{"content/a.md:1:1: front matter is not closed: add a line \"---\" after its fields"},
		},
		{
			name:    "malformed front matter",
			archive: "\n-- a.md --\n---\nid: a\ntitle: x: y\n---\n",
			want: []string{
				"content/a.md:1: document has no clause: a clause is a heading with an id, ## Titre {#mon-id}",
				"content/a.md:3: invalid YAML: mapping values are not allowed in this context",
			},
		},
		{
			name: "unknown key, missing fields, bad date and url, bad kind",
			archive: "\n-- a.md --\n---\nid: a\ntitel: x\nkind: union\ndate: 14/06/2025\nurl: www.example.org\n---\n" +
				"## C {#c-a}\n\nTexte.\n\n" + src,
			want: []string{
				"content/a.md:1: front matter: missing required field \"title\"",
				"content/a.md:1: front matter: missing required field \"publisher\"",
				"content/a.md:3:1: unknown front matter key \"titel\" (known: id, title, kind, publisher, date, version, url, description, verbatim, carte, addresses, source_text, defaults)",
				"content/a.md:4:7: unknown kind \"union\" (known: officiel, syndical)",
				"content/a.md:5:7: bad date \"14/06/2025\": write YYYY-MM-DD, YYYY-MM or YYYY",
				"content/a.md:6:6: bad url \"www.example.org\": an absolute http or https address is needed",
				"content/a.md:8: clause \"c-a\": no role: add roles=... to the heading or defaults.roles to the front matter",
				"content/a.md:8: clause \"c-a\": no theme: add themes=... to the heading or defaults.themes to the front matter",
				"content/a.md:8: clause \"c-a\": no nature: add nature=... to the heading or defaults.nature to the front matter",
			},
		},
		{
			name:    "duplicate clause id names both places",
			archive: doc("a.md", "## Un {#meme-id}\n\nTexte.\n\n"+src) + doc("b.md", "\n\n## Deux {#meme-id}\n\nTexte.\n\n"+src),
			want: []string{
				"content/a.md:10: duplicate clause id \"meme-id\" (also at content/b.md:12)",
				"content/b.md:12: duplicate clause id \"meme-id\" (also at content/a.md:10)",
			},
		},
		{
			name:    "ids not kebab-case",
			archive: strings.Replace(doc("a.md", "## Un {#Mon_Id}\n\nTexte.\n\n"+src), "id: a\n", "id: Doc A\n", 1),
			want: []string{
				"content/a.md:2:5: document id \"Doc A\" is not kebab-case (lower-case ASCII words joined by hyphens, e.g. \"doc-a\")",
				"content/a.md:10: clause \"Mon_Id\": id is not kebab-case (lower-case ASCII words joined by hyphens, e.g. \"mon-id\")",
			},
		},
		{
			name:    "unknown role, theme and nature list the known values",
			archive: doc("a.md", "## Un {#un roles=\"teacher cpe\" themes=gdrp nature=avis}\n\nTexte.\n\n"+src),
			want: []string{
				"content/a.md:10: clause \"un\": unknown role \"teacher\" (known: tous, enseignant, aesh, eleve); did you mean \"enseignant\"?",
				"content/a.md:10: clause \"un\": unknown role \"cpe\" (known: tous, enseignant, aesh, eleve)",
				"content/a.md:10: clause \"un\": unknown theme \"gdrp\" (known: rgpd, ethique)",
				"content/a.md:10: clause \"un\": unknown nature \"avis\" (known: obligation, position)",
			},
		},
		{
			name: "reference to a missing clause, unknown stance, self reference",
			archive: taxonomy + goodDoc + doc("a.md", "## Un {#un}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n"+
				"  cadre-rgpd: approuve\n  cadre-inexistant: soutient\n  un: critique\n```\n"),
			want: []string{
				"content/a.md:17:15: unknown stance \"approuve\" (known: soutient, critique)",
				"content/a.md:18:3: clause \"un\" refers to \"cadre-inexistant\", which does not exist",
				"content/a.md:19:3: clause \"un\" refers to itself",
			},
		},
		{
			name: "references that go round in a cycle",
			archive: taxonomy + goodDoc + doc("a.md", "## Un {#un}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  deux: soutient\n```\n\n"+
				"## Deux {#deux}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  trois: critique\n```\n\n"+
				"## Trois {#trois}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  un: soutient\n  cadre-rgpd: soutient\n```\n"),
			want: []string{
				"content/a.md:17:3: references go round in a cycle: deux → trois → un → deux",
			},
		},
		{
			name:    "clause with no text and no source",
			archive: doc("a.md", "## Vide {#vide}\n\n## Autre {#autre}\n\nTexte.\n\n"+src),
			want: []string{
				"content/a.md:10: clause \"vide\": no text: write the clause in a paragraph under its heading",
				"content/a.md:10: clause \"vide\": no source: list them in a ```clause block under the text (sources:)",
			},
		},
		{
			name:    "empty document",
			archive: doc("a.md", "\n"),
			want:    []string{"content/a.md:1: document has no clause: a clause is a heading with an id, ## Titre {#mon-id}"},
		},
		{
			name:    "text outside a clause",
			archive: doc("a.md", "Intro libre.\n\n# Section\n\n## Un {#un}\n\nTexte.\n\n"+src),
			want:    []string{"content/a.md:10:1: text outside a clause: give the heading above an id ({#mon-id}) to make it a clause"},
		},
		{
			name:    "malformed and unknown attributes",
			archive: doc("a.md", "## Un {#un roles=enseignant,aesh}\n\nTexte.\n\n"+src+"\n## Deux {#deux role=aesh}\n\nTexte.\n\n"+src),
			want: []string{
				"content/a.md:10:7: malformed attributes \"{#un roles=enseignant,aesh}\": write {#clause-id roles=\"enseignant cpe\" themes=rgpd nature=obligation page=8}",
				"content/a.md:18:16: unknown attribute \"role\" (known: id, roles, themes, nature, page)",
			},
		},
		{
			name:    "invalid UTF-8",
			archive: doc("a.md", "## Un {#un}\n\nTexte \xff cassé.\n\n"+src),
			want:    []string{"content/a.md:12:7: invalid UTF-8: content files must be UTF-8 text"},
		},
		{
			name:    "unreadable clause block is reported once",
			archive: doc("a.md", "## Un {#un}\n\nTexte.\n\n```clause\nnote: Un doute : lequel ?\n```\n"),
			want:    []string{"content/a.md:15: invalid YAML: mapping values are not allowed in this context"},
		},
		{
			name:    "clause block problems",
			archive: doc("a.md", "## Un {#un}\n\nTexte.\n\n```clause\nsources: [S]\nsoruces: [T]\n```\n\n```clause\nnote: deux\n```\n"),
			want: []string{
				"content/a.md:16:1: unknown key \"soruces\" in clause block (known: sources, references, note, placement, evidence)",
				"content/a.md:19:1: clause \"un\" has two ```clause blocks: merge them",
			},
		},
		{
			name:    "duplicate document id",
			archive: doc("a.md", "## Un {#un}\n\nTexte.\n\n"+src) + strings.Replace(doc("b.md", "## Deux {#deux}\n\nTexte.\n\n"+src), "id: b\n", "id: a\n", 1),
			want: []string{
				"content/a.md:1: duplicate document id \"a\" (also at content/b.md:1)",
				"content/b.md:1: duplicate document id \"a\" (also at content/a.md:1)",
			},
		},
		{
			name:    "synonym made of stop words",
			archive: strings.Replace(taxonomy, "- [IA, intelligence artificielle]", "- [IA, intelligence artificielle]\n- [le, la]", 1) + goodDoc,
			want: []string{
				"content/synonyms.yaml:2:4: synonym \"le\" is only stop words: it can never match",
				"content/synonyms.yaml:2:8: synonym \"la\" is only stop words: it can never match",
			},
		},
		{
			name:    "no documents",
			archive: taxonomy,
			want:    []string{"content: no document: add Markdown files (*.md) to the content folder"},
		},
		{
			name:    "missing taxonomy",
			archive: goodDoc,
			want: []string{
				"content/synonyms.yaml: cannot read: file does not exist",
				"content/taxonomy.yaml: cannot read: file does not exist",
			},
		},
		{
			name:    "taxonomy with an unknown key",
			archive: strings.Replace(taxonomy, "natures:", "nautres: []\nnatures:", 1) + goodDoc,
			want:    []string{"content/taxonomy.yaml:9:1: unknown key \"nautres\" (known: roles, all_staff, themes, natures, stances, kinds, facets, verdicts, audiences, comment_kinds, disagreement_stance, addressing_stances, evidence, placements, first_hand_hosts, second_hand_hosts, binding_natures)"},
		},
		{
			name:    "taxonomy with an alias naming two terms",
			archive: strings.Replace(taxonomy, "{id: ethique, label: Éthique}", "{id: ethique, label: Éthique, aliases: [GDPR]}", 1) + goodDoc,
			want:    []string{"content/taxonomy.yaml: theme alias \"GDPR\" of \"ethique\" already names \"rgpd\""},
		},
		{
			name: "facets: an unknown key, a facet without legend, a name that is a clause attribute",
			archive: strings.Replace(taxonomy, "  - {name: nature, label: nature, legend: Nature, vocabulary: natures}\n",
				"  - {name: nature, label: nature, legend: Nature, vocabulary: natures, colour: red}\n"+
					"  - {name: niveau, label: niveau, terms: [{id: college, label: Collège}]}\n"+
					"  - {name: roles, label: r, legend: R, terms: [{id: x, label: X}]}\n", 1) + goodDoc,
			want: []string{
				`content/taxonomy.yaml:22:72: unknown key "colour" in a facet (known: name, label, legend, vocabulary, terms)`,
				`content/taxonomy.yaml:23:5: facet "niveau" has no legend`,
				`content/taxonomy.yaml:24:5: facet "roles": the name of a facet with its own terms is the clause attribute that gives its values, and "roles" is taken`,
			},
		},
		{
			name:    "a facet of an unknown vocabulary",
			archive: strings.Replace(taxonomy, "vocabulary: natures}", "vocabulary: stances}", 1) + goodDoc,
			want:    []string{`content/taxonomy.yaml: facet "nature": unknown vocabulary "stances" (known: roles, themes, kinds, natures)`},
		},
		{
			name:    "taxonomy missing a vocabulary",
			archive: strings.Replace(taxonomy, "stances:\n  - {id: soutient, label: Soutient}\n  - {id: critique, label: Critique}\n", "", 1) + goodDoc,
			want:    []string{"content/taxonomy.yaml:1:1: missing \"stances\""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			archive := tt.archive
			if !strings.Contains(archive, "-- taxonomy.yaml --") && tt.name != "missing taxonomy" {
				archive = taxonomy + archive
			}
			got := loadErrors(t, archive)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestLoadReportsEverythingAtOnce: problems in several files come out in
// one run, sorted by file and line.
func TestLoadReportsEverythingAtOnce(t *testing.T) {
	archive := taxonomy + doc("a.md", "## Un {#un themes=gdrp}\n\nTexte.\n\n"+src) +
		doc("b.md", "## Deux {#deux nature=avis}\n\n"+src) +
		"\n-- c.md --\n# pas de front matter\n"
	got := loadErrors(t, archive)
	want := []string{
		"content/a.md:10: clause \"un\": unknown theme \"gdrp\" (known: rgpd, ethique)",
		"content/b.md:10: clause \"deux\": unknown nature \"avis\" (known: obligation, position)",
		"content/b.md:10: clause \"deux\": no text: write the clause in a paragraph under its heading",
		"content/c.md:1:1: missing front matter: a document starts with a line \"---\", then its YAML fields, then \"---\"",
	}
	sameErrors(t, got, want)
}

// TestSectionIDs: section anchors are folded kebab-case, unique in their
// document, and never the id of one of its clauses.
func TestSectionIDs(t *testing.T) {
	clause := func(id string) string { return "## " + id + " {#" + id + "}\n\nTexte.\n\n" + src + "\n" }
	body := "# Données des élèves\n\n" + clause("un") + "# Données des élèves\n\n" + clause("trois") +
		"# Un\n\n" + clause("quatre") + "# 日本\n\n" + clause("deux")
	c, err := load.Load(fsOf(taxonomy+doc("a.md", body)), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"un":     "donnees-des-eleves",
		"trois":  "donnees-des-eleves-2", // the same title twice
		"quatre": "un-2",                 // "un" is a clause of the page
		"deux":   "section",              // no ASCII letter in the title
	} {
		cl, _ := c.Clause(id)
		if len(cl.Section) != 1 || cl.Section[0].ID != want {
			t.Errorf("%s: section %+v, want id %q", id, cl.Section, want)
		}
	}
}

// TestLoadFormats covers the accepted spellings: CRLF line ends, a BOM,
// quoted and numeric attributes, a scalar list, sources with and without
// address, and hidden files skipped.
func TestLoadFormats(t *testing.T) {
	body := "## Un {#un roles=\"enseignant, aesh\" themes=ethique page=12}\r\n\r\nLigne *un*\r\net deux.\r\n\r\n- point\r\n\r\n" +
		"```clause\r\nsources:\r\n  - Sans adresse\r\n  - Avec: https://example.org/a\r\nnote: >\r\n  Un doute.\r\n```\r\n"
	fsys := fsOf(taxonomy + doc("a.md", body) + "\n-- _brouillon.md --\npas un document\n")
	fsys["a.md"].Data = append([]byte("\xef\xbb\xbf"), fsys["a.md"].Data...)
	c, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := c.Clause("un")
	if got := strings.Join(cl.Roles, " "); got != "enseignant aesh" {
		t.Errorf("roles = %q", got)
	}
	if cl.Page != "12" || cl.Line != 10 {
		t.Errorf("page = %q, line = %d", cl.Page, cl.Line)
	}
	if cl.Text != "Ligne un et deux.\n\npoint" {
		t.Errorf("text = %q", cl.Text)
	}
	if len(cl.Sources) != 2 || cl.Sources[0].URL != "" || cl.Sources[1].URL != "https://example.org/a" || cl.Note != "Un doute." {
		t.Errorf("sources = %+v, note = %q", cl.Sources, cl.Note)
	}
}

// TestLoadSafeHTML: raw HTML and javascript: links in content never reach
// the rendered HTML.
func TestLoadSafeHTML(t *testing.T) {
	body := "## Un {#un}\n\nTexte <script>alert(1)</script> et [lien](javascript:alert(1)).\n\n" + src
	c, err := load.Load(fsOf(taxonomy+doc("a.md", body)), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := c.Clause("un")
	if strings.Contains(cl.HTML, "<script") || strings.Contains(cl.HTML, "javascript:") {
		t.Errorf("unsafe HTML rendered: %s", cl.HTML)
	}
}

// evidenceTaxonomy adds what the fidelity checks need: stances that take a
// side, placements and evidence levels.
var evidenceTaxonomy = strings.Replace(taxonomy, "kinds:", `addressing_stances: [soutient, critique]
placements:
  - {id: deduit, label: Placement déduit}
evidence:
  - {id: texte, label: Texte}
  - {id: concordant, label: Concordant}
  - {id: unique, label: Unique}
  - {id: placement, label: Placement}
  - {id: secondaire, label: Secondaire}
  - {id: discordant, label: Discordant}
first_hand_hosts: [example.org]
kinds:`, 1)

func TestLoadFidelityChecks(t *testing.T) {
	// A union text that does not say it discusses the framework may not
	// support or criticise its clauses; addresses names real documents.
	archive := evidenceTaxonomy + goodDoc +
		doc("a.md", "## Un {#un}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  cadre-rgpd: soutient\n```\n\n"+
			"## Deux {#deux}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  cadre-rgpd: prolonge\nplacement: sommaire\n"+
			"evidence: {level: douteux}\n```\n\n"+
			"## Cinq {#cinq}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  cadre-rgpd: {stance: critique, editorial: true}\n  un: {stance: prolonge, editorial: true, pourquoi: x}\n```\n\n"+
			"## Trois {#trois}\n\nTexte.\n\n```clause\nsources: [S]\nevidence: {level: discordant}\n```\n") +
		strings.Replace(doc("b.md", "## Quatre {#quatre}\n\nTexte.\n\n```clause\nsources: [S]\nreferences:\n  cadre-rgpd: critique\n```\n"),
			"url: https://example.org/x\n", "url: https://example.org/x\naddresses: [cadre, inconnu]\nsource_text: document source 009\n", 1) +
		"\n-- cadre2.md --\n---\nid: cadre2\ntitle: Cadre 2\nkind: officiel\npublisher: M\ndate: 2025\nurl: https://example.org/c\n" +
		"defaults: {roles: [tous], themes: [rgpd], nature: obligation}\n---\n\n## Sans section {#sans-section}\n\nTexte.\n\n" + src +
		"\n# Partie\n\n## Sans page {#sans-page}\n\nTexte.\n\n" + src
	got := loadErrors(t, strings.Replace(archive, "  - {id: critique, label: Critique}\n", "  - {id: critique, label: Critique}\n  - {id: prolonge, label: Prolonge}\n", 1))
	want := []string{
		`content/a.md:17:3: "un" soutient "cadre-rgpd", a clause of "cadre", which this document's source does not discuss: if it does, add "cadre" to addresses: in the front matter; otherwise use prolonge (a rapprochement éditorial)`,
		`content/a.md:28:12: unknown placement "sommaire" (known: deduit)`,
		`content/a.md:29:19: unknown evidence level "douteux" (known: texte, concordant, unique, placement, secondaire, discordant)`,
		`content/a.md:39:15: a link the editors draw cannot critique: use a stance that takes no side`,
		`content/a.md:40:43: unknown key "pourquoi" in a reference (known: stance, editorial)`,
		`content/a.md:49:1: evidence: a level set by hand needs a note that says why`,
		`content/b.md:1: source_text: no clause of the document cites "document source 009" among its sources`,
		`content/b.md:8: addresses: no document has the id "inconnu"`,
		`content/cadre2.md:11: clause "sans-section" of a reference text has no section: put it under a heading of the original's outline`,
		`content/cadre2.md:21: clause "sans-page" of a reference text has no page: add {page=N} to its section's heading, or placement: (deduit) with a note that says why`,
	}
	sameErrors(t, got, want)
}
