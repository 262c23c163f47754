package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"unicode"
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
	// QueryStop are dropped from queries only (see QueryStopWords).
	QueryStop []string `json:"queryStop"`
	// Fold maps each character that accent folding changes to what it
	// becomes (« é » → « e », « œ » → « oe », « ’ » → « ' »).
	Fold FoldTable `json:"fold"`
}

// FoldTable maps a character to what accent folding makes of it. In JSON
// it is a flat list, in the order of the characters: for each one, the
// number of characters skipped since the previous (from U+0080), then
// what it becomes — a third of the size of an object once gzipped, and
// the static copy's search page has a budget.
type FoldTable map[string]string

// MarshalJSON writes the table as [gap, folded, gap, folded, …].
func (f FoldTable) MarshalJSON() ([]byte, error) {
	chars := make([]rune, 0, len(f))
	for k := range f {
		r, size := utf8.DecodeRuneInString(k)
		if size != len(k) || r < 0x80 {
			return nil, fmt.Errorf("index: fold table key %q is not one non-ASCII character", k)
		}
		chars = append(chars, r)
	}
	slices.Sort(chars)
	out := make([]any, 0, 2*len(chars))
	prev := rune(0x7f)
	for _, r := range chars {
		out = append(out, r-prev-1, f[string(r)])
		prev = r
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *FoldTable) UnmarshalJSON(b []byte) error {
	var flat []any
	if err := json.Unmarshal(b, &flat); err != nil {
		return err
	}
	if len(flat)%2 != 0 {
		return errors.New("index: fold table: odd length")
	}
	t := make(FoldTable, len(flat)/2)
	prev := rune(0x7f)
	for i := 0; i < len(flat); i += 2 {
		gap, ok := flat[i].(float64)
		to, ok2 := flat[i+1].(string)
		if !ok || !ok2 || gap < 0 || gap != float64(int(gap)) {
			return fmt.Errorf("index: fold table: bad entry %d", i/2)
		}
		if gap > unicode.MaxRune {
			return fmt.Errorf("index: fold table: entry %d is past the last character", i/2)
		}
		prev += rune(gap) + 1
		if prev > unicode.MaxRune || (prev >= 0xD800 && prev <= 0xDFFF) {
			return fmt.Errorf("index: fold table: entry %d is not a character (U+%04X)", i/2, prev)
		}
		t[string(prev)] = to
	}
	*f = t
	return nil
}

// AnalysisTables returns the tables of the analyzers.
func AnalysisTables() (Tables, error) {
	t := Tables{Fold: make(FoldTable)}
	for _, l := range []struct {
		into *[]string
		src  []byte
	}{
		{&t.Articles, fr.FrenchArticles},
		{&t.Stop, fr.FrenchStopWords},
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
	t.QueryStop = slices.Sorted(maps.Keys(QueryStopWords()))
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

// QueryStopWords are the words dropped from queries only, not from the
// texts indexed: English stop words, since people type English questions
// (« what does the union say about cheating ») while the content keeps its
// French words; and the French stop words that have an accent, as typed
// without it (« meme », « ete », « etait »): the French list is applied
// before folding, so « même » is dropped but « meme » would be searched,
// and weigh as a rare word of the clauses.
var QueryStopWords = sync.OnceValue(func() map[string]struct{} {
	out := make(map[string]struct{})
	english, french := analysis.NewTokenMap(), analysis.NewTokenMap()
	if err := english.LoadBytes(en.EnglishStopWords); err != nil {
		panic(err) // a constant of bleve
	}
	if err := french.LoadBytes(fr.FrenchStopWords); err != nil {
		panic(err)
	}
	for w := range english {
		out[w] = struct{}{}
	}
	fold := asciifolding.New()
	for w := range french {
		if f := string(fold.Filter([]byte(w))); f != w {
			out[f] = struct{}{}
		}
	}
	return out
})
