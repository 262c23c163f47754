// The best k hits of a search, kept in a heap.

package search

import "slices"

// topK keeps the k best clauses by score; ties go to the earlier clause in
// corpus order, as bleve orders equal scores.
//
// Scores are compared at single precision (about seven digits): two
// clauses that score the same on paper can differ in the last digits of a
// double depending on the order of the additions, which is not the same in
// bleve and in the browser's engine (static/js/moteur.js, Math.fround). At
// single precision they tie, and both engines put the earlier clause first.
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
	x := scored{pos, float64(float32(score))}
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
