package index

import (
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
)

// Tables are the word lists and the folding table of the analyzers, for a
// port of them that runs elsewhere (the browser search of the static
// export). The port reads them from data, so it cannot drift from this
// package's lists; its code (tokenising, stemming) is checked against
// Analyze by vectors.
type Tables struct {
	// Articles are the elided words (« l' », « qu' »…).
	Articles []string `json:"articles"`
	// Stop are the French stop words, dropped from texts and queries.
	Stop []string `json:"stop"`
	// EnglishStop are dropped from queries only (see package search).
	EnglishStop []string `json:"englishStop"`
	// Fold maps each character that accent folding changes to what it
	// becomes (« é » → « e », « œ » → « oe », « ’ » → « ' »).
	Fold map[string]string `json:"fold"`
}

// AnalysisTables returns the tables of the analyzers.
func AnalysisTables() (Tables, error) {
	t := Tables{Fold: make(map[string]string)}
	for _, l := range []struct {
		into *[]string
		src  []byte
	}{
		{&t.Articles, fr.FrenchArticles},
		{&t.Stop, fr.FrenchStopWords},
		{&t.EnglishStop, en.EnglishStopWords},
	} {
		m := analysis.NewTokenMap()
		if err := m.LoadBytes(l.src); err != nil {
			return Tables{}, err
		}
		for w := range m {
			*l.into = append(*l.into, w)
		}
		slices.Sort(*l.into)
	}
	f := asciifolding.New()
	var buf [utf8.UTFMax]byte
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are not characters
		}
		in := buf[:utf8.EncodeRune(buf[:], r)]
		if out := f.Filter(in); string(out) != string(in) {
			t.Fold[string(in)] = string(out)
		}
	}
	return t, nil
}
