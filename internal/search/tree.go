// The query tree: what a search looks for, independent of any engine.
//
// The parser (query.go) builds it once per search; Compile turns it into
// bleve's queries, highlighting reads its words (highlight.go), and the
// browser's engine (static/js/moteur.js) builds the same tree from the
// same rules and evaluates it itself. Its JSON form is what the two
// engines compare on every judged query (see the parity test in package
// export): a change of ranking rules on one side shows as a different
// tree before it shows as a different ranking.

package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Operations of a query tree node.
const (
	OpTerm   = "term"   // one term in one field
	OpPhrase = "phrase" // terms by position in one field
	OpDis    = "dis"    // at least Min of Children (any, when Min is 0)
	OpBool   = "bool"   // every one of Must, and any of Should for a bonus
	OpIDs    = "ids"    // the clauses of IDs, for a constant score
	OpNone   = "none"   // nothing
)

// Query is a node of a query tree. Scores are bleve's tf-idf: a term
// scores by its frequency in the field and its rarity, times Boost; a
// disjunction the sum of its matching children times the share of them
// that match; a boolean query the sum of its parts.
type Query struct {
	Op    string `json:"op"`
	Field string `json:"field,omitempty"`
	// Term is the term of OpTerm; Terms the terms of OpPhrase by position
	// from the first, an empty position matching any word (a stop word
	// removed).
	Term     string     `json:"term,omitempty"`
	Terms    [][]string `json:"terms,omitempty"`
	Boost    float64    `json:"boost,omitempty"`
	Children []*Query   `json:"children,omitempty"`
	Min      int        `json:"min,omitempty"`
	Must     []*Query   `json:"must,omitempty"`
	Should   []*Query   `json:"should,omitempty"`
	IDs      []string   `json:"ids,omitempty"`
}

func termQuery(term, field string, boost float64) *Query {
	return &Query{Op: OpTerm, Field: field, Term: term, Boost: boost}
}

func phraseQuery(terms [][]string, field string, boost float64) *Query {
	return &Query{Op: OpPhrase, Field: field, Terms: terms, Boost: boost}
}

func disQuery(min int, children ...*Query) *Query {
	return &Query{Op: OpDis, Children: children, Min: min}
}

func boolQuery(must []*Query, should ...*Query) *Query {
	return &Query{Op: OpBool, Must: must, Should: should}
}

func idsQuery(ids []string, boost float64) *Query {
	return &Query{Op: OpIDs, IDs: ids, Boost: boost}
}

// Compile returns the bleve query that scores as q does.
func (q *Query) Compile() query.Query { return q.compile(nil) }

// compile is Compile; a term or phrase that live says no clause has in its
// field becomes a query that matches nothing. It scores as the term would
// (nothing), and still counts among its siblings in bleve's coordination
// factor, so that scores keep their order; bleve then skips opening the
// term's postings, which was most of a search's time. (Only the query norm,
// one factor for every clause of a search, changes.)
func (q *Query) compile(live func(field, term string) bool) query.Query {
	switch q.Op {
	case OpTerm:
		if live != nil && !live(q.Field, q.Term) {
			return bleve.NewMatchNoneQuery()
		}
		t := bleve.NewTermQuery(q.Term)
		t.SetField(q.Field)
		t.SetBoost(q.Boost)
		return t
	case OpPhrase:
		for _, slot := range q.Terms {
			if live != nil && len(slot) == 1 && !live(q.Field, slot[0]) {
				return bleve.NewMatchNoneQuery()
			}
		}
		p := query.NewMultiPhraseQuery(q.Terms, q.Field)
		p.SetBoost(q.Boost)
		return p
	case OpDis:
		d := bleve.NewDisjunctionQuery(compileAll(q.Children, live)...)
		d.SetMin(float64(q.Min))
		return d
	case OpBool:
		b := bleve.NewBooleanQuery()
		if len(q.Must) > 0 {
			b.AddMust(compileAll(q.Must, live)...)
		}
		if len(q.Should) > 0 {
			b.AddShould(compileAll(q.Should, live)...)
		}
		return b
	case OpIDs:
		ids := bleve.NewDocIDQuery(q.IDs)
		ids.SetBoost(q.Boost)
		return ids
	}
	return bleve.NewMatchNoneQuery()
}

func compileAll(qs []*Query, live func(field, term string) bool) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = q.compile(live)
	}
	return out
}

// walk calls f on q and every node below it, depth first.
func (q *Query) walk(f func(*Query)) {
	f(q)
	for _, list := range [][]*Query{q.Children, q.Must, q.Should} {
		for _, c := range list {
			c.walk(f)
		}
	}
}
