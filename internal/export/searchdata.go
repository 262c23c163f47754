package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/search"
)

// DataGlobal is the global variable the search data script sets. A script
// file, unlike a JSON file read with fetch, also loads from file://.
const DataGlobal = "REPERES_RECHERCHE"

// SearchData is what the browser search of a static copy knows: the
// clauses, and everything the server's engine ranks with (the analyzers'
// tables, the tuning, the synonyms, the facet words), taken from the Go
// packages so that the port in static/js/moteur.js has one source.
type SearchData struct {
	Analysis index.Tables  `json:"analysis"`
	Tuning   search.Tuning `json:"tuning"`
	// Groups are the synonym groups and the glossary's terms (see
	// search.Groups); Scaffolding the phrases that put a question.
	Groups      [][]search.Spelling `json:"groups"`
	Scaffolding []string            `json:"scaffolding"`
	// Levels are the school levels and the words that name them (see
	// search's answerLevel).
	Levels []kb.Level `json:"levels"`
	// AIWords are the spellings that name AI: a query with none gets no
	// answer card (see search.AIWords).
	AIWords    []string           `json:"aiWords"`
	FacetWords []search.FacetWord `json:"facetWords"`
	// Reference is the kind of the reference texts, ranked first at equal
	// relevance.
	Reference string      `json:"reference"`
	Facets    []FacetData `json:"facets"`
	// Size is the number of results per page; MaxQuery the longest query
	// text, in characters; MaxDepth bounds page × size, as on the server.
	Size     int     `json:"size"`
	MaxQuery int     `json:"maxQuery"`
	MaxDepth int     `json:"maxDepth"`
	Kinds    []Label `json:"kinds"`
	Natures  []Label `json:"natures"`
	Verdicts []Label `json:"verdicts"`
	// Documents are the documents, by id and title: a search may be
	// restricted to one (?document=), as on the server.
	Documents []Label      `json:"documents"`
	Clauses   []ClauseData `json:"clauses"`
	// Questions are the questions pratiques, for answers and for the
	// questions field of the clauses they cite; Terms the glossary, for
	// the definition of a query that names a term.
	Questions []QuestionData `json:"questions"`
	Terms     []TermData     `json:"terms"`
	// Glossary and Answers are the scripts of the glossary's definitions
	// and of the answers' texts, from the root of the copy (see
	// GlossaryScript and AnswersScript): a page loads them when it shows a
	// definition or an answer.
	Glossary string `json:"glossary"`
	Answers  string `json:"answers"`
}

// AnswersGlobal is the global variable the answers script sets: an object
// from question id to the text of its answer.
const AnswersGlobal = "REPERES_REPONSES"

// AnswersScript returns the texts of the answers as a script that sets
// AnswersGlobal, and the name of its file (with its digest).
func AnswersScript(c *kb.Corpus) (name string, script []byte, err error) {
	texts := make(map[string]string, len(c.Questions))
	for _, q := range c.Questions {
		texts[q.ID] = q.Answer
	}
	return scriptFile("reponses", AnswersGlobal, "the answers' texts", texts)
}

// GlossaryGlobal is the global variable the glossary script sets: an
// object from term id to definition.
const GlossaryGlobal = "REPERES_GLOSSAIRE"

// GlossaryScript returns the definitions of the glossary as a script that
// sets GlossaryGlobal, and the name of its file (with its digest).
func GlossaryScript(c *kb.Corpus) (name string, script []byte, err error) {
	defs := make(map[string]string, len(c.Glossary))
	for _, t := range c.Glossary {
		defs[t.ID] = t.Definition
	}
	return scriptFile("glossaire", GlossaryGlobal, "the glossary's definitions", defs)
}

// QuestionData is a question pratique as the browser matches and shows it.
type QuestionData struct {
	ID        string   `json:"id"`
	Question  string   `json:"question"`
	Phrasings []string `json:"phrasings"`
	Verdict   string   `json:"verdict"`
	Roles     []string `json:"roles"`
	// Own are the roles the question names itself (not through the
	// all-staff role).
	Own    []string `json:"own"`
	Themes []string `json:"themes"`
	// Clauses are the positions of the cited clauses in Clauses.
	Clauses []int `json:"clauses"`
}

// TermData is a glossary term: its id and the spellings that name it. Its
// definition is in the glossary page, read when a query names the term.
type TermData struct {
	ID      string   `json:"id"`
	Term    string   `json:"term"`
	Aliases []string `json:"aliases"`
	// Lang is "en" when the term itself is English.
	Lang string `json:"lang,omitempty"`
}

// FacetData is a facet of the search: its values in display order, and
// how the values written in an address resolve (ids, labels and aliases,
// by their kb.Slug, as on the server).
type FacetData struct {
	Name string `json:"name"`
	// Label names one value in messages, Legend heads the values.
	Label  string `json:"label"`
	Legend string `json:"legend"`
	// From is the content model's vocabulary the facet takes its values
	// from (roles, themes, kinds, natures), empty when the clauses carry
	// them in their facets.
	From   string            `json:"from,omitempty"`
	Values []Label           `json:"values"`
	Keys   map[string]string `json:"keys"`
}

// Label is an id and its label.
type Label struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// ClauseData is a clause as the browser indexes and shows it.
type ClauseData struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Text    string `json:"text"`
	Context string `json:"context"`
	// The clause's page is clauses/{id}/index.html from the root of the
	// copy (render.FilePath): the page derives it, the data does not carry it.
	Kind string `json:"kind"`
	// DocN is the clause's document: its index in Documents, whose title
	// the page shows (not repeated on each clause: the payload has a
	// budget).
	DocN    int      `json:"docn"`
	Section string   `json:"section,omitempty"`
	Nature  string   `json:"nature"`
	Roles   []string `json:"roles"`
	Themes  []string `json:"themes"`
	// Facets are the clause's values of the facets with terms of their
	// own (see kb.FacetDef).
	Facets   map[string][]string `json:"facets,omitempty"`
	Comments int                 `json:"comments,omitempty"`
}

// NewSearchData gathers the search data of corpus c; r gives each clause
// the line the site shows for it.
func NewSearchData(c *kb.Corpus, r *render.Renderer) (*SearchData, error) {
	tables, err := index.AnalysisTables()
	if err != nil {
		return nil, err
	}
	t := c.Taxonomy
	d := &SearchData{
		Analysis: tables, Tuning: search.CurrentTuning(), Groups: search.Groups(c),
		Scaffolding: nonNil(c.Lexicon.Scaffolding),
		Levels:      nonNil(c.Lexicon.Levels),
		AIWords:     nonNil(search.AIWords(c)),
		FacetWords:  search.FacetWords(t, c.Lexicon), Reference: t.Kinds.IDs()[0],
		Size: kb.DefaultSize, MaxQuery: kb.MaxQueryRunes, MaxDepth: kb.MaxDepth,
		Kinds: labels(&t.Kinds), Natures: labels(&t.Natures), Verdicts: labels(&t.Verdicts),
	}
	if d.Groups == nil {
		d.Groups = [][]search.Spelling{}
	}
	d.Questions, d.Terms = []QuestionData{}, []TermData{}
	for _, f := range t.Facets() {
		fd := FacetData{Name: f.Name, Label: f.Label, Legend: f.Legend, From: f.From, Values: labels(f.Vocab), Keys: make(map[string]string)}
		for _, term := range f.Vocab.Terms {
			for _, name := range append([]string{term.ID, term.Label}, term.Aliases...) {
				if k := kb.Slug(name); k != "" {
					fd.Keys[k] = term.ID
				}
			}
		}
		d.Facets = append(d.Facets, fd)
	}
	docn := make(map[string]int, len(c.Documents))
	for i, doc := range c.Documents {
		docn[doc.ID] = i
		d.Documents = append(d.Documents, Label{ID: doc.ID, Label: doc.Title})
	}
	for _, cl := range c.Clauses() {
		l := r.Line(cl)
		d.Clauses = append(d.Clauses, ClauseData{
			ID: cl.ID, Title: cl.Title, Text: cl.Text, Context: index.Context(c, cl),
			Kind: l.Kind, DocN: docn[cl.Document], Section: l.Section,
			Nature: l.Nature, Roles: l.Roles, Themes: nonNil(l.Themes), Facets: cl.Facets, Comments: l.Comments,
		})
	}
	pos := make(map[string]int, len(c.Clauses()))
	for i, cl := range c.Clauses() {
		pos[cl.ID] = i
	}
	for _, q := range c.Questions {
		qd := QuestionData{ID: q.ID, Question: q.Question, Phrasings: nonNil(q.Phrasings), Verdict: q.Verdict,
			Roles: nonNil(c.QuestionRoles(q)), Own: nonNil(q.Roles), Themes: nonNil(q.Themes), Clauses: []int{}}
		for _, id := range q.Clauses {
			qd.Clauses = append(qd.Clauses, pos[id])
		}
		d.Questions = append(d.Questions, qd)
	}
	for _, term := range c.Glossary {
		td := TermData{ID: term.ID, Term: term.Term, Aliases: nonNil(term.Aliases)}
		if term.IsEnglish(term.Term) {
			td.Lang = "en"
		}
		d.Terms = append(d.Terms, td)
	}
	return d, nil
}

func labels(v *kb.Vocabulary) []Label {
	out := make([]Label, len(v.Terms))
	for i, t := range v.Terms {
		out[i] = Label{ID: t.ID, Label: t.Label}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Script returns the data as a script that sets DataGlobal, and the name
// of its file: the digest of its bytes is in the name, so that a new export
// is never hidden by a cached copy of the old data.
func (d *SearchData) Script() (name string, script []byte, err error) {
	return scriptFile("recherche", DataGlobal, "search data", d)
}

// scriptFile writes v as a script that sets window.global, named prefix
// and the digest of its bytes.
//
// The value is JSON in a string given to JSON.parse rather than an object
// literal: browsers parse JSON faster than JavaScript, and the search data
// is most of what the search page loads before its first results (under
// Node, 9.5 ms instead of 18 for the search data of the bundled content;
// 0.2 KB more once gzipped).
func scriptFile(prefix, global, what string, v any) (name string, script []byte, err error) {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // a script file, not HTML: keep « < » readable
	if err := enc.Encode(v); err != nil {
		return "", nil, err
	}
	js.Truncate(js.Len() - 1) // the encoder's newline
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// Repères IA: %s of this copy, generated by reperes export.\nwindow.%s = JSON.parse('", what, global)
	// In a single-quoted string, a backslash and a quote are escaped; the
	// encoder has already escaped line breaks, U+2028 and U+2029.
	strings.NewReplacer(`\`, `\\`, `'`, `\'`).WriteString(&buf, js.String())
	buf.WriteString("');\n")
	sum := sha256.Sum256(buf.Bytes())
	return prefix + "-" + hex.EncodeToString(sum[:6]) + ".js", buf.Bytes(), nil
}

// DossierGlobal is the global variable the dossier script sets: an object
// from clause id to DossierClauseData.
const DossierGlobal = "REPERES_DOSSIER"

// DossierClauseData is a clause as the static copy's dossier page shows
// and cites it. The citations and the comment lines are written by Go (see
// kb.Dossier): dossier.js only puts them in order, so that the copy's
// dossier is the server's, to the character.
type DossierClauseData struct {
	Title            string               `json:"title"`
	Kind             string               `json:"kind"`
	KindLabel        string               `json:"kindLabel"`
	Doc              string               `json:"doc"`
	Section          string               `json:"section,omitempty"`
	Publisher        string               `json:"publisher"`
	Date             string               `json:"date"`
	Text             string               `json:"text"`
	Note             string               `json:"note,omitempty"`
	Link             string               `json:"link"`
	CitationText     string               `json:"citationText"`
	CitationMarkdown string               `json:"citationMarkdown"`
	Evidence         *kb.Evidence         `json:"evidence,omitempty"`
	NoteLine         string               `json:"noteLine,omitempty"`
	EvidenceLine     string               `json:"evidenceLine,omitempty"`
	CommentLines     string               `json:"commentLines,omitempty"`
	Comments         []DossierCommentData `json:"comments,omitempty"`
}

// DossierCommentData is a clause that comments one of the dossier.
type DossierCommentData struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Stance        string `json:"stance"`
	StanceLabel   string `json:"stanceLabel"`
	Publisher     string `json:"publisher"`
	Text          string `json:"text"`
	Editorial     bool   `json:"editorial,omitempty"`
	EvidenceLabel string `json:"evidenceLabel,omitempty"`
}

// DossierScript returns every clause as the dossier page needs it, as a
// script that sets DossierGlobal, and the name of its file. Only the
// dossier page loads it.
func DossierScript(c *kb.Corpus, baseURL string) (name string, script []byte, err error) {
	var ids []string
	for _, cl := range c.Clauses() {
		ids = append(ids, cl.ID)
	}
	t := c.Taxonomy
	out := make(map[string]DossierClauseData, len(ids))
	for _, it := range c.Dossier(ids, baseURL).Items {
		d := DossierClauseData{
			Title: it.Clause.Title, Kind: it.Doc.Kind, KindLabel: t.Kinds.Label(it.Doc.Kind), Doc: it.Doc.Title,
			Section: it.Clause.SectionPath(), Publisher: it.Doc.Publisher, Date: it.Doc.DisplayDate(),
			Text: it.Clause.Text, Note: it.Clause.Note, Link: it.Citation.URL,
			CitationText: it.Citation.Text, CitationMarkdown: it.Citation.Markdown, CommentLines: it.CommentLines(t),
			NoteLine: it.NoteLine(), EvidenceLine: it.EvidenceLine(),
		}
		if it.Evidence.Level != "" {
			ev := it.Evidence
			d.Evidence = &ev
		}
		for _, cm := range it.Comments {
			d.Comments = append(d.Comments, DossierCommentData{
				ID: cm.Clause.ID, Title: cm.Clause.Title, Stance: cm.Stance, StanceLabel: t.Stances.Label(cm.Stance),
				Publisher: cm.Doc.Publisher, Text: cm.Clause.Text, Editorial: cm.Editorial, EvidenceLabel: cm.Evidence.Label,
			})
		}
		out[it.Clause.ID] = d
	}
	return scriptFile("dossier", DossierGlobal, "the clauses as the dossier cites them", out)
}
