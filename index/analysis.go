package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzers of the index. Both fold case, English possessives (« student's »
// is « student »: queries come in English too, and no French word ends in
// 's), elisions (l', qu', jusqu'…), French stop words and accents;
// StemAnalyzer also applies the light French stemmer. A query matched with ExactAnalyzer is an exact match (up to case
// and accents), one matched with StemAnalyzer may differ in inflection.
const (
	StemAnalyzer  = "fr_stem"
	ExactAnalyzer = "fr_exact"
)

// foldFilterName is the accent-folding token filter. bleve has only a
// folding *character* filter, which rewrites bytes before tokenising and so
// shifts highlight offsets (and can cut UTF-8 sequences in snippets). As a
// token filter it changes terms but keeps their offsets.
const foldFilterName = "fold_ascii_token"

type foldFilter struct {
	f *asciifolding.AsciiFoldingFilter
}

func (t foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		tok.Term = t.f.Filter(tok.Term) // Start and End untouched
	}
	return in
}

// register adds the folding filter to bleve's registry, once. Every entry
// point that makes or opens an index calls it: the analyzers are resolved
// from the registry when an index is opened, and a binary that forgot would
// fail with "no token filter with name or type … registered".
var register = sync.OnceFunc(func() {
	registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{asciifolding.New()}, nil
	})
})

// analyzerConfigs declares the custom analyzers, by the constants of the
// packages that register their parts, so that no import can be lost.
func analyzerConfigs() map[string]map[string]any {
	base := []string{lowercase.Name, en.PossessiveName, fr.ElisionName, fr.StopName, foldFilterName}
	return map[string]map[string]any{
		ExactAnalyzer: {"type": custom.Name, "tokenizer": unicode.Name, "token_filters": base},
		StemAnalyzer:  {"type": custom.Name, "tokenizer": unicode.Name, "token_filters": append(base, fr.LightStemmerName)},
	}
}

// keywordAnalyzer is referred to by name in the mapping.
const keywordAnalyzer = keyword.Name

// Token is one term of an analysed text, with its byte span in the text.
type Token struct {
	Term       string
	Start, End int
	Position   int
}

// analyzers caches the two analyzers, built from the same configuration as
// the mapping.
var analyzers = sync.OnceValue(func() map[string]analysis.Analyzer {
	m, err := Mapping(nil) // the analyzers do not depend on the facets
	if err != nil {
		panic(err) // the mapping is a constant of this package
	}
	out := make(map[string]analysis.Analyzer)
	for _, name := range []string{StemAnalyzer, ExactAnalyzer} {
		out[name] = m.AnalyzerNamed(name)
	}
	return out
})

// Analyze runs the named analyzer (StemAnalyzer or ExactAnalyzer) on text.
func Analyze(analyzer, text string) []Token {
	a := analyzers()[analyzer]
	if a == nil {
		return nil
	}
	stream := a.Analyze([]byte(text))
	out := make([]Token, len(stream))
	for i, t := range stream {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out
}

// Terms returns the stemmed terms of text: what the index matches on.
func Terms(text string) []string {
	toks := Analyze(StemAnalyzer, text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Word is a word of a text as the index sees it: its exact term (folded,
// as ExactAnalyzer gives it), its stem (as StemAnalyzer gives it), and its
// byte span and position in the text.
type Word struct {
	Exact, Stem string
	Start, End  int
	Position    int
}

// Words analyses text once for both analyzers: the stem analyzer is the
// exact one followed by the light stemmer.
func Words(text string) []Word {
	toks := Analyze(ExactAnalyzer, text)
	stream := make(analysis.TokenStream, len(toks))
	out := make([]Word, len(toks))
	for i, t := range toks {
		stream[i] = &analysis.Token{Term: []byte(t.Term)}
		out[i] = Word{Exact: t.Term, Start: t.Start, End: t.End, Position: t.Position}
	}
	fr.NewFrenchLightStemmerFilter().Filter(stream)
	for i, t := range stream {
		out[i].Stem = string(t.Term)
	}
	return out
}
