// Package search answers queries over an index: it turns a kb.Query into
// bleve requests built in code (never bleve's query-string syntax), with
// French analysis, synonyms, typo tolerance, filters and disjunctive facet
// counts, and returns kb.Results with HTML-safe snippets.
package search

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
)

// Timeout bounds one search, all its requests included.
const Timeout = 2 * time.Second

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
	answerOwner []int
	scratch     sync.Pool // of *answerScratch
	terms       map[string]*kb.GlossaryTerm
	// levels are the lexicon's school levels, and questionLevels those
	// each question pratique names in its question.
	levels         levels
	questionLevels []levelSet
	// aiKeys are the keys of the words that name AI (see AIWords); when
	// the lexicon lists none, every query may get an answer.
	aiKeys map[string]bool
}

// New returns a searcher over ix, with the synonyms of its corpus.
func New(ix *index.Index) *Searcher {
	c := ix.Corpus()
	s := &Searcher{ix: ix, corpus: c, facets: newFacetTables(c)}
	if c.NumClauses() <= wordsUpTo {
		s.words = make([][]index.Word, c.NumClauses())
		for i, cl := range c.Clauses() {
			s.words[i] = index.Words(cl.Text)
		}
	}
	s.parser = newQueryParser(c, ix.WordStats())
	s.asked = newAsked(c, s.parser)
	s.answerKeys, s.answerFirst, s.answerOwner = keyIndex(s.asked)
	s.scratch.New = func() any { return newAnswerScratch(len(s.answerOwner), len(s.asked)) }
	s.terms = glossaryKeys(c)
	s.levels = newLevels(c.Lexicon.Levels)
	for _, q := range c.Questions {
		s.questionLevels = append(s.questionLevels, s.levels.of(index.Terms(q.Question)))
	}
	s.aiKeys = make(map[string]bool)
	for _, w := range AIWords(c) {
		if stems := terms(index.StemAnalyzer, w); len(stems) > 0 {
			s.aiKeys[strings.Join(stems, " ")] = true
		}
	}
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
	res, _, err := s.search(ctx, q)
	return res, err
}

// Explain returns the query tree that Search runs for q, with the bonus of
// the reference texts: nil for an empty text (browsing). It is the tree the
// browser's engine must build for the same query.
func (s *Searcher) Explain(ctx context.Context, q kb.Query) (*Query, error) {
	_, tree, err := s.search(ctx, q)
	return tree, err
}

func (s *Searcher) search(ctx context.Context, q kb.Query) (*kb.Results, *Query, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()

	if q.Text == "" {
		res, err := s.run(ctx, nil, q)
		return res, nil, err
	}
	p := s.parser.parseText(q.Text, false)
	answers, related, favoured := s.answers(p, q)
	p.answered = answered(favoured)
	res, tree, err := s.searchText(ctx, q, p)
	if err == nil && res.Total == 0 && p.skipped {
		// Nothing found: look for every word in the context too.
		all := s.parser.parseText(q.Text, true)
		all.answered = p.answered
		p = all
		res, tree, err = s.searchText(ctx, q, p)
	}
	if err == nil && res.Total == 0 && len(p.units) > 0 {
		// Still nothing: no clause has any word the query requires (« what
		// did Education International conclude »: « conclude »). If it
		// names a source (« Education International »), that is what it
		// is about.
		if named, ok := p.sourceNamed(); ok {
			tree = s.ranked(named.textQuery(1, 1))
			res, err = s.run(ctx, tree, q)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	res.Answers, res.Related = answers, related
	res.Term = s.term(q.Text)
	return res, tree, nil
}

// searchText runs the text query p, relaxed if it finds too little. It
// returns the results and the tree of the query that gave them.
func (s *Searcher) searchText(ctx context.Context, q kb.Query, p parsedText) (*kb.Results, *Query, error) {
	strict := required(len(p.units))
	text := p.textQuery(strict, strict)
	if text == nil {
		text = &Query{Op: OpNone} // only stop words
	}
	tree := s.ranked(text)
	res, err := s.run(ctx, tree, q)
	if err != nil || strict <= 1 {
		return res, tree, err
	}
	// Too few answers: relax. A two-word query keeps needing both words
	// unless nothing has them; a question (three words or more) is relaxed
	// as soon as it has fewer than relaxBelow answers. The clauses that had
	// enough words get a bonus, so they keep their place at the top.
	switch {
	case res.Total == 0:
		// No clause to favour: a bonus nobody can get would only dilute
		// the other optional parts (bleve's coordination factor).
		tree = s.ranked(p.textQuery(1, 1))
	case len(p.units) >= 3 && res.Total < relaxBelow:
		tree = s.ranked(p.textQuery(1, strict))
	default:
		return res, tree, nil
	}
	res, err = s.run(ctx, tree, q)
	return res, tree, err
}

// ranked adds to a text query the bonus that puts, on equal relevance, the
// reference texts first.
func (s *Searcher) ranked(text *Query) *Query {
	return boolQuery([]*Query{text}, termQuery(s.corpus.Taxonomy.Kinds.IDs()[0], index.FieldKind, weightReference))
}

// relaxBelow is the number of answers under which a question is relaxed:
// the first page's first five places are filled with partial matches.
const relaxBelow = 5

// run runs a ranked query tree (nil to browse).
func (s *Searcher) run(ctx context.Context, tree *Query, q kb.Query) (*kb.Results, error) {
	out := &kb.Results{Query: q}
	c := s.counter(q)
	if tree == nil {
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
	best := &topK{k: q.Page * q.Size}
	err := s.ix.Matches(ctx, tree.compile(s.parser.live), func(pos int, score float64) {
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
		if fragments, err = s.indexFragments(ctx, tree, page); err != nil {
			return nil, err
		}
	}
	words := highlightWords(tree)
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
