package kb

// Results is one page of search results with the facet counts of the query.
type Results struct {
	Query Query
	// Total is the number of matching clauses, over all pages.
	Total int
	Hits  []Hit
	// Facets are in the order of Taxonomy.Facets.
	Facets []Facet
	// Answers are the questions pratiques that answer the query, best
	// first: none when no question matches it well enough.
	Answers []Answer
	// Related are questions pratiques close to the query that are not
	// shown as its answer, best first: « questions proches », offered as
	// leads, never as an answer.
	Related []Answer
	// Term is the glossary term the query names, if it is one.
	Term *GlossaryTerm
}

// Answer is a question pratique that answers a query, with how well it
// matches it (0 to 1).
type Answer struct {
	Question *Question
	Score    float64
}

// Hit is a clause that matches a query.
type Hit struct {
	Clause *Clause
	// Snippet is escaped HTML: the clause text, or the best passages of it,
	// with matches in <mark> elements.
	Snippet string
	Score   float64
}

// Facet gives, for each value of a vocabulary, the number of results that
// have that value, the facet's own selection left out (disjunctive counts).
type Facet struct {
	Name   string
	Values []FacetValue
}

// FacetValue is one line of a facet.
type FacetValue struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}
