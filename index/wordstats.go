package index

import (
	"slices"
	"strings"

	"github.com/reperes-ia/reperes/internal/kb"
)

// wordsFile holds the word statistics of an index built on disk.
const wordsFile = "words.json"

// WordStats are what a searcher needs to know of a corpus's words before
// its first query: how many clauses use each stem (to weigh query words),
// and the exact words (typo candidates). Reading every clause for them
// takes seconds on a large corpus, so Build computes them once and Open
// reads them back.
type WordStats struct {
	Clauses int `json:"clauses"`
	// DF counts, for each stem, the clauses whose title or text has it;
	// ContextDF, those whose context field has it (see Context).
	DF        map[string]int `json:"df"`
	ContextDF map[string]int `json:"context_df"`
	// Words are the exact words of the titles and texts, sorted.
	Words []string `json:"words"`
}

// ComputeWordStats reads the corpus for its word statistics. textWords,
// if not nil, gives the words of the text of the clause at a position
// (a caller may have them already); otherwise the text is analysed.
func ComputeWordStats(c *kb.Corpus, textWords func(pos int) []Word) WordStats {
	st := WordStats{DF: make(map[string]int), ContextDF: make(map[string]int)}
	words := make(map[string]bool)
	// A context is made of short lines that repeat from clause to clause
	// (the document's title, headings, tag labels): each is analysed once.
	const shortLine = 200
	lineStems := make(map[string][]string)
	for pos, cl := range c.Clauses() {
		seenCtx := make(map[string]bool)
		for _, line := range strings.Split(Context(c, cl), "\n") {
			stems, ok := lineStems[line]
			if !ok {
				for _, t := range Analyze(StemAnalyzer, line) {
					stems = append(stems, t.Term)
				}
				if len(line) <= shortLine {
					lineStems[line] = stems
				}
			}
			for _, stem := range stems {
				if !seenCtx[stem] {
					seenCtx[stem] = true
					st.ContextDF[stem]++
				}
			}
		}
		// One analysis of the title and the text gives both the stems
		// (for df) and the exact words (typo candidates).
		text := Words(cl.Text)
		if textWords != nil {
			text = textWords(pos)
		}
		seen := make(map[string]bool)
		for _, w := range append(Words(cl.Title), text...) {
			if !seen[w.Stem] {
				seen[w.Stem] = true
				st.DF[w.Stem]++
			}
			words[w.Exact] = true
		}
		st.Clauses++
	}
	for w := range words {
		st.Words = append(st.Words, w)
	}
	slices.Sort(st.Words)
	return st
}
