package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/reperes-ia/reperes/internal/kb"
)

// SchemaVersion changes whenever the mapping, the analyzers or the layout of
// an index directory change. Open refuses an index of another version.
const SchemaVersion = 7

// Fields of an indexed clause. Title and text are each indexed twice: with
// stemming (for recall) and without (to rank exact words higher).
const (
	FieldTitle      = "title"
	FieldTitleExact = "title_exact"
	FieldText       = "text"
	FieldTextExact  = "text_exact"
	// FieldContext holds what situates a clause without being its text: its
	// document's title, its section headings, the labels and aliases of its
	// themes and nature, and its note on doubts. It lets « fraude » find a clause of the section
	// « La fraude », and « transparence » a clause tagged with that theme.
	FieldContext = "context"
	// FieldQuestions holds the questions pratiques that cite a clause, with
	// their phrasings: the words people use for the situations the clause
	// answers. It weighs less than the clause's own words.
	FieldQuestions = "questions"
	// Facet fields are named as the facets of the taxonomy (see
	// kb.Taxonomy.Facets); these three are the ones queries rank by: the
	// role or kind a query names, the kind of the reference texts, the
	// nature an intent asks for.
	FieldRole   = kb.FacetRole
	FieldKind   = kb.FacetKind
	FieldNature = kb.FacetNature
	// FieldOrder is the clause's rank in corpus order, for browsing.
	FieldOrder = "order"
)

// Mapping returns the index mapping: every field, analyzer and facet of the
// index is declared here and nowhere else. facets are the names of the
// taxonomy's facets: one keyword field each.
func Mapping(facets []string) (*mapping.IndexMappingImpl, error) {
	register()
	im := bleve.NewIndexMapping()
	for name, cfg := range analyzerConfigs() {
		if err := im.AddCustomAnalyzer(name, cfg); err != nil {
			return nil, err
		}
	}
	im.DefaultAnalyzer = StemAnalyzer
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	text := func(name, analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Store = store // only the text is stored: the highlighter reads it
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	facet := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keywordAnalyzer
		f.Store = false
		f.IncludeInAll = false // "enseignant" typed in the box is text, not a filter
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	order := bleve.NewNumericFieldMapping()
	order.Store = false
	order.IncludeInAll = false
	order.DocValues = true

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldTitle, text(FieldTitle, StemAnalyzer, false), text(FieldTitleExact, ExactAnalyzer, false))
	doc.AddFieldMappingsAt(FieldText, text(FieldText, StemAnalyzer, true), text(FieldTextExact, ExactAnalyzer, false))
	doc.AddFieldMappingsAt(FieldContext, text(FieldContext, StemAnalyzer, false))
	doc.AddFieldMappingsAt(FieldQuestions, text(FieldQuestions, StemAnalyzer, false))
	for _, f := range facets {
		doc.AddFieldMappingsAt(f, facet())
	}
	doc.AddFieldMappingsAt(FieldOrder, order)
	im.DefaultMapping = doc
	return im, nil
}

// document is what the index holds of a clause. Everything else is read
// from the corpus stored beside the index.
func document(c *kb.Corpus, cl *kb.Clause, order int) map[string]any {
	d := map[string]any{
		FieldTitle:     cl.Title,
		FieldText:      cl.Text,
		FieldContext:   Context(c, cl),
		FieldQuestions: Questions(c, cl),
		FieldOrder:     float64(order),
	}
	for _, f := range c.Taxonomy.Facets() {
		d[f.Name] = c.FacetValues(cl, f) // roles: "tous" is every staff role
	}
	return d
}

// facetNames are the names of the taxonomy's facets, the index's facet
// fields.
func facetNames(t *kb.Taxonomy) []string {
	var out []string
	for _, f := range t.Facets() {
		out = append(out, f.Name)
	}
	return out
}

// Context gathers the words of a clause's context field: its document's
// title, its headings, the labels and aliases of its themes and nature;
// one phrase per line so that phrases do not run into each other.
func Context(c *kb.Corpus, cl *kb.Clause) string {
	t := c.Taxonomy
	parts := []string{c.DocumentOf(cl).Title}
	for _, h := range cl.Section {
		parts = append(parts, h.Title)
	}
	terms := []kb.Term{}
	for _, id := range cl.Themes {
		if term, ok := t.Themes.Term(id); ok {
			terms = append(terms, term)
		}
	}
	if term, ok := t.Natures.Term(cl.Nature); ok {
		terms = append(terms, term)
	}
	for _, term := range terms {
		parts = append(parts, term.Label)
		parts = append(parts, term.Aliases...)
	}
	// The note (doubts, disagreements between sources) is not searched:
	// a query that matches a caveat is not asking for the clause.
	return strings.Join(parts, "\n")
}

// Questions gathers the words of a clause's questions field: each question
// pratique that cites the clause and its phrasings, one per line.
func Questions(c *kb.Corpus, cl *kb.Clause) string {
	var parts []string
	for _, q := range c.QuestionsCiting(cl.ID) {
		parts = append(parts, q.Question)
		parts = append(parts, q.Phrasings...)
	}
	return strings.Join(parts, "\n")
}
