package load_test

import (
	"strings"
	"testing"
)

// verdicts extends the fixture taxonomy with what questions need.
const verdicts = `verdicts:
  - {id: oui, label: Oui}
  - {id: non, label: Non}
  - {id: non-dit, label: Les textes ne disent rien}
`

// union is a union document whose clause comments the framework's: a
// question cannot rest a yes or a no on it alone.
const union = `
-- syndicat.md --
---
id: syndicat
title: Syndicat
kind: syndical
publisher: Un syndicat
date: 2025-07-01
url: https://example.org/syndicat
defaults: {roles: [tous], themes: [rgpd], nature: position}
---

## Avis {#syndicat-avis}

Le syndicat approuve.

` + "```clause" + `
sources:
  - Exemple: https://example.org/syndicat
` + "```" + `
`

// TestLoadReplacesErrors: a question that replaces former questions (merged
// into it) names ids that are no longer questions, nor clauses, and that no
// other question replaces.
func TestLoadReplacesErrors(t *testing.T) {
	questions := `
-- questions/a.yaml --
- id: fusion
  question: Puis-je mettre les notes dans ChatGPT ?
  roles: [enseignant, aesh]
  themes: [rgpd]
  verdict: non
  answer: Non. Les données des élèves ne vont pas dans un outil grand public.
  clauses: [cadre-rgpd]
  replaces: [encore-la, cadre-rgpd, Ancienne_Id, ancienne]
  phrasings: [notes chatgpt, notes dans une ia, bulletins et ia]
- id: encore-la
  question: Et les appréciations ?
  roles: [enseignant]
  themes: [rgpd]
  verdict: non
  answer: Non. Ce sont des données personnelles.
  clauses: [cadre-rgpd]
  replaces: ancienne
  phrasings: [appreciations chatgpt, appreciations dans une ia, bulletin ia]
- id: soi
  question: Et les absences ?
  roles: [enseignant]
  themes: [rgpd]
  verdict: non
  answer: Non. Ce sont des données personnelles.
  clauses: [cadre-rgpd]
  replaces: [soi]
  phrasings: [absences chatgpt, absences dans une ia, absences ia]
`
	archive := strings.Replace(taxonomy, "-- synonyms.yaml --", verdicts+"-- synonyms.yaml --", 1) + goodDoc + questions
	got := loadErrors(t, archive)
	want := []string{
		"content/questions/a.yaml:8:14: question \"fusion\" replaces \"encore-la\", which is still a question: remove that question, or this line",
		"content/questions/a.yaml:8:25: question \"fusion\" replaces \"cadre-rgpd\", which is a clause id",
		"content/questions/a.yaml:8:37: replaces: id \"Ancienne_Id\" is not kebab-case (lower-case ASCII words joined by hyphens)",
		"content/questions/a.yaml:17:13: question \"encore-la\" replaces \"ancienne\", which question \"fusion\" already replaces (content/questions/a.yaml:8)",
		"content/questions/a.yaml:26:14: question \"soi\" cannot replace itself",
	}
	sameErrors(t, got, want)
}

// TestLoadAnswerErrors: the questions pratiques and the glossary are
// validated like clauses — every problem at once, each at its file:line.
func TestLoadAnswerErrors(t *testing.T) {
	glossary := `
-- glossaire.yaml --
- id: rgpd
  term: RGPD
  definition: Le règlement européen sur les données personnelles.
  aliases: [GDPR]
  anglais: [GDPR, privacy]
  mots: [notes, [bulletin, Notes]]
  clauses: [cadre-rgpd]
- id: rgpd
  term: Données
  definition: Ce qui décrit une personne.
  aliases: [gdpr]
  clauses: [cadre-absente]
- id: eleves
  term: données des élèves
  definition: Ce qui décrit un élève.
  mots: [notes, rgpd, intelligences artificielles]
  clauses: [cadre-rgpd]
- id: evaluation
  term: évaluation
  definition: Mesurer les acquis.
  aliases: [note]
  mots: [notes]
  clauses: [cadre-rgpd]
- id: Vide
  term: vide
  clauses: []
`
	questions := `
-- questions/a.yaml --
- id: notes-chatgpt
  question: Puis-je mettre les notes dans ChatGPT ?
  roles: [enseignant, inspecteur]
  themes: [rgpd]
  verdict: peut-etre
  answer: Non. Les données des élèves ne vont pas dans un outil grand public.
  clauses: [cadre-rgpd, cadre-inconnue]
  phrasings: [notes chatgpt, notes dans une ia, notes chatgpt]
- id: avis-syndical
  question: Le syndicat est-il d'accord ?
  roles: [enseignant]
  themes: [rgpd]
  verdict: oui
  answer: Oui. Le syndicat approuve le texte.
  clauses: [syndicat-avis]
  phrasings: [syndicat d'accord, avis du syndicat, le syndicat approuve]
- id: notes-chatgpt
  question: Deux fois le même id ?
  roles: [aesh]
  themes: [rgpd]
  verdict: non-dit
  answer: Les textes ne disent rien.
  clauses: [cadre-rgpd]
  phrasings: [un]
  note: inconnue
`
	archive := strings.Replace(taxonomy, "-- synonyms.yaml --", verdicts+"-- synonyms.yaml --", 1) + goodDoc + union + glossary + questions
	got := loadErrors(t, archive)
	want := []string{
		"content/glossaire.yaml:5:19: anglais: \"privacy\" is neither the term nor one of its aliases",
		"content/glossaire.yaml:6:28: \"Notes\" is already a spelling of term \"rgpd\" (line 6)",
		"content/glossaire.yaml:8:3: glossary term \"rgpd\" is defined twice (first at line 1)",
		"content/glossaire.yaml:11:13: \"gdpr\" is already a spelling of term \"rgpd\" (line 4)",
		"content/glossaire.yaml:12:13: term \"rgpd\" cites clause \"cadre-absente\", which does not exist",
		// « notes » may lead to two notions; « rgpd », a term, to one only.
		"content/glossaire.yaml:16:17: \"rgpd\" is already a spelling of term \"rgpd\" (line 2): a term, an alias or a synonym leads to one notion (only everyday words may lead to several)",
		// Compared as the search compares them: a plural is its singular.
		"content/glossaire.yaml:16:23: \"intelligences artificielles\" is already a spelling of a group of synonyms.yaml: a term, an alias or a synonym leads to one notion (only everyday words may lead to several)",
		"content/glossaire.yaml:21:13: \"note\" is already a spelling of term \"rgpd\" (line 6): a term, an alias or a synonym leads to one notion (only everyday words may lead to several)",
		"content/glossaire.yaml:24:3: glossary term \"Vide\" has no definition",
		"content/glossaire.yaml:24:3: glossary term \"Vide\" must cite 1 to 8 clauses (has 0)",
		"content/glossaire.yaml:24:7: id \"Vide\" is not kebab-case (lower-case ASCII words joined by hyphens)",
		"content/questions/a.yaml:1:3: question \"notes-chatgpt\" needs 3 to 8 phrasings (has 2)",
		"content/questions/a.yaml:3:23: unknown role \"inspecteur\" (known: enseignant, aesh, eleve, tous)",
		"content/questions/a.yaml:5:12: unknown verdict \"peut-etre\" (known: oui, non, non-dit)",
		"content/questions/a.yaml:7:25: question \"notes-chatgpt\" cites clause \"cadre-inconnue\", which does not exist",
		"content/questions/a.yaml:8:49: phrasing \"notes chatgpt\" is given twice",
		"content/questions/a.yaml:13:12: question \"avis-syndical\" answers \"oui\": it must cite at least one clause of kind \"officiel\" behind that verdict",
		"content/questions/a.yaml:17:3: question \"notes-chatgpt\" needs 3 to 8 phrasings (has 0)",
		"content/questions/a.yaml:17:3: duplicate question id \"notes-chatgpt\" (also at content/questions/a.yaml:1)",
		"content/questions/a.yaml:22:11: an answer has 2 to 6 sentences (this one has 1)",
		"content/questions/a.yaml:24:15: phrasing \"un\" is only stop words: it can never match",
		"content/questions/a.yaml:25:3: unknown key \"note\" (known: id, question, roles, themes, audience, verdict, answer, clauses, phrasings, replaces)",
	}
	sameErrors(t, got, want)
}

// TestLoadLexiconErrors: the query lexicon is checked like the rest, every
// problem at once at its file:line:col — its school levels and the terms
// that name AI among them.
func TestLoadLexiconErrors(t *testing.T) {
	lexicon := `
-- vocabulaire.yaml --
questions: [est-ce que je peux]
niveaux:
  - id: primaire
    mots: [CM2, école primaire]
  - id: primaire
    mots: [CP]
  - id: college
  - mots: [6e]
  - id: Lycee
    mots: [lycée]
    tranche: 15-18
ia: [ia, inconnu, ia]
intentions:
  - mots: [droit]
    favorise:
      nature: [obligation]
      kind: [loi]
sections: []
`
	glossary := `
-- glossaire.yaml --
- id: ia
  term: réseau de neurones
  definition: Des programmes qui imitent un travail intellectuel.
  clauses: [cadre-rgpd]
`
	archive := taxonomy + goodDoc + glossary + lexicon
	got := loadErrors(t, archive)
	want := []string{
		`content/vocabulaire.yaml:5:5: level "primaire" is given twice`,
		`content/vocabulaire.yaml:7:5: a level needs an id and the mots that name it`,
		`content/vocabulaire.yaml:8:5: a level needs an id and the mots that name it`,
		`content/vocabulaire.yaml:9:9: id "Lycee" is not kebab-case (lower-case ASCII words joined by hyphens)`,
		`content/vocabulaire.yaml:11:5: unknown key "tranche" (known: id, mots)`,
		`content/vocabulaire.yaml:12:10: ia: "inconnu" is not a term of the glossary`,
		`content/vocabulaire.yaml:12:19: ia: "ia" is given twice`,
		`content/vocabulaire.yaml:17:14: unknown kind "loi" (known: officiel, syndical)`,
		`content/vocabulaire.yaml:18:1: unknown key "sections" (known: questions, texto, niveaux, ia, intentions)`,
	}
	sameErrors(t, got, want)
}
