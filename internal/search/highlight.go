// Highlighting: the words a text query marks, the passages of a clause that
// show them, and the snippet of a hit.

package search

import (
	"context"
	"fmt"
	"html"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/reperes-ia/reperes/index"
)

// snippetRunes is the length of a snippet made from the start of a clause
// when no passage matched (browsing, or a title-only match).
const snippetRunes = 220

// marked are the words a text query looks for in the text field: exact
// terms (text_exact) and stems (text), phrases' words included.
type marked struct {
	exact, stems map[string]bool
}

func highlightWords(q *Query) marked {
	m := marked{exact: make(map[string]bool), stems: make(map[string]bool)}
	add := func(field, term string) {
		switch field {
		case index.FieldTextExact:
			m.exact[term] = true
		case index.FieldText:
			m.stems[term] = true
		}
	}
	q.walk(func(n *Query) {
		switch n.Op {
		case OpTerm:
			add(n.Field, n.Term)
		case OpPhrase:
			// Its words, wherever they are: a snippet shows them anyway.
			for _, slot := range n.Terms {
				for _, term := range slot {
					add(n.Field, term)
				}
			}
		}
	})
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
func (s *Searcher) indexFragments(ctx context.Context, tree *Query, page []scored) (map[string][]string, error) {
	ids := make([]string, len(page))
	for i, h := range page {
		ids[i] = s.corpus.Clauses()[h.pos].ID
	}
	m := highlightWords(tree)
	var leaves []query.Query
	for field, terms := range map[string]map[string]bool{index.FieldText: m.stems, index.FieldTextExact: m.exact} {
		for t := range terms {
			leaves = append(leaves, termQuery(t, field, 1).Compile())
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
