package search

import (
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/reperes-ia/reperes/index"
)

// Weights of the parts of a text query. A word found as typed (up to case
// and accents) scores above the same word found through its stem, which
// scores above a word found despite a typo; a title match weighs more than
// a text match; the whole query found as a phrase adds a bonus.
const (
	weightExact   = 3.0
	weightStem    = 1.5
	weightFuzzy   = 0.4
	weightTitle   = 2.0 // multiplies the others on title fields
	weightPhrase  = 2.0
	weightSynonym = 0.8 // multiplies a synonym's weights; the user's own words weigh 1
	// weightReference favours the reference texts (the first kind of the
	// taxonomy) over comments on them when both match equally.
	weightReference = 0.3
)

// Typo tolerance: words of at least fuzzyMinRunes letters may differ by one
// edit from an indexed stem, after a common prefix of fuzzyPrefix letters.
// Shorter words must match: one edit on a short word matches too much.
const (
	fuzzyMinRunes = 5
	fuzzyPrefix   = 2
)

// synonyms holds the synonym groups, analysed once.
type synonyms struct {
	groups [][]alternative
	// maxLen is the longest alternative, in terms.
	maxLen int
}

type alternative struct {
	text  string   // as written in the synonym file
	exact []string // its terms without stemming
	stems []string // its terms with stemming
}

func newSynonyms(groups [][]string) *synonyms {
	s := &synonyms{}
	for _, g := range groups {
		var alts []alternative
		for _, text := range g {
			a := alternative{text: text, exact: terms(index.ExactAnalyzer, text), stems: terms(index.StemAnalyzer, text)}
			if len(a.stems) == 0 || len(a.exact) != len(a.stems) {
				continue // only stop words: the loader reports these
			}
			alts = append(alts, a)
			s.maxLen = max(s.maxLen, len(a.stems))
		}
		if len(alts) > 1 {
			s.groups = append(s.groups, alts)
		}
	}
	return s
}

func terms(analyzer, text string) []string {
	toks := index.Analyze(analyzer, text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// match returns the group and alternative whose stems start stems, the
// longest first, or nil.
func (s *synonyms) match(stems []string) ([]alternative, int) {
	for n := min(s.maxLen, len(stems)); n > 0; n-- {
		for _, g := range s.groups {
			for i, a := range g {
				if slices.Equal(a.stems, stems[:n]) {
					return g, i
				}
			}
		}
	}
	return nil, -1
}

// parsedText is a query text cut into units: the parts a clause must match,
// each a word or a span of words that a synonym group recognised.
type parsedText struct {
	units []query.Query
	// phrase is the text to match as a whole, when it has several terms.
	phrase string
}

// parseText analyses the query text and builds one query per unit. User
// input is only ever analysed into terms: it never reaches bleve's query
// string syntax, so "field:", "*", "/regexp/" are just characters.
func (s *synonyms) parseText(text string) parsedText {
	exact := index.Analyze(index.ExactAnalyzer, text)
	stemTok := index.Analyze(index.StemAnalyzer, text)
	if len(exact) != len(stemTok) {
		exact = stemTok // cannot happen: the stemmer maps terms one to one
	}
	stems := make([]string, len(stemTok))
	for i, t := range stemTok {
		stems[i] = t.Term
	}
	var p parsedText
	for i := 0; i < len(stems); {
		if group, own := s.match(stems[i:]); group != nil {
			p.units = append(p.units, synonymQuery(group, own))
			i += len(group[own].stems)
			continue
		}
		word := text[exact[i].Start:exact[i].End]
		p.units = append(p.units, wordQuery(exact[i].Term, stems[i], utf8.RuneCountInString(word) >= fuzzyMinRunes, 1))
		i++
	}
	if len(stems) > 1 {
		p.phrase = text
	}
	return p
}

// wordQuery matches one word: as typed, by its stem and, for a long word,
// with one typo.
func wordQuery(exact, stem string, fuzzy bool, weight float64) query.Query {
	qs := []query.Query{
		termQuery(exact, index.FieldTitleExact, weight*weightExact*weightTitle),
		termQuery(exact, index.FieldTextExact, weight*weightExact),
		termQuery(stem, index.FieldTitle, weight*weightStem*weightTitle),
		termQuery(stem, index.FieldText, weight*weightStem),
	}
	if fuzzy {
		// On the unstemmed words: a stem is short ("données" gives "done"),
		// and one edit on a short stem matches unrelated words ("dont").
		for _, f := range []struct {
			field string
			boost float64
		}{{index.FieldTitleExact, weightFuzzy * weightTitle}, {index.FieldTextExact, weightFuzzy}} {
			fq := bleve.NewFuzzyQuery(exact)
			fq.SetField(f.field)
			fq.SetFuzziness(1)
			fq.SetPrefix(fuzzyPrefix)
			fq.SetBoost(weight * f.boost)
			qs = append(qs, fq)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// synonymQuery matches any alternative of a synonym group; own is the one
// the user typed, which weighs more than the others.
func synonymQuery(group []alternative, own int) query.Query {
	var qs []query.Query
	for i, a := range group {
		weight := weightSynonym
		if i == own {
			weight = 1
		}
		if len(a.stems) == 1 {
			qs = append(qs, wordQuery(a.exact[0], a.stems[0], false, weight))
			continue
		}
		for _, f := range []struct {
			field string
			boost float64
		}{
			{index.FieldTitleExact, weightExact * weightTitle},
			{index.FieldTextExact, weightExact},
			{index.FieldTitle, weightStem * weightTitle},
			{index.FieldText, weightStem},
		} {
			qs = append(qs, phraseQuery(a.text, f.field, weight*f.boost))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func termQuery(term, field string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func phraseQuery(text, field string, boost float64) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// required is how many of n units a clause must match. Short queries need
// every word ("donnees eleves" means both); longer ones, often questions,
// need most of them, and clauses that match more rank higher.
func required(n int) int {
	switch {
	case n <= 2:
		return n
	case n == 3:
		return 2
	}
	return (n + 1) / 2
}

// textQuery builds the query for a text: its units, min of which must
// match, plus a bonus for the whole text found as a phrase. It returns nil
// when the text has no searchable term (only stop words).
func (p parsedText) textQuery(min int) query.Query {
	if len(p.units) == 0 {
		return nil
	}
	core := bleve.NewDisjunctionQuery(p.units...)
	core.SetMin(float64(min))
	bq := bleve.NewBooleanQuery()
	bq.AddMust(core)
	if p.phrase != "" {
		bq.AddShould(
			phraseQuery(p.phrase, index.FieldTitleExact, weightPhrase*weightTitle),
			phraseQuery(p.phrase, index.FieldTextExact, weightPhrase),
		)
	}
	return bq
}
