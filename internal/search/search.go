// Package search answers queries over an index: it turns a kb.Query into
// bleve requests built in code (never bleve's query-string syntax), with
// French analysis, synonyms, typo tolerance, filters and disjunctive facet
// counts, and returns kb.Results with HTML-safe snippets.
package search

import (
	"context"
	"fmt"
	"html"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
)

// Timeout bounds one search, all its requests included.
const Timeout = 2 * time.Second

// snippetRunes is the length of a snippet made from the start of a clause
// when no passage matched (browsing, or a title-only match).
const snippetRunes = 220

// Searcher searches one index. It is safe for concurrent use.
type Searcher struct {
	ix     *index.Index
	corpus *kb.Corpus
	parser *queryParser
	facets []facetTable
	// words are the clauses' texts analysed, by position, for snippets;
	// nil for a corpus of more than wordsUpTo clauses.
	words [][]index.Word
	// asked are the ways of asking each question pratique, parsed, and
	// answerKeys their units by key (see keyIndex); terms the glossary by
	// the slugs of its spellings.
	asked       []asked
	answerKeys  map[string][]int
	answerFirst []int
	terms       map[string]*kb.GlossaryTerm
}

// New returns a searcher over ix, with the synonyms of its corpus.
func New(ix *index.Index) *Searcher {
	c := ix.Corpus()
	s := &Searcher{ix: ix, corpus: c, facets: newFacetTables(c)}
	textWords := func(pos int) []index.Word { return index.Words(c.Clauses()[pos].Text) }
	if c.NumClauses() <= wordsUpTo {
		s.words = make([][]index.Word, c.NumClauses())
		for i, cl := range c.Clauses() {
			s.words[i] = index.Words(cl.Text)
		}
		textWords = func(pos int) []index.Word { return s.words[pos] }
	}
	s.parser = newQueryParser(c, textWords)
	s.asked = newAsked(c, s.parser)
	s.answerKeys, s.answerFirst = keyIndex(s.asked)
	s.terms = glossaryKeys(c)
	return s
}

// Corpus returns the corpus of the index searched.
func (s *Searcher) Corpus() *kb.Corpus { return s.corpus }

// Search runs a validated query (see kb.Taxonomy.ParseQuery).
//
// An empty text lists the clauses that pass the filters, in corpus order.
// Otherwise clauses are ranked by relevance. If too few clauses have enough
// of the query's words, the query is relaxed to any of them, so that a long
// question still gets answers.
func (s *Searcher) Search(ctx context.Context, q kb.Query) (*kb.Results, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()

	if q.Text == "" {
		return s.run(ctx, nil, q)
	}
	p := s.parser.parseText(q.Text, false)
	answers := s.answers(p, q)
	p.answered = answered(answers)
	res, err := s.searchText(ctx, q, p)
	if err == nil && res.Total == 0 && p.skipped {
		// Nothing found: look for every word in the context too.
		all := s.parser.parseText(q.Text, true)
		all.answered = p.answered
		res, err = s.searchText(ctx, q, all)
	}
	if err != nil {
		return nil, err
	}
	res.Answers = answers
	res.Term = s.term(q.Text)
	return res, nil
}

// searchText runs the text query p, relaxed if it finds too little.
func (s *Searcher) searchText(ctx context.Context, q kb.Query, p parsedText) (*kb.Results, error) {
	strict := required(len(p.units))
	text := p.textQuery(strict, strict)
	if text == nil {
		return s.run(ctx, bleve.NewMatchNoneQuery(), q) // only stop words
	}
	res, err := s.run(ctx, text, q)
	if err != nil || strict <= 1 {
		return res, err
	}
	// Too few answers: relax. A two-word query keeps needing both words
	// unless nothing has them; a question (three words or more) is relaxed
	// as soon as it has fewer than relaxBelow answers. The clauses that had
	// enough words get a bonus, so they keep their place at the top.
	switch {
	case res.Total == 0:
		// No clause to favour: a bonus nobody can get would only dilute
		// the other optional parts (bleve's coordination factor).
		return s.run(ctx, p.textQuery(1, 1), q)
	case len(p.units) >= 3 && res.Total < relaxBelow:
		return s.run(ctx, p.textQuery(1, strict), q)
	}
	return res, nil
}

// relaxBelow is the number of answers under which a question is relaxed:
// the first page's first five places are filled with partial matches.
const relaxBelow = 5

func (s *Searcher) run(ctx context.Context, text query.Query, q kb.Query) (*kb.Results, error) {
	out := &kb.Results{Query: q}
	c := s.counter(q)
	if text == nil {
		// Browsing: the corpus is in memory and in order; no index needed.
		from := (q.Page - 1) * q.Size
		for pos, cl := range s.corpus.Clauses() {
			if c.add(pos) {
				if n := c.total - 1; n >= from && n < from+q.Size {
					out.Hits = append(out.Hits, kb.Hit{Clause: cl, Snippet: snippet(nil, cl.Text)})
				}
			}
		}
		out.Total = c.total
		out.Facets = c.facets()
		return out, nil
	}

	// One pass over every clause that matches the text: count it, and keep
	// it if it passes the filters and is among the best.
	ranked := bleve.NewBooleanQuery()
	ranked.AddMust(text)
	// On equal relevance, the reference texts come first.
	ranked.AddShould(termQuery(s.corpus.Taxonomy.Kinds.IDs()[0], index.FieldKind, weightReference))
	best := &topK{k: q.Page * q.Size}
	err := s.ix.Matches(ctx, ranked, func(pos int, score float64) {
		if c.add(pos) {
			best.push(pos, score)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out.Total = c.total
	out.Facets = c.facets()
	page := best.sorted()
	page = page[min(len(page), (q.Page-1)*q.Size):]
	if len(page) == 0 {
		return out, nil
	}

	// Snippets: the words the query looks for in the text field, marked
	// by bleve's highlighter in the best passage of each text.
	var fragments map[string][]string
	if s.words == nil {
		if fragments, err = s.indexFragments(ctx, text, page); err != nil {
			return nil, err
		}
	}
	words := highlightWords(text)
	for _, h := range page {
		cl := s.corpus.Clauses()[h.pos]
		f, ok := fragments[cl.ID]
		if !ok && s.words != nil {
			f = words.fragments(s.words[h.pos], cl.Text)
		}
		out.Hits = append(out.Hits, kb.Hit{Clause: cl, Snippet: snippet(f, cl.Text), Score: h.score})
	}
	return out, nil
}

// marked are the words a text query looks for in the text field: exact
// terms (text_exact) and stems (text), phrases' words included.
type marked struct {
	exact, stems map[string]bool
}

func highlightWords(q query.Query) marked {
	m := marked{exact: make(map[string]bool), stems: make(map[string]bool)}
	add := func(field, term string) {
		switch field {
		case index.FieldTextExact:
			m.exact[term] = true
		case index.FieldText:
			m.stems[term] = true
		}
	}
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.BooleanQuery:
			for _, part := range []query.Query{q.Must, q.Should} {
				if part != nil {
					walk(part)
				}
			}
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		case *query.DisjunctionQuery:
			for _, c := range q.Disjuncts {
				walk(c)
			}
		case *query.TermQuery:
			add(q.FieldVal, q.Term)
		case *query.MultiPhraseQuery:
			// Its words, wherever they are: a snippet shows them anyway.
			for _, slot := range q.Terms {
				for _, term := range slot {
					add(q.FieldVal, term)
				}
			}
		}
	}
	walk(q)
	return m
}

// htmlHighlighter is bleve's HTML highlighter: its fragmenter picks the
// passage with the most marked words, its formatter escapes the text and
// wraps the words in <mark>.
var htmlHighlighter = sync.OnceValue(func() highlight.Highlighter {
	h, err := registry.NewCache().HighlighterNamed(htmlhl.Name)
	if err != nil {
		panic(err) // registered by the import of htmlhl
	}
	return h
})

// fragments returns the best passage of text with the marked words, as
// escaped HTML, or nothing if no word is marked; words are the text's.
func (m marked) fragments(words []index.Word, text string) []string {
	locations := bsearch.TermLocationMap{}
	for _, w := range words {
		if m.exact[w.Exact] || m.stems[w.Stem] {
			locations[w.Exact] = append(locations[w.Exact], &bsearch.Location{Pos: uint64(w.Position), Start: uint64(w.Start), End: uint64(w.End)})
		}
	}
	if len(locations) == 0 {
		return nil
	}
	dm := &bsearch.DocumentMatch{Locations: bsearch.FieldTermLocationMap{index.FieldText: locations}}
	doc := document.NewDocument("")
	doc.AddField(document.NewTextField(index.FieldText, nil, []byte(text)))
	return htmlHighlighter().BestFragmentsInField(dm, doc, index.FieldText, 1)
}

// wordsUpTo is the largest corpus whose clauses' words are kept in memory
// for snippets (about 5 KB a clause). Marking words from memory costs a
// tenth of a search request that reads them back from the index (term
// vectors); a larger corpus takes that request instead.
const wordsUpTo = 2000

// indexFragments highlights the page's clauses by a search request for the
// text field's words among them, as bleve does for a search.
func (s *Searcher) indexFragments(ctx context.Context, text query.Query, page []scored) (map[string][]string, error) {
	ids := make([]string, len(page))
	for i, h := range page {
		ids[i] = s.corpus.Clauses()[h.pos].ID
	}
	m := highlightWords(text)
	var leaves []query.Query
	for field, terms := range map[string]map[string]bool{index.FieldText: m.stems, index.FieldTextExact: m.exact} {
		for t := range terms {
			leaves = append(leaves, termQuery(t, field, 1))
		}
	}
	out := make(map[string][]string, len(page))
	if len(leaves) == 0 {
		return out, nil
	}
	// A conjunction with the ids first: bleve then skips from one of the
	// page's clauses to the next in each word's postings, where a filter
	// would walk the postings of common words through the whole corpus.
	hl := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), bleve.NewDisjunctionQuery(leaves...))
	req := bleve.NewSearchRequestOptions(hl, len(ids), 0, false)
	req.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
	req.Highlight.AddField(index.FieldText)
	res, err := s.ix.Search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for _, h := range res.Hits {
		out[h.ID] = h.Fragments[index.FieldText]
	}
	return out, nil
}

// topK keeps the k best clauses by score; ties go to the earlier clause in
// corpus order, as bleve orders equal scores.
type topK struct {
	k    int
	heap []scored // a min-heap: the worst kept is first
}

type scored struct {
	pos   int
	score float64
}

// worse reports whether a ranks below b.
func worse(a, b scored) bool {
	return a.score < b.score || (a.score == b.score && a.pos > b.pos)
}

func (t *topK) push(pos int, score float64) {
	x := scored{pos, score}
	if len(t.heap) < t.k {
		t.heap = append(t.heap, x)
		for i := len(t.heap) - 1; i > 0; { // up
			parent := (i - 1) / 2
			if !worse(t.heap[i], t.heap[parent]) {
				break
			}
			t.heap[i], t.heap[parent] = t.heap[parent], t.heap[i]
			i = parent
		}
		return
	}
	if t.k == 0 || !worse(t.heap[0], x) {
		return
	}
	t.heap[0] = x
	for i := 0; ; { // down
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(t.heap) && worse(t.heap[l], t.heap[m]) {
			m = l
		}
		if r < len(t.heap) && worse(t.heap[r], t.heap[m]) {
			m = r
		}
		if m == i {
			break
		}
		t.heap[i], t.heap[m] = t.heap[m], t.heap[i]
		i = m
	}
}

// sorted returns the clauses kept, best first.
func (t *topK) sorted() []scored {
	out := slices.Clone(t.heap)
	slices.SortFunc(out, func(a, b scored) int {
		switch {
		case worse(b, a):
			return -1
		case worse(a, b):
			return 1
		}
		return 0
	})
	return out
}

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
			for _, v := range c.FacetValues(cl, f.Name) {
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

// snippet joins the highlighted passages of a clause, or falls back to the
// start of its text. Both are escaped HTML: bleve's html highlighter escapes
// the text around and inside <mark>.
func snippet(fragments []string, text string) string {
	if len(fragments) > 0 {
		return strings.Join(fragments, " … ")
	}
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > snippetRunes {
		cut := 0
		for i := range text {
			if cut == snippetRunes {
				text = strings.TrimRight(text[:i], " ,;:") + "…"
				break
			}
			cut++
		}
	}
	return html.EscapeString(text)
}
