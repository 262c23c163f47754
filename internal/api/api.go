// Package api defines the JSON bodies of the public HTTP API, as fixed by
// the product brief: GET /api/search and GET /api/clauses/{id}. The CLI's
// --json output prints the same bodies, so both come from here.
package api

import (
	"encoding/json"
	"html"
	"io"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Write encodes a body as the API sends it: compact (indenting costs 15%
// of a search request; pipe to jq to read), UTF-8, one line, with HTML
// characters left as they are (snippets and html fields are HTML on
// purpose; JSON needs no escaping of them).
func Write(w io.Writer, body any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(body)
}

// SearchBody is the body of GET /api/search.
type SearchBody struct {
	Query  string             `json:"query"`
	Total  int                `json:"total"`
	Page   int                `json:"page"`
	Size   int                `json:"size"`
	Hits   []Hit              `json:"hits"`
	Facets map[string][]Facet `json:"facets"`
	// Answers are the questions pratiques that answer the query (0 to 2,
	// best first); never null.
	Answers []Answer `json:"answers"`
}

// Answer is a question pratique shown as the answer to a search.
type Answer struct {
	ID           string   `json:"id"`
	Question     string   `json:"question"`
	Verdict      string   `json:"verdict"`
	VerdictLabel string   `json:"verdict_label"`
	Text         string   `json:"text"`
	URL          string   `json:"url"`
	Clauses      []string `json:"clauses"`
}

// QuestionBody is the body of GET /api/questions/{id}.
type QuestionBody struct {
	ID           string   `json:"id"`
	Question     string   `json:"question"`
	Verdict      string   `json:"verdict"`
	VerdictLabel string   `json:"verdict_label"`
	HTML         string   `json:"html"`
	Text         string   `json:"text"`
	Roles        []string `json:"roles"`
	Themes       []string `json:"themes"`
	// Clauses are the clauses the answer rests on, as search hits without
	// snippet or score.
	Clauses []ClauseFields `json:"clauses"`
	URL     string         `json:"url"`
}

// GlossaryBody is the body of GET /api/glossaire.
type GlossaryBody struct {
	Terms []GlossaryTerm `json:"terms"`
}

// GlossaryTerm is one term of the glossary.
type GlossaryTerm struct {
	ID         string   `json:"id"`
	Term       string   `json:"term"`
	Definition string   `json:"definition"`
	Aliases    []string `json:"aliases"`
	Clauses    []string `json:"clauses"`
}

// Hit is one result of a search.
type Hit struct {
	ClauseFields
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// ClauseFields are the fields every representation of a clause has.
type ClauseFields struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Text     string   `json:"text"`
	Document Document `json:"document"`
	Section  string   `json:"section"`
	// Roles are expanded: never the all-staff pseudo-role.
	Roles  []string `json:"roles"`
	Themes []string `json:"themes"`
	Nature string   `json:"nature"`
	URL    string   `json:"url"`
}

// Document is the short form of a document inside a clause.
type Document struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
}

// Facet is one value of a facet with its count.
type Facet struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// ClauseBody is the body of GET /api/clauses/{id}.
type ClauseBody struct {
	ClauseFields
	HTML         string      `json:"html"`
	Sources      []kb.Source `json:"sources"`
	References   []Related   `json:"references"`
	ReferencedBy []Related   `json:"referenced_by"`
	Citation     kb.Citation `json:"citation"`
	// Evidence says how well the clause is established (kb.Evidence).
	Evidence kb.Evidence `json:"evidence"`
}

// Related is a clause on the other end of a reference.
type Related struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Stance   string   `json:"stance"`
	Document Document `json:"document"`
	// Editorial: the link is the editors' reading, not one the source
	// makes (kb.Corpus.Editorial).
	Editorial bool `json:"editorial"`
}

// ErrorBody is the body of every 4xx and 5xx answer.
type ErrorBody struct {
	Error string `json:"error"`
}

// NewSearchBody renders search results.
func NewSearchBody(c *kb.Corpus, r *kb.Results) SearchBody {
	b := SearchBody{
		Query:   r.Query.Text,
		Total:   r.Total,
		Page:    r.Query.Page,
		Size:    r.Query.Size,
		Hits:    make([]Hit, len(r.Hits)),
		Facets:  make(map[string][]Facet, len(r.Facets)),
		Answers: make([]Answer, len(r.Answers)),
	}
	for i, a := range r.Answers {
		q := a.Question
		b.Answers[i] = Answer{ID: q.ID, Question: q.Question, Verdict: q.Verdict,
			VerdictLabel: c.Taxonomy.Verdicts.Label(q.Verdict), Text: q.Answer,
			URL: kb.QuestionPath(q.ID), Clauses: nonNil(q.Clauses)}
	}
	for i, h := range r.Hits {
		b.Hits[i] = Hit{ClauseFields: clauseFields(c, h.Clause), Snippet: h.Snippet, Score: h.Score}
	}
	for _, f := range r.Facets {
		values := make([]Facet, len(f.Values))
		for i, v := range f.Values {
			values[i] = Facet{Value: v.Value, Label: v.Label, Count: v.Count}
		}
		b.Facets[f.Name] = values
	}
	return b
}

// NewClauseBody renders one clause with its relations and citation.
// baseURL is the public address of the site, for the citation's link.
func NewClauseBody(c *kb.Corpus, cl *kb.Clause, baseURL string) ClauseBody {
	b := ClauseBody{
		ClauseFields: clauseFields(c, cl),
		HTML:         cl.HTML,
		Sources:      cl.Sources,
		References:   related(c, c.LinksFrom(cl)),
		ReferencedBy: related(c, c.LinksTo(cl)),
		Citation:     c.Cite(cl, baseURL),
		Evidence:     c.Evidence(cl),
	}
	if b.Sources == nil {
		b.Sources = []kb.Source{}
	}
	return b
}

func clauseFields(c *kb.Corpus, cl *kb.Clause) ClauseFields {
	themes := cl.Themes
	if themes == nil {
		themes = []string{}
	}
	return ClauseFields{
		ID:       cl.ID,
		Title:    cl.Title,
		Text:     cl.Text,
		Document: document(c.DocumentOf(cl)),
		Section:  cl.SectionPath(),
		Roles:    c.Taxonomy.ExpandRoles(cl.Roles),
		Themes:   themes,
		Nature:   cl.Nature,
		URL:      kb.ClausePath(cl.ID),
	}
}

func document(d *kb.Document) Document {
	return Document{ID: d.ID, Title: d.Title, Kind: d.Kind}
}

// related describes the clauses at the other end of links.
func related(c *kb.Corpus, links []kb.Link) []Related {
	out := make([]Related, 0, len(links))
	for _, l := range links {
		out = append(out, Related{ID: l.Clause.ID, Title: l.Clause.Title, Stance: l.Stance, Document: document(c.DocumentOf(l.Clause)),
			Editorial: l.Editorial})
	}
	return out
}

// NewQuestionBody renders a question pratique with its clauses.
func NewQuestionBody(c *kb.Corpus, q *kb.Question) QuestionBody {
	b := QuestionBody{
		ID: q.ID, Question: q.Question, Verdict: q.Verdict,
		VerdictLabel: c.Taxonomy.Verdicts.Label(q.Verdict),
		HTML:         "<p>" + html.EscapeString(q.Answer) + "</p>",
		Text:         q.Answer,
		Roles:        nonNil(c.QuestionRoles(q)),
		Themes:       nonNil(q.Themes),
		Clauses:      []ClauseFields{},
		URL:          kb.QuestionPath(q.ID),
	}
	for _, id := range q.Clauses {
		if cl, err := c.Clause(id); err == nil { // the loader checks them
			b.Clauses = append(b.Clauses, clauseFields(c, cl))
		}
	}
	return b
}

// NewGlossaryBody renders the glossary.
func NewGlossaryBody(c *kb.Corpus) GlossaryBody {
	b := GlossaryBody{Terms: make([]GlossaryTerm, len(c.Glossary))}
	for i, t := range c.Glossary {
		b.Terms[i] = GlossaryTerm{ID: t.ID, Term: t.Term, Definition: t.Definition,
			Aliases: nonNil(t.Aliases), Clauses: nonNil(t.Clauses)}
	}
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
