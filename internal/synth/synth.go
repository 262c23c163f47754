// Package synth generates large synthetic corpora for benchmarks and scale
// tests. Their words come from a real corpus, drawn with a skewed
// (Zipf-like) distribution as in real text, so that analysis, posting list
// lengths and matches behave like the real thing at a larger size.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/reperes-ia/reperes/internal/kb"
)

// clausesPerDocument mimics the real documents' size.
const clausesPerDocument = 50

// Corpus returns a corpus of n clauses that uses the taxonomy, synonyms and
// vocabulary of base. The same seed gives the same corpus.
func Corpus(base *kb.Corpus, n int, seed uint64) (*kb.Corpus, error) {
	words := vocabulary(base)
	if len(words) == 0 {
		return nil, fmt.Errorf("synth: the base corpus has no words")
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	sentence := func(min, max int) string {
		k := min + r.IntN(max-min+1)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = words[zipf.Uint64()]
		}
		s := strings.Join(parts, " ")
		return strings.ToUpper(s[:1]) + s[1:]
	}
	pick := func(v *kb.Vocabulary, max int) []string {
		ids := v.IDs()
		k := 1 + r.IntN(max)
		r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		return ids[:k]
	}
	tax := base.Taxonomy
	c := &kb.Corpus{Taxonomy: tax, Synonyms: base.Synonyms, Digest: fmt.Sprintf("synth-%d-%d", n, seed)}
	for i := 0; i < n; i++ {
		if i%clausesPerDocument == 0 {
			id := fmt.Sprintf("doc-%d", i/clausesPerDocument)
			c.Documents = append(c.Documents, &kb.Document{
				ID: id, Title: sentence(3, 7), Kind: pick(&tax.Kinds, 1)[0], Publisher: "Synth",
				Date: "2025-06-14", URL: "https://example.org/" + id, Path: id + ".md",
			})
		}
		d := c.Documents[len(c.Documents)-1]
		roles := pick(&tax.Roles, 3)
		if r.IntN(3) == 0 {
			roles = []string{tax.AllStaff.ID}
		}
		text := sentence(8, 20) + ". " + sentence(8, 20) + ". " + sentence(5, 15) + "."
		d.Clauses = append(d.Clauses, &kb.Clause{
			ID: fmt.Sprintf("synth-%d", i), Title: sentence(3, 8), Document: d.ID,
			Text: text, HTML: "<p>" + text + "</p>",
			Section: []kb.Heading{{ID: "section", Title: sentence(2, 4)}}, Roles: roles, Themes: pick(&tax.Themes, 3),
			Nature: pick(&tax.Natures, 1)[0], Sources: []kb.Source{{Title: "Synth"}}, Line: 1,
		})
	}
	return c, c.Link()
}

// vocabulary returns the distinct words of the base corpus's titles and
// texts, most frequent first, so that the Zipf draw favours common words.
func vocabulary(c *kb.Corpus) []string {
	count := make(map[string]int)
	var order []string
	for _, cl := range c.Clauses() {
		for _, w := range strings.FieldsFunc(cl.Title+" "+cl.Text, func(r rune) bool {
			return strings.ContainsRune(" \n\t.,;:!?«»()[]\"*", r)
		}) {
			w = strings.ToLower(w)
			if count[w] == 0 {
				order = append(order, w)
			}
			count[w]++
		}
	}
	// A stable sort keeps the output deterministic.
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	return order
}
