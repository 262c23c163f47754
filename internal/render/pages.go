package render

import (
	"html/template"
	"net/url"
	"slices"
	"strconv"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Page holds what every page has.
type Page struct {
	Title string
	// Nav is the active item of the main navigation.
	Nav string
	// Scripts are site paths of scripts the page needs besides site.js.
	Scripts []string
}

// Line is a clause in a list: search results, role and theme pages. URL
// is a site path: templates write it through url, which places it under
// the base path (server) or makes it relative to the page (static copy).
type Line struct {
	ID, Title, URL string
	Kind, DocTitle string
	Section        string
	Nature         string
	Roles, Themes  []string
	Snippet        template.HTML // escaped by the search engine
	// Comments counts the clauses of comment kinds (unions, EI) that refer
	// to this one.
	Comments int
}

// Line builds the list line of a clause, without snippet.
func (r *Renderer) Line(cl *kb.Clause) Line { return r.line(cl, "") }

// line builds the list line of a clause; snippet is trusted HTML or "".
func (r *Renderer) line(cl *kb.Clause, snippet string) Line {
	d := r.corpus.DocumentOf(cl)
	l := Line{
		ID: cl.ID, Title: cl.Title, URL: kb.ClausePath(cl.ID),
		Kind: d.Kind, DocTitle: d.Title, Section: cl.SectionPath(), Nature: cl.Nature,
		Roles: r.corpus.Taxonomy.ExpandRoles(cl.Roles), Themes: cl.Themes,
		Snippet: template.HTML(snippet),
	}
	for _, ref := range r.corpus.ReferencedBy(cl.ID) {
		if other, err := r.corpus.Clause(ref.ID); err == nil && slices.Contains(r.corpus.Taxonomy.CommentKinds, r.corpus.DocumentOf(other).Kind) {
			l.Comments++
		}
	}
	return l
}

// SearchPage is the search page, also the home page.
type SearchPage struct {
	Page
	Home   bool
	Query  string
	Total  int
	Hits   []Line
	Facets []FacetView
	// Page numbers and links; Prev and Next are empty at the ends.
	PageNum, Pages int
	Prev, Next     string
	// Error is why the query was refused, in French.
	Error string
	// Suggestions are shown when nothing matched.
	Suggestions []Link
	Roles       []Link // for the home page: « Je suis… »
	// Static is a search page of a static copy: results come from the
	// browser, and without JavaScript the page says how to browse.
	Static bool
	// Answers are the questions pratiques that answer the query; Term the
	// glossary term it names.
	Answers []AnswerView
	Term    *TermView
	// Related are the questions proches: leads, not answers.
	Related []Link
	// Scope is the document the search is restricted to (ID its id, Text
	// its title), nil for the whole corpus.
	Scope *Scope
}

// Scope is the document a search is restricted to.
type Scope struct {
	ID, Title string
	// Without is the same search in every document.
	Without string
}

// FacetView is one facet of the search page.
type FacetView struct {
	Name, Legend string
	Values       []kb.FacetValue
}

// Link is a labelled site path (written through url, like Line.URL).
type Link struct {
	Text, URL string
	Note      string
}

// Search builds the search page for a query and its results. res is nil
// when the query was refused (then errMsg says why).
func (r *Renderer) Search(p kb.QueryParams, q kb.Query, res *kb.Results, errMsg string, home bool) SearchPage {
	sp := SearchPage{Page: Page{Title: "Recherche", Nav: "recherche"}, Home: home, Query: p.Q, Error: errMsg}
	if home {
		sp.Title = "Repères IA"
		for _, t := range r.corpus.Taxonomy.Roles.Terms {
			sp.Roles = append(sp.Roles, Link{Text: t.Label, URL: "/roles/" + t.ID, Note: t.Description})
		}
	} else if p.Q != "" {
		sp.Title = "« " + p.Q + " » — Recherche"
	}
	if d, err := r.corpus.Document(q.Document); err == nil {
		all := q
		all.Document = ""
		sp.Scope = &Scope{ID: d.ID, Title: d.Title, Without: r.searchURL(all, 1)}
	}
	if res == nil {
		return sp
	}
	sp.Total = res.Total
	for _, a := range res.Answers {
		sp.Answers = append(sp.Answers, r.Answer(a.Question))
	}
	for _, a := range res.Related {
		sp.Related = append(sp.Related, Link{Text: a.Question.Question, URL: kb.QuestionPath(a.Question.ID)})
	}
	if res.Term != nil {
		tv := r.term(res.Term)
		sp.Term = &tv
	}
	for _, h := range res.Hits {
		sp.Hits = append(sp.Hits, r.line(h.Clause, h.Snippet))
	}
	for _, f := range res.Facets {
		if len(f.Values) == 0 {
			continue // no result has a value here, and none is ticked: no empty box
		}
		def, _ := r.corpus.Taxonomy.Facet(f.Name)
		sp.Facets = append(sp.Facets, FacetView{Name: f.Name, Legend: def.Legend, Values: f.Values})
	}
	sp.PageNum = q.Page
	sp.Pages = max(1, (res.Total+q.Size-1)/q.Size)
	if q.Page > 1 {
		sp.Prev = r.searchURL(q, q.Page-1)
	}
	if q.Page < sp.Pages {
		sp.Next = r.searchURL(q, q.Page+1)
	}
	if res.Total == 0 {
		sp.Suggestions = r.suggestions(q)
	}
	return sp
}

// StaticSearch builds the search page of a static copy: the form with
// every facet value, counted over the whole corpus, the roles on the home
// page, and no results: the browser searches, with the scripts named
// (site paths, in order).
func (r *Renderer) StaticSearch(home bool, scripts ...string) SearchPage {
	sp := r.Search(kb.QueryParams{}, kb.Query{}, nil, "", home)
	sp.Static = true
	sp.Scripts = scripts
	for _, f := range r.corpus.Taxonomy.Facets() {
		counts := make(map[string]int)
		for _, cl := range r.corpus.Clauses() {
			for _, v := range r.corpus.FacetValues(cl, f) {
				counts[v]++
			}
		}
		fv := FacetView{Name: f.Name, Legend: f.Legend}
		for _, t := range f.Vocab.Terms {
			fv.Values = append(fv.Values, kb.FacetValue{Value: t.ID, Label: t.Label, Count: counts[t.ID]})
		}
		sp.Facets = append(sp.Facets, fv)
	}
	return sp
}

// searchURL is the address of a page of the same search.
func (r *Renderer) searchURL(q kb.Query, page int) string {
	v := QueryValues(q)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/recherche?" + v.Encode()
}

// QueryValues writes a query as URL parameters (without the page).
func QueryValues(q kb.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for facet, values := range q.Selected { // Encode sorts the keys
		for _, val := range values {
			v.Add(facet, val)
		}
	}
	if q.Document != "" {
		v.Set("document", q.Document)
	}
	if q.Size != kb.DefaultSize {
		v.Set("size", strconv.Itoa(q.Size))
	}
	return v
}

// suggestions offer ways out of an empty result: drop each filter, drop
// all filters.
func (r *Renderer) suggestions(q kb.Query) []Link {
	var out []Link
	t := r.corpus.Taxonomy
	for _, f := range t.Facets() {
		for _, val := range q.Filters(f.Name) {
			out = append(out, Link{Text: "Retirer le filtre « " + f.Vocab.Label(val) + " »", URL: r.searchURL(q.Without(f.Name, val), 1)})
		}
	}
	if d, err := r.corpus.Document(q.Document); err == nil {
		without := q
		without.Page, without.Document = 1, ""
		out = append(out, Link{Text: "Chercher dans tous les documents, pas seulement « " + d.Title + " »", URL: r.searchURL(without, 1)})
	}
	if len(out) > 1 {
		out = append(out, Link{Text: "Retirer tous les filtres", URL: r.searchURL(kb.Query{Text: q.Text, Size: q.Size}, 1)})
	}
	return out
}

// ClausePage is the permalink page of a clause.
type ClausePage struct {
	Page
	Clause   *kb.Clause
	Doc      *kb.Document
	HTML     template.HTML // rendered by the loader's safe Markdown renderer
	Roles    []string
	Section  string
	About    []Related // the clauses this one is about
	Comments []Related // the clauses that are about this one
	Citation kb.Citation
	Evidence kb.Evidence
	// EvidenceMeaning is what the evidence level means (its description).
	EvidenceMeaning string
}

// Related is a clause at the other end of a reference.
type Related struct {
	Line
	Stance string
	Text   string
	Note   string
	// Editorial: the link is the editors' reading, not one the source makes.
	Editorial bool
	// Evidence is how well the clause at the other end is established.
	Evidence kb.Evidence
}

// related shows the clauses at the other end of links.
func (r *Renderer) related(links []kb.Link) []Related {
	var out []Related
	for _, l := range links {
		out = append(out, Related{Line: r.line(l.Clause, ""), Stance: l.Stance, Text: l.Clause.Text, Editorial: l.Editorial,
			Evidence: r.corpus.Evidence(l.Clause)})
	}
	return out
}

// Clause builds the page of a clause.
func (r *Renderer) Clause(cl *kb.Clause) ClausePage {
	p := ClausePage{
		Page:     Page{Title: cl.Title},
		Clause:   cl,
		Doc:      r.corpus.DocumentOf(cl),
		HTML:     template.HTML(cl.HTML),
		Roles:    r.corpus.Taxonomy.ExpandRoles(cl.Roles),
		Section:  cl.SectionPath(),
		About:    r.related(r.corpus.LinksFrom(cl)),
		Comments: r.related(r.corpus.LinksTo(cl)),
		Citation: r.corpus.Cite(cl, r.cfg.BaseURL),
		Evidence: r.corpus.Evidence(cl),
	}
	if t, ok := r.corpus.Taxonomy.Evidence.Term(p.Evidence.Level); ok {
		p.EvidenceMeaning = t.Description
	}
	return p
}

// ListPage lists clauses in groups (a role, a theme) or links (an index).
type ListPage struct {
	Page
	Heading, Intro string
	Groups         []Group
	Links          []Link
	Total          int
}

// Group is a titled group of clauses.
type Group struct {
	Title string
	Lines []Line
}

// Theme builds the page of a theme: its clauses by kind of document.
func (r *Renderer) Theme(id string) (ListPage, error) {
	t := r.corpus.Taxonomy
	term, ok := t.Themes.Term(id)
	if !ok {
		return ListPage{}, &kb.NotFoundError{What: "theme", ID: id}
	}
	lp := ListPage{Page: Page{Title: term.Label, Nav: "themes"}, Heading: term.Label, Intro: term.Description}
	for _, kind := range t.Kinds.Terms {
		group := Group{Title: kind.Label}
		for _, cl := range r.corpus.Clauses() {
			if r.corpus.DocumentOf(cl).Kind == kind.ID && slices.Contains(cl.Themes, id) {
				group.Lines = append(group.Lines, r.line(cl, ""))
			}
		}
		if len(group.Lines) > 0 {
			lp.Total += len(group.Lines)
			lp.Groups = append(lp.Groups, group)
		}
	}
	return lp, nil
}

// Index builds the list of the roles, the themes or the documents.
func (r *Renderer) Index(what string) ListPage {
	t := r.corpus.Taxonomy
	var lp ListPage
	terms := func(prefix string, v *kb.Vocabulary) {
		for _, term := range v.Terms {
			lp.Links = append(lp.Links, Link{Text: term.Label, URL: prefix + term.ID, Note: term.Description})
		}
	}
	switch what {
	case "roles":
		lp = ListPage{Page: Page{Title: "Rôles", Nav: "roles"}, Heading: "Ce que le cadre dit pour chaque métier"}
		terms("/roles/", &t.Roles)
	case "themes":
		lp = ListPage{Page: Page{Title: "Thèmes", Nav: "themes"}, Heading: "Thèmes"}
		terms("/themes/", &t.Themes)
	default:
		lp = ListPage{Page: Page{Title: "Documents", Nav: "documents"}, Heading: "Documents"}
		for _, d := range r.corpus.Documents {
			lp.Links = append(lp.Links, Link{Text: d.Title, URL: "/documents/" + d.ID,
				Note: t.Kinds.Label(d.Kind) + " · " + d.Publisher + " · " + strconv.Itoa(len(d.Clauses)) + " clauses"})
		}
	}
	return lp
}

// DocumentPage is a whole document in order, every section and clause
// anchored.
type DocumentPage struct {
	Page
	Doc    *kb.Document
	Blocks []Block
}

// Block is a section heading or a clause of a document page.
type Block struct {
	Heading *kb.Heading
	Level   int // 2 to 4
	Clause  *kb.Clause
	HTML    template.HTML
}

// Document builds the page of a document.
func (r *Renderer) Document(id string) (DocumentPage, error) {
	d, err := r.corpus.Document(id)
	if err != nil {
		return DocumentPage{}, err
	}
	dp := DocumentPage{Page: Page{Title: d.Title, Nav: "documents"}, Doc: d}
	var open []kb.Heading
	for _, cl := range d.Clauses {
		common := 0
		for common < len(open) && common < len(cl.Section) && open[common] == cl.Section[common] {
			common++
		}
		for i := common; i < len(cl.Section); i++ {
			h := cl.Section[i]
			dp.Blocks = append(dp.Blocks, Block{Heading: &h, Level: min(i+2, 4)})
		}
		open = cl.Section
		dp.Blocks = append(dp.Blocks, Block{Clause: cl, Level: min(len(cl.Section)+2, 5), HTML: template.HTML(cl.HTML)})
	}
	return dp, nil
}

// AboutPage says what the site is.
type AboutPage struct {
	Page
	Documents []*kb.Document
	Clauses   int
	// Evidence are the evidence levels, strongest first, with the number
	// of clauses at each level; Placements the reasons a place is uncertain.
	Evidence   []EvidenceCount
	Placements []kb.Term
}

// EvidenceCount is an evidence level and how many clauses have it.
type EvidenceCount struct {
	kb.Term
	Count int
}

// About builds the about page.
func (r *Renderer) About() AboutPage {
	p := AboutPage{Page: Page{Title: "À propos", Nav: "a-propos"}, Documents: r.corpus.Documents, Clauses: r.corpus.NumClauses(),
		Placements: r.corpus.Taxonomy.Placements.Terms}
	counts := make(map[string]int)
	for _, cl := range r.corpus.Clauses() {
		counts[r.corpus.Evidence(cl).Level]++
	}
	for _, t := range r.corpus.Taxonomy.Evidence.Terms {
		p.Evidence = append(p.Evidence, EvidenceCount{Term: t, Count: counts[t.ID]})
	}
	return p
}

// ErrorPage is a 4xx or 5xx page.
type ErrorPage struct {
	Page
	Status  int
	Message string
}
