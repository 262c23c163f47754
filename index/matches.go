package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// positions maps bleve's internal document numbers to the clauses'
// positions in corpus order (kb.Corpus.Clauses). The index is read-only,
// so the map never ages.
type positions struct {
	dense  []int32 // by document number, when numbers are 8-byte and few
	sparse map[string]int32
}

func (p *positions) lookup(id bindex.IndexInternalID) (int32, bool) {
	if n, ok := docNum(id); ok && p.dense != nil {
		if n < uint64(len(p.dense)) && p.dense[n] >= 0 {
			return p.dense[n], true
		}
		return 0, false
	}
	pos, ok := p.sparse[string(id)]
	return pos, ok
}

// docNum reads scorch's internal id: a big-endian document number.
func docNum(id []byte) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// docIDs are bleve's internal document numbers with the clause ids they
// stand for, in the index's order.
type docIDs struct {
	internal [][]byte
	external []string
}

// readDocIDs reads every document's external id once. It does not need
// the corpus, so that Open can read both at once.
func (ix *Index) readDocIDs() (docIDs, error) {
	var ids docIDs
	err := ix.each(context.Background(), query.NewMatchAllQuery(), false, func(r bindex.IndexReader, dm *search.DocumentMatch) error {
		ext, err := r.ExternalID(dm.IndexInternalID)
		if err != nil {
			return err
		}
		ids.internal = append(ids.internal, append([]byte(nil), dm.IndexInternalID...))
		ids.external = append(ids.external, ext)
		return nil
	})
	return ids, err
}

// mapPositions maps the documents' numbers to the clauses' positions in
// the corpus.
func (ix *Index) mapPositions(ids docIDs) error {
	pos := make(map[string]int32, ix.corpus.NumClauses())
	for i, cl := range ix.corpus.Clauses() {
		pos[cl.ID] = int32(i)
	}
	p := &positions{sparse: make(map[string]int32, len(pos))}
	dense, last := true, uint64(0)
	for k, id := range ids.internal {
		i, ok := pos[ids.external[k]]
		if !ok {
			return fmt.Errorf("document %q is not in the corpus", ids.external[k])
		}
		p.sparse[string(id)] = i
		if n, ok := docNum(id); !ok {
			dense = false
		} else {
			last = max(last, n)
		}
	}
	if dense && last < uint64(2*len(pos)+16) {
		p.dense = make([]int32, last+1)
		for i := range p.dense {
			p.dense[i] = -1
		}
		for id, i := range p.sparse {
			n, _ := docNum([]byte(id))
			p.dense[n] = i
		}
		p.sparse = nil
	}
	ix.positions = p
	return nil
}

// Matches calls fn with the corpus position and the score of every clause
// that matches q, in corpus order. The score is bleve's, as a search
// request for q would give it.
//
// It is how a search sees every match once: to count facets from the
// corpus in memory (bleve's facets decode every match's doc values for
// every facet, and disjunctive counts need a search more per facet), and
// to keep the best ones.
func (ix *Index) Matches(ctx context.Context, q query.Query, fn func(pos int, score float64)) error {
	return ix.each(ctx, q, true, func(_ bindex.IndexReader, dm *search.DocumentMatch) error {
		pos, ok := ix.positions.lookup(dm.IndexInternalID)
		if !ok {
			return fmt.Errorf("index: unknown document number %x", []byte(dm.IndexInternalID))
		}
		fn(int(pos), dm.Score)
		return nil
	})
}

// matchPools keeps the document matches of finished searches for the next
// ones: a pool per search was an eighth of what a search allocated. A match
// goes back to a pool reset (bleve's Put); the matches a searcher still
// held when it closed are simply not returned, and the pool allocates
// others when it runs short.
var matchPools sync.Pool

// each runs q over the index and calls fn per match.
func (ix *Index) each(ctx context.Context, q query.Query, scored bool, fn func(bindex.IndexReader, *search.DocumentMatch) error) error {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	opts := search.SearcherOptions{Score: "none"}
	if scored {
		opts.Score = "" // bleve's default scoring, as in a search request
	}
	s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), opts)
	if err != nil {
		return err
	}
	pool, _ := matchPools.Get().(*search.DocumentMatchPool)
	if pool == nil {
		pool = search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)
	}
	// The pool goes back once the searcher is closed (defers run last
	// first).
	defer matchPools.Put(pool)
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: pool, IndexReader: r}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		if err := fn(r, dm); err != nil {
			return err
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}
