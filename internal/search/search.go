// Package search answers queries over an index: it turns a kb.Query into
// bleve requests built in code (never bleve's query-string syntax), with
// French analysis, synonyms, typo tolerance, filters and disjunctive facet
// counts, and returns kb.Results with HTML-safe snippets.
package search

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
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
}

// New returns a searcher over ix, with the synonyms of its corpus.
func New(ix *index.Index) *Searcher {
	return &Searcher{ix: ix, corpus: ix.Corpus(), parser: newQueryParser(ix.Corpus())}
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
	p := s.parser.parseText(q.Text)
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

// relaxBelow is the number of answers under which a question is relaxed.
const relaxBelow = 3

// filtered combines a text query (nil: every clause) with the filters of q,
// leaving out the filters of the facet named except. Filters are OR within
// a facet, AND across facets, and do not change scores.
func (s *Searcher) filtered(text query.Query, q kb.Query, except string) query.Query {
	var facets []query.Query
	for _, f := range s.corpus.Taxonomy.Facets() {
		values := q.Filters(f.Name)
		if f.Name == except || len(values) == 0 {
			continue
		}
		oneOf := make([]query.Query, len(values))
		for i, v := range values {
			oneOf[i] = termQuery(v, f.Name, 1)
		}
		facets = append(facets, bleve.NewDisjunctionQuery(oneOf...))
	}
	main := bleve.NewBooleanQuery()
	if text != nil {
		main.AddMust(text)
		// On equal relevance, the reference texts come first.
		main.AddShould(termQuery(s.corpus.Taxonomy.Kinds.IDs()[0], index.FieldKind, weightReference))
	} else {
		main.AddMust(bleve.NewMatchAllQuery())
	}
	if len(facets) > 0 {
		main.AddFilter(bleve.NewConjunctionQuery(facets...))
	}
	return main
}

func (s *Searcher) run(ctx context.Context, text query.Query, q kb.Query) (*kb.Results, error) {
	req := bleve.NewSearchRequestOptions(s.filtered(text, q, ""), q.Size, (q.Page-1)*q.Size, false)
	if text != nil {
		// Score only: a second key would read a doc value per hit. Ties keep
		// index order, which is corpus order.
		req.SortBy([]string{"-_score"})
		req.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
		req.Highlight.AddField(index.FieldText)
	} else {
		req.SortBy([]string{index.FieldOrder})
	}
	facets := s.corpus.Taxonomy.Facets()
	for _, f := range facets {
		if len(q.Filters(f.Name)) == 0 {
			req.AddFacet(f.Name, bleve.NewFacetRequest(f.Name, len(f.Vocab.Terms)))
		}
	}
	res, err := s.ix.Search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	out := &kb.Results{Query: q, Total: int(res.Total)}
	for _, h := range res.Hits {
		cl, err := s.corpus.Clause(h.ID)
		if err != nil {
			return nil, fmt.Errorf("search: index and corpus disagree: %w", err)
		}
		out.Hits = append(out.Hits, kb.Hit{Clause: cl, Snippet: snippet(h.Fragments[index.FieldText], cl.Text), Score: h.Score})
	}

	// Disjunctive counts: a facet with a selection is counted with every
	// filter but its own, so its other values show what ticking them adds.
	for _, f := range facets {
		fr := res.Facets[f.Name]
		if len(q.Filters(f.Name)) > 0 {
			req := bleve.NewSearchRequestOptions(s.filtered(text, q, f.Name), 0, 0, false)
			req.Score = "none" // only the counts are wanted
			req.AddFacet(f.Name, bleve.NewFacetRequest(f.Name, len(f.Vocab.Terms)))
			r, err := s.ix.Search(ctx, req)
			if err != nil {
				return nil, fmt.Errorf("search: facet %s: %w", f.Name, err)
			}
			fr = r.Facets[f.Name]
		}
		out.Facets = append(out.Facets, facetValues(f, fr, q.Filters(f.Name)))
	}
	return out, nil
}

// facetValues lists a facet's values in vocabulary order: those with results,
// and the selected ones even without (so they can be unticked).
func facetValues(f kb.FacetVocabulary, fr *bsearch.FacetResult, selected []string) kb.Facet {
	counts := make(map[string]int)
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			counts[t.Term] = t.Count
		}
	}
	facet := kb.Facet{Name: f.Name, Values: []kb.FacetValue{}}
	for _, t := range f.Vocab.Terms {
		sel := false
		for _, v := range selected {
			sel = sel || v == t.ID
		}
		if counts[t.ID] > 0 || sel {
			facet.Values = append(facet.Values, kb.FacetValue{Value: t.ID, Label: t.Label, Count: counts[t.ID], Selected: sel})
		}
	}
	return facet
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
