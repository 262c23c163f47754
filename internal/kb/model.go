package kb

import (
	"errors"
	"fmt"
)

// Document describes one source document: the ministry's framework, a union
// position, a conclusion of Education International, a piece of context.
type Document struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Publisher string `json:"publisher"`
	// Date is an ISO 8601 calendar date, possibly partial: 2025-06-14,
	// 2025-06 or 2025.
	Date        string `json:"date"`
	Version     string `json:"version,omitempty"`
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
	// Verbatim is true when the clauses reproduce the document's own
	// wording. By default they are a summary in Repères IA's words, and
	// every citation says so.
	Verbatim bool `json:"verbatim,omitempty"`
	// Carte is the document's column on the positions map (« SE-Unsa »):
	// set for the reference text and the positions on it, empty otherwise.
	Carte string `json:"carte,omitempty"`
	// Addresses lists the documents that this document's source discusses
	// explicitly. A reference toward a clause of any other document is the
	// editors' reading (Corpus.Editorial), and may not support or criticise.
	Addresses []string `json:"addresses,omitempty"`
	// SourceText names the source document that holds the author's own
	// text, as clause sources cite it (« document source 001 »): a clause
	// that cites it is written from the text itself (Corpus.Evidence).
	SourceText string `json:"source_text,omitempty"`
	// Path is the source file, relative to the content root, slash-separated.
	Path    string    `json:"path"`
	Clauses []*Clause `json:"clauses"`
}

// Clause is one quotable unit: a rule, a recommendation, a definition or a
// position, with its place in its document and its tags.
type Clause struct {
	// ID is a stable public identifier: ASCII kebab-case, unique in the corpus.
	ID       string `json:"id"`
	Title    string `json:"title"`
	Document string `json:"document"`
	// Text is the clause as plain text; HTML is the same text rendered from
	// its Markdown source, safe to insert in a page.
	Text string `json:"text"`
	HTML string `json:"html"`
	// Section is the path of headings above the clause in its document,
	// outermost first; Page is where it sits in the original, when known.
	Section []Heading `json:"section,omitempty"`
	Page    string    `json:"page,omitempty"`
	// Roles are role ids as written in the content: the all-staff id stands
	// for every staff role (see Taxonomy.ExpandRoles).
	Roles  []string `json:"roles"`
	Themes []string `json:"themes"`
	Nature string   `json:"nature"`
	// Facets holds the clause's values of the facets that have terms of
	// their own (see FacetDef), by facet name.
	Facets     map[string][]string `json:"facets,omitempty"`
	References []Reference         `json:"references,omitempty"`
	Sources    []Source            `json:"sources,omitempty"`
	// Note records doubts and disagreements between sources.
	Note string `json:"note,omitempty"`
	// Placement, when set, says that the clause's section and page are not
	// confirmed by concordant sources (a placements term: sommaire, deduit).
	Placement string `json:"placement,omitempty"`
	// EvidenceLevel and EvidenceNote are the editors' judgment on how well
	// the clause is established, where its sources cannot tell (they
	// disagree): see Corpus.Evidence.
	EvidenceLevel string `json:"evidence_level,omitempty"`
	EvidenceNote  string `json:"evidence_note,omitempty"`
	// Line is the clause heading's line in the document's file.
	Line int `json:"line"`
}

// Heading is a section heading of a document. ID is its anchor: ASCII
// kebab-case, unique in the document and distinct from its clause ids.
type Heading struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Reference says that a clause is about another one, and how.
type Reference struct {
	ID     string `json:"id"`
	Stance string `json:"stance"`
	// Editorial: the editors drew this link, the source does not make it
	// (see Corpus.Editorial).
	Editorial bool `json:"editorial,omitempty"`
}

// Source is a public source of the facts in a clause.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Errors reported by lookups and by query parsing. Callers test them with
// errors.Is; the server maps them to HTTP statuses in one place.
var (
	ErrNotFound     = errors.New("not found")
	ErrInvalidQuery = errors.New("invalid query")
)

// NotFoundError says what was looked up and not found: What is "clause",
// "document", "question", "role" or "theme". It matches ErrNotFound with
// errors.Is; the server turns it into a 404 that names what is missing.
type NotFoundError struct {
	What, ID string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q: not found", e.What, e.ID) }

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// Corpus is the whole validated knowledge base.
type Corpus struct {
	Taxonomy  *Taxonomy   `json:"taxonomy"`
	Synonyms  [][]string  `json:"synonyms"`
	Documents []*Document `json:"documents"`
	// Questions are the questions pratiques, Glossary the terms of the
	// field, Lexicon the rest of the query vocabulary.
	Questions []*Question     `json:"questions,omitempty"`
	Glossary  []*GlossaryTerm `json:"glossary,omitempty"`
	Lexicon   Lexicon         `json:"lexicon"`
	// Digest identifies the content the corpus was loaded from (see the
	// loader); an index records it so a stale index can be told apart.
	Digest string `json:"digest"`

	clauses      map[string]*Clause
	ordered      []*Clause // the clauses in corpus order
	documents    map[string]*Document
	referencedBy map[string][]Reference
	questions    map[string]*Question
	citedBy      map[string][]*Question
	replaced     map[string]*Question // former question id → the question it was merged into
	termsOf      map[string][]*GlossaryTerm
}

// Link builds the lookup tables of a corpus whose exported fields are set. It
// must be called once, before any lookup; it fails if ids are not unique.
func (c *Corpus) Link() error {
	if c.Taxonomy == nil {
		return errors.New("corpus has no taxonomy")
	}
	if err := c.Taxonomy.Link(); err != nil {
		return err
	}
	c.clauses = make(map[string]*Clause)
	c.ordered = nil
	c.documents = make(map[string]*Document, len(c.Documents))
	c.referencedBy = make(map[string][]Reference)
	for _, d := range c.Documents {
		if _, dup := c.documents[d.ID]; dup {
			return fmt.Errorf("duplicate document id %q", d.ID)
		}
		c.documents[d.ID] = d
		for _, cl := range d.Clauses {
			if _, dup := c.clauses[cl.ID]; dup {
				return fmt.Errorf("duplicate clause id %q", cl.ID)
			}
			c.clauses[cl.ID] = cl
			c.ordered = append(c.ordered, cl)
		}
	}
	for _, d := range c.Documents {
		for _, cl := range d.Clauses {
			for _, r := range cl.References {
				c.referencedBy[r.ID] = append(c.referencedBy[r.ID], Reference{ID: cl.ID, Stance: r.Stance})
			}
		}
	}
	return c.linkAnswers()
}

// Clause returns the clause with the given id, or an error wrapping
// ErrNotFound.
func (c *Corpus) Clause(id string) (*Clause, error) {
	if cl, ok := c.clauses[id]; ok {
		return cl, nil
	}
	return nil, &NotFoundError{What: "clause", ID: id}
}

// Document returns the document with the given id, or an error wrapping
// ErrNotFound.
func (c *Corpus) Document(id string) (*Document, error) {
	if d, ok := c.documents[id]; ok {
		return d, nil
	}
	return nil, &NotFoundError{What: "document", ID: id}
}

// DocumentOf returns the document a clause belongs to.
func (c *Corpus) DocumentOf(cl *Clause) *Document {
	return c.documents[cl.Document]
}

// ReferencedBy returns the clauses that refer to the clause id, each with the
// stance it takes, in corpus order.
func (c *Corpus) ReferencedBy(id string) []Reference {
	return c.referencedBy[id]
}

// Clauses returns every clause in corpus order: documents in the order they
// were loaded, clauses in the order they appear. A clause's index in it is
// its position (the index's order field). The slice is the corpus's own,
// built once by Link: callers read it, never change it.
func (c *Corpus) Clauses() []*Clause { return c.ordered }

// NumClauses returns the number of clauses in the corpus.
func (c *Corpus) NumClauses() int { return len(c.clauses) }

// SectionPath joins a clause's section headings and page for display:
// « Cadre d'usage › Obligations légales, p. 8 ».
func (cl *Clause) SectionPath() string {
	s := ""
	for i, h := range cl.Section {
		if i > 0 {
			s += " › "
		}
		s += h.Title
	}
	if cl.Page != "" {
		if s != "" {
			s += ", "
		}
		s += "p. " + cl.Page
	}
	return s
}
