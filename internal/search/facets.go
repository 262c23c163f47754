// Facet counts: the values of every clause as bit sets, and the counter that
// reads them for each match.

package search

import (
	"math/bits"
	"slices"

	"github.com/reperes-ia/reperes/internal/kb"
)

// facetTable holds, for one facet, the values of every clause as a bit
// set over the vocabulary (words uint64s per clause, by the clause's
// position in the corpus): searches read it for every match, in corpus
// order, so it is kept flat and small.
type facetTable struct {
	facet kb.FacetVocabulary
	ids   []string
	words int
	bits  []uint64
}

func (t *facetTable) set(pos int) []uint64 { return t.bits[pos*t.words : (pos+1)*t.words] }

func newFacetTables(c *kb.Corpus) []facetTable {
	var out []facetTable
	clauses := c.Clauses()
	for _, f := range c.Taxonomy.Facets() {
		t := facetTable{facet: f, ids: f.Vocab.IDs()}
		t.words = (len(t.ids) + 63) / 64
		t.bits = make([]uint64, len(clauses)*t.words)
		for pos, cl := range clauses {
			set := t.set(pos)
			for _, v := range c.FacetValues(cl, f) {
				if i := slices.Index(t.ids, v); i >= 0 {
					set[i/64] |= 1 << (i % 64)
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// counter counts the clauses that pass a query's filters (OR within a
// facet, AND across facets) and the facet values: a facet with a
// selection is counted with every filter but its own (disjunctive counts),
// so that its other values show what ticking them adds.
type counter struct {
	tables []facetTable
	// selected are the values ticked, as bit sets like the tables'; nil
	// for a facet without filter.
	selected [][]uint64
	q        kb.Query
	total    int
	counts   [][]int
	// clauses are the corpus's, for a query restricted to one document.
	clauses []*kb.Clause
}

func (s *Searcher) counter(q kb.Query) *counter {
	c := &counter{tables: s.facets, q: q, clauses: s.corpus.Clauses()}
	for _, t := range s.facets {
		var sel []uint64
		if values := q.Filters(t.facet.Name); len(values) > 0 {
			sel = make([]uint64, t.words) // an unknown value matches nothing
			for _, v := range values {
				if i := slices.Index(t.ids, v); i >= 0 {
					sel[i/64] |= 1 << (i % 64)
				}
			}
		}
		c.selected = append(c.selected, sel)
		c.counts = append(c.counts, make([]int, len(t.ids)))
	}
	return c
}

// add counts the clause at pos, and reports whether it passes every filter.
func (c *counter) add(pos int) bool {
	if c.q.Document != "" && c.clauses[pos].Document != c.q.Document {
		return false // out of scope: not counted at all
	}
	failing, fails := -1, 0
	for f, sel := range c.selected {
		if sel == nil {
			continue
		}
		set, ok := c.tables[f].set(pos), false
		for w := range sel {
			ok = ok || set[w]&sel[w] != 0
		}
		if !ok {
			failing = f
			if fails++; fails > 1 {
				return false
			}
		}
	}
	if fails == 1 {
		// Counted only for the facet it fails: ticking one of its values
		// there would bring it in.
		c.count(failing, pos)
		return false
	}
	c.total++
	for f := range c.tables {
		c.count(f, pos)
	}
	return true
}

func (c *counter) count(f, pos int) {
	counts := c.counts[f]
	for w, word := range c.tables[f].set(pos) {
		for ; word != 0; word &= word - 1 {
			counts[w*64+bits.TrailingZeros64(word)]++
		}
	}
}

// facets lists each facet's values in vocabulary order: those with
// results, and the selected ones even without (so they can be unticked).
func (c *counter) facets() []kb.Facet {
	out := make([]kb.Facet, len(c.tables))
	for f, t := range c.tables {
		selected := c.q.Filters(t.facet.Name)
		facet := kb.Facet{Name: t.facet.Name, Values: []kb.FacetValue{}}
		for i, term := range t.facet.Vocab.Terms {
			sel := slices.Contains(selected, term.ID)
			if c.counts[f][i] > 0 || sel {
				facet.Values = append(facet.Values, kb.FacetValue{Value: term.ID, Label: term.Label, Count: c.counts[f][i], Selected: sel})
			}
		}
		out[f] = facet
	}
	return out
}
