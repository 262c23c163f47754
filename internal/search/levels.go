package search

import (
	"slices"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
)

// levelSet is a set of school levels, by their position in the lexicon.
type levelSet uint64

// levels are the words that name each school level of the lexicon, as
// analysed term sequences.
type levels [][][]string

// newLevels analyses the words of the lexicon's levels (at most
// kb.MaxLevels, as the loader checks).
func newLevels(lv []kb.Level) levels {
	out := make(levels, min(len(lv), kb.MaxLevels))
	for i := range out {
		for _, w := range lv[i].Words {
			if terms := index.Terms(w); len(terms) > 0 {
				out[i] = append(out[i], terms)
			}
		}
	}
	return out
}

// of returns the levels that a text, as its analysed terms, names: those
// one of whose words stands in it, whole.
func (l levels) of(terms []string) levelSet {
	var set levelSet
	for i, words := range l {
		for _, w := range words {
			if containsRun(terms, w) {
				set |= 1 << i
				break
			}
		}
	}
	return set
}

// containsRun reports whether run stands in terms, its terms in a row.
func containsRun(terms, run []string) bool {
	for i := 0; i+len(run) <= len(terms); i++ {
		if slices.Equal(terms[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
