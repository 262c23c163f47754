// Package testcorpus provides a small content tree for tests: the real
// taxonomy and synonyms, and fixture documents where each clause exists to
// prove one behaviour of the engine. Tests use it through a real index.
package testcorpus

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/load"
	"github.com/reperes-ia/reperes/internal/synth"
)

// Documents are the fixture documents. Clause ids say what they are for.
const Documents = `
-- cadre.md --
---
id: cadre
title: Cadre de test
kind: officiel
publisher: Ministère
date: 2025-06-14
version: version finale
url: https://example.org/cadre
defaults: {roles: [tous], themes: [ethique], nature: principe}
---

# Principes {page=4}

## Données des élèves {#c-donnees themes=rgpd nature=interdiction}

L'élève utilise les données de l'établissement.

` + "```clause\nsources: [Fixture]\n```" + `

## Le rôle de chacun {#c-role roles=enseignant themes=pedagogie}

Le rôle de l'âge à même la classe compte.

` + "```clause\nsources: [Fixture]\n```" + `

## Contrôle {#c-ia-courte}

L'IA doit rester sous contrôle humain.

` + "```clause\nsources: [Fixture]\n```" + `

## Garde {#c-humain-epars}

Un humain garde toujours le dernier mot sur le contrôle.

` + "```clause\nsources: [Fixture]\n```" + `

## IA générative {#c-iag-titre themes=pedagogie}

Un outil parmi d'autres.

` + "```clause\nsources: [Fixture]\n```" + `

## Consignes détaillées {#c-long themes=pedagogie}

Avant de confier une tâche, l'enseignant explique la consigne, rappelle les
attendus, précise le barème, laisse du temps de recherche, propose des
ressources, vérifie la compréhension de chacun, annonce la date du devoir et
demande l'accord des familles pour les sorties prévues dans la séquence.

` + "```clause\nsources: [Fixture]\n```" + `

## Adapter les supports {#c-intelligence roles=aesh themes=inclusion nature=recommandation}

Une intelligence artificielle peut adapter un support de cours.

` + "```clause\nsources: [Fixture]\n```" + `

# Devoirs {page=10}

## Fraude {#c-fraude roles="enseignant eleve" themes=fraude nature=definition}

Confier son devoir à un outil sans accord est une fraude.

` + "```clause\nsources: [Fixture]\n```" + `

## Copier-coller {#c-script roles=direction}

Ne jamais coller ` + "`<script>alert('xss')</script>`" + ` ni rien d'autre dans le document.

` + "```clause\nsources: [Fixture]\n```" + `

## Précaution {#c-dont}

Ce dont on parle ici reste entre nous.

` + "```clause\nsources: [Fixture]\n```" + `

## Rang A {#c-rang-exact themes=pedagogie}

Les classes ouvertes attendent.

` + "```clause\nsources: [Fixture]\n```" + `

## Rang B {#c-rang-stem themes=pedagogie}

Une classe ouverte attend.

` + "```clause\nsources: [Fixture]\n```" + `

## Rang C {#c-rang-fuzzy themes=pedagogie}

Les clauses ouvertes attendent.

` + "```clause\nsources: [Fixture]\n```" + `

## Sobriété numérique {#c-titre themes=environnement}

Il faut choisir les outils avec soin.

` + "```clause\nsources: [Fixture]\n```" + `

## Outils {#c-texte themes=environnement}

La sobriété guide le choix des outils.

` + "```clause\nsources: [Fixture]\n```" + `

## Formation égale {#c-egal themes=formation}

Une formation égale pour tous les agents.

` + "```clause\nsources: [Fixture]\n```" + `
-- syndicat.md --
---
id: syndicat
title: Position de test
kind: syndical
publisher: Syndicat
date: 2025-06
url: https://example.org/syndicat
addresses: [cadre]
defaults: {roles: [tous], themes: [formation], nature: position}
---

# Avis

## Formation égale {#s-egal}

Une formation égale pour tous les agents.

` + "```clause\nsources: [Fixture]\nreferences:\n  c-egal: soutient\n```" + `

## Trop strict {#s-critique-fraude roles=enseignant themes=fraude}

Le syndicat juge la règle sur la fraude trop stricte.

` + "```clause\nsources: [Fixture]\nreferences:\n  c-fraude: critique\n```" + `
-- contexte.md --
---
id: contexte
title: Contexte de test
kind: contexte
publisher: CNIL
date: "2025"
url: https://example.org/contexte
defaults: {roles: [direction], themes: [rgpd], nature: information}
---

# CNIL

## Le règlement s'applique {#x-rgpd}

Le RGPD s'applique aux établissements scolaires.

` + "```clause\nsources: [Fixture]\nreferences:\n  c-donnees: precise\n```" + `

## Les données personnelles {#x-donnees-personnelles}

Les données personnelles des familles sont protégées.

` + "```clause\nsources: [Fixture]\n```" + `

-- glossaire.yaml --
# The fixture's glossary: the terms the search tests rely on.
- id: ia
  term: IA
  definition: Intelligence artificielle.
  aliases: [intelligence artificielle, artificial intelligence]
  clauses: [c-intelligence]
- id: iag
  term: IA générative
  definition: Une IA qui produit du texte ou des images.
  aliases: [IAG, intelligence artificielle générative, generative AI]
  mots: [ChatGPT, chatbot]
  clauses: [c-iag-titre]
- id: rgpd
  term: RGPD
  definition: Le règlement sur les données personnelles.
  aliases: [GDPR, données personnelles, personal data]
  anglais: [GDPR, personal data]
  clauses: [x-rgpd]

-- questions/fixture.yaml --
# The fixture's questions pratiques.
- id: q-fraude-devoir
  question: Un élève peut-il confier son devoir à une IA ?
  roles: [enseignant]
  themes: [fraude]
  verdict: non
  answer: Non, sans accord c'est une fraude. Le texte le dit nettement.
  clauses: [c-fraude, s-critique-fraude]
  phrasings: [devoir fait par une ia, eleve triche devoir maison, confier le devoir a chatgpt]
- id: q-aesh-supports
  question: Un AESH peut-il adapter les supports avec une IA ?
  roles: [aesh]
  themes: [inclusion]
  verdict: non-dit
  answer: Les textes ne disent rien de propre aux AESH. La règle générale sur l'adaptation des supports s'applique.
  clauses: [c-intelligence]
  phrasings: [aesh adapter supports ia, accompagnant simplifier les cours, avs fiches adaptees]
`

// FS returns the fixture content tree: the real taxonomy and synonyms, and
// the fixture documents and glossary.
func FS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{load.TaxonomyFile, load.SynonymsFile} {
		b, err := fs.ReadFile(content.FS, name)
		if err != nil {
			tb.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	for _, f := range txtar.Parse([]byte(Documents)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// Corpus loads the fixture content tree.
func Corpus(tb testing.TB) *kb.Corpus {
	tb.Helper()
	c, err := load.Load(FS(tb), load.Options{Root: "testcorpus", Analyze: index.Terms})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// Index returns an in-memory index of the fixture corpus, closed when the
// test ends.
func Index(tb testing.TB) *index.Index {
	tb.Helper()
	ix, err := index.New(Corpus(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// WriteDir writes the fixture content tree into dir, for commands that read
// a content directory.
func WriteDir(tb testing.TB, dir string) {
	tb.Helper()
	if err := os.CopyFS(dir, FS(tb)); err != nil {
		tb.Fatal(err)
	}
}

// JudgedQueries are the queries of every judged set of the bundled content
// (content/queries*.yaml), checked against c, in file order.
func JudgedQueries(tb testing.TB, c *kb.Corpus) []kb.QueryParams {
	tb.Helper()
	files, err := fs.Glob(content.FS, "queries*.yaml")
	if err != nil || len(files) < 3 {
		tb.Fatalf("judged query files: %v %v", files, err)
	}
	var out []kb.QueryParams
	for _, name := range files {
		src, err := content.FS.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		cases, err := eval.Parse(name, src, c)
		if err != nil {
			tb.Fatal(err)
		}
		for _, cs := range cases {
			out = append(out, cs.Query)
		}
	}
	return out
}

// Bench is a corpus that benchmarks run on.
type Bench struct {
	Name   string
	Corpus *kb.Corpus
}

// Bundled loads the content embedded in the binary.
func Bundled(tb testing.TB) *kb.Corpus {
	tb.Helper()
	c, err := load.Load(content.FS, load.Options{Root: "content"})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// Benches returns the corpora of the benchmarks: the bundled content, and a
// generated corpus of 10,000 clauses made from its words.
func Benches(tb testing.TB) []Bench {
	tb.Helper()
	base := Bundled(tb)
	big, err := synth.Corpus(base, 10_000, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return []Bench{{"bundled", base}, {"synthetic-10k", big}}
}

// FacetNiveau is the facet that FacetFS adds to the fixture's taxonomy.
const FacetNiveau = "niveau"

// FacetFS is the fixture content tree with one more facet, declared in
// taxonomy.yaml only: « niveau », with terms of its own. Clause c-donnees
// is tagged collège and lycée, c-role premier degré; the others have no
// value. It proves that a facet is added by editing the taxonomy.
func FacetFS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	fsys := FS(tb)
	last := "  - {name: nature, label: nature, legend: Nature, vocabulary: natures}\n"
	edit(tb, fsys, load.TaxonomyFile, last, last+`  - name: niveau
    label: niveau
    legend: Niveau scolaire
    terms:
      - {id: premier-degre, label: Premier degré, aliases: [ecole, primaire]}
      - {id: college, label: Collège}
      - {id: lycee, label: Lycée}
`)
	edit(tb, fsys, "cadre.md", "{#c-donnees themes=rgpd nature=interdiction}", "{#c-donnees themes=rgpd nature=interdiction niveau=\"college lycee\"}")
	edit(tb, fsys, "cadre.md", "{#c-role roles=enseignant themes=pedagogie}", "{#c-role roles=enseignant themes=pedagogie niveau=premier-degre}")
	return fsys
}

// edit replaces old, which must be there once, by new in a file of fsys.
func edit(tb testing.TB, fsys fstest.MapFS, name, old, new string) {
	tb.Helper()
	f, ok := fsys[name]
	if !ok || strings.Count(string(f.Data), old) != 1 {
		tb.Fatalf("fixture %s: %q is not there once", name, old)
	}
	fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), old, new, 1))}
}
