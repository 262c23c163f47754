package search

import (
	"slices"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
)

// Tuning is the ranking parameters of this package. The browser search of
// the static export is a port of this engine: it reads them from the data
// the export writes, so that a change here reaches it.
type Tuning struct {
	WeightExact      float64 `json:"weightExact"`
	WeightStem       float64 `json:"weightStem"`
	WeightFuzzy      float64 `json:"weightFuzzy"`
	WeightTitle      float64 `json:"weightTitle"`
	WeightPhrase     float64 `json:"weightPhrase"`
	WeightContext    float64 `json:"weightContext"`
	ContextShare     float64 `json:"contextShare"`
	ContextMinDocs   int     `json:"contextMinDocs"`
	WeightFacetWord  float64 `json:"weightFacetWord"`
	WeightCommon     float64 `json:"weightCommon"`
	CommonShare      float64 `json:"commonShare"`
	WeightStrict     float64 `json:"weightStrict"`
	WeightSynonym    float64 `json:"weightSynonym"`
	WeightReference  float64 `json:"weightReference"`
	MaxPhraseTerms   int     `json:"maxPhraseTerms"`
	FuzzyMinRunes    int     `json:"fuzzyMinRunes"`
	FuzzyPrefix      int     `json:"fuzzyPrefix"`
	RelaxBelow       int     `json:"relaxBelow"`
	WeightFamily     float64 `json:"weightFamily"`
	WeightQuestions  float64 `json:"weightQuestions"`
	AnswerCover      float64 `json:"answerCover"`
	AnswerMargin     float64 `json:"answerCoverMargin"`
	AnswerCoverScore float64 `json:"answerCoverScore"`
	AnswerMin        float64 `json:"answerMin"`
	AnswerSecond     float64 `json:"answerSecond"`
	AnswerBeta       float64 `json:"answerBeta"`
	AnswerRole       float64 `json:"answerRole"`
	AnswerLevel      float64 `json:"answerLevel"`
	MaxAnswers       int     `json:"maxAnswers"`
	RelatedMin       float64 `json:"relatedMin"`
	MaxRelated       int     `json:"maxRelated"`
	WeightAnswered   float64 `json:"weightAnswered"`
}

// CurrentTuning returns the parameters this package ranks with.
func CurrentTuning() Tuning {
	return Tuning{
		WeightExact: weightExact, WeightStem: weightStem, WeightFuzzy: weightFuzzy,
		WeightTitle: weightTitle, WeightPhrase: weightPhrase, WeightContext: weightContext,
		ContextShare: contextShare, ContextMinDocs: contextMinDocs,
		WeightFacetWord: weightFacetWord, WeightCommon: weightCommon, CommonShare: commonShare,
		WeightStrict: weightStrict, WeightSynonym: weightSynonym, WeightReference: weightReference,
		MaxPhraseTerms: maxPhraseTerms, FuzzyMinRunes: fuzzyMinRunes, FuzzyPrefix: fuzzyPrefix,
		RelaxBelow: relaxBelow, WeightFamily: weightFamily, WeightQuestions: weightQuestions,
		AnswerCover: answerCover, AnswerMargin: answerCoverMargin, AnswerCoverScore: answerCoverScore,
		AnswerMin: answerMin, AnswerSecond: answerSecond, AnswerBeta: answerBeta, AnswerRole: answerRole, AnswerLevel: answerLevel,
		MaxAnswers: maxAnswers, RelatedMin: relatedMin, MaxRelated: maxRelated, WeightAnswered: weightAnswered,
	}
}

// FacetWord is a word that, typed in a query, says who is asking, what
// kind of source is wanted (« AESH », « syndicat ») or what kind of rule
// (« interdit »): it favours the clauses with those values instead of
// being a word they must contain.
type FacetWord struct {
	Text    string       `json:"text"`
	Favours []FieldValue `json:"favours"`
	// Weight is the weight of each value favoured: an intent is a gentler
	// hint than a role or a kind named.
	Weight float64 `json:"weight"`
	// Required is set for an intent: its word is still one a clause should
	// contain (« obligatoire » is what the question is about), and the
	// values it favours come on top.
	Required bool `json:"required,omitempty"`
}

// FieldValue is a value of a facet field.
type FieldValue struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// FacetWords lists the facet words of a taxonomy — the ids, labels and
// aliases of the staff roles and of the document kinds — then the words of
// the lexicon's intents.
func FacetWords(t *kb.Taxonomy, lx kb.Lexicon) []FacetWord {
	var out []FacetWord
	add := func(field string, v *kb.Vocabulary, ids []string) {
		for _, id := range ids {
			term, _ := v.Term(id)
			for _, name := range append([]string{term.ID, term.Label}, term.Aliases...) {
				out = append(out, FacetWord{Text: name, Favours: []FieldValue{{field, id}}, Weight: weightFacetWord})
			}
		}
	}
	add(index.FieldRole, &t.Roles, t.AllStaff.Expands)
	add(index.FieldKind, &t.Kinds, t.Kinds.IDs())
	for _, in := range lx.Intents {
		var favours []FieldValue
		for _, f := range t.Facets() {
			for _, v := range in.Favour[f.Name] {
				favours = append(favours, FieldValue{f.Name, v})
			}
		}
		for _, w := range in.Words {
			out = append(out, FacetWord{Text: w, Favours: favours, Weight: weightIntent, Required: true})
		}
	}
	return out
}

// Spelling is one way of writing a notion in a group of the query
// vocabulary. Narrower marks an everyday word that leads to the notion
// without the notion leading to it.
type Spelling struct {
	Text     string `json:"text"`
	Narrower bool   `json:"narrower,omitempty"`
	// Word numbers the everyday words of a term from 1: the spellings of
	// one word share it, and find each other.
	Word int `json:"word,omitempty"`
}

// Groups returns the query vocabulary: each synonym group, then each
// glossary term with its aliases and everyday words.
func Groups(c *kb.Corpus) [][]Spelling {
	var out [][]Spelling
	for _, g := range c.Synonyms {
		var group []Spelling
		for _, s := range g {
			group = append(group, Spelling{Text: s})
		}
		out = append(out, group)
	}
	for _, t := range c.Glossary {
		group := []Spelling{{Text: t.Term}}
		for _, a := range t.Aliases {
			group = append(group, Spelling{Text: a})
		}
		for i, word := range t.Words {
			for _, w := range word {
				group = append(group, Spelling{Text: w, Narrower: true, Word: i + 1})
			}
		}
		out = append(out, group)
	}
	return out
}

// AIWords returns the spellings that name AI: the term, the aliases and
// the everyday words of the glossary terms the lexicon lists as naming it
// (kb.Lexicon.AITerms), in glossary order. A query with none of them gets
// no answer card (see Searcher.answers).
func AIWords(c *kb.Corpus) []string {
	var out []string
	for _, t := range c.Glossary {
		if !slices.Contains(c.Lexicon.AITerms, t.ID) {
			continue
		}
		out = append(out, t.Term)
		out = append(out, t.Aliases...)
		for _, word := range t.Words {
			out = append(out, word...)
		}
	}
	return out
}
