package search

import (
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
)

// Tuning is the ranking parameters of this package. The browser search of
// the static export is a port of this engine: it reads them from the data
// the export writes, so that a change here reaches it.
type Tuning struct {
	WeightExact     float64 `json:"weightExact"`
	WeightStem      float64 `json:"weightStem"`
	WeightFuzzy     float64 `json:"weightFuzzy"`
	WeightTitle     float64 `json:"weightTitle"`
	WeightPhrase    float64 `json:"weightPhrase"`
	WeightContext   float64 `json:"weightContext"`
	ContextShare    float64 `json:"contextShare"`
	ContextMinDocs  int     `json:"contextMinDocs"`
	WeightFacetWord float64 `json:"weightFacetWord"`
	WeightCommon    float64 `json:"weightCommon"`
	CommonShare     float64 `json:"commonShare"`
	WeightStrict    float64 `json:"weightStrict"`
	WeightSynonym   float64 `json:"weightSynonym"`
	WeightReference float64 `json:"weightReference"`
	MaxPhraseTerms  int     `json:"maxPhraseTerms"`
	FuzzyMinRunes   int     `json:"fuzzyMinRunes"`
	FuzzyPrefix     int     `json:"fuzzyPrefix"`
	RelaxBelow      int     `json:"relaxBelow"`
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
		RelaxBelow: relaxBelow,
	}
}

// FacetWord is a name that, typed in a query, says who is asking or what
// kind of source is wanted (« AESH », « syndicat »): it favours the clauses
// with Value in Field instead of being a word they must contain.
type FacetWord struct {
	Text  string `json:"text"`
	Field string `json:"field"`
	Value string `json:"value"`
}

// FacetWords lists the facet words of a taxonomy: the ids, labels and
// aliases of the staff roles and of the document kinds.
func FacetWords(t *kb.Taxonomy) []FacetWord {
	var out []FacetWord
	add := func(field string, v *kb.Vocabulary, ids []string) {
		for _, id := range ids {
			term, _ := v.Term(id)
			for _, name := range append([]string{term.ID, term.Label}, term.Aliases...) {
				out = append(out, FacetWord{Text: name, Field: field, Value: id})
			}
		}
	}
	add(index.FieldRole, &t.Roles, t.AllStaff.Expands)
	add(index.FieldKind, &t.Kinds, t.Kinds.IDs())
	return out
}
