package render

import (
	"slices"
	"sort"
	"strings"

	"github.com/reperes-ia/reperes/internal/kb"
)

// AnswerView is a question pratique as an answer card or a list line.
type AnswerView struct {
	ID, Question, URL string
	Verdict, Label    string
	Answer            string
	Clauses           []Link
	// Doubtful is set when a cited clause carries a note on doubts.
	Doubtful bool
}

// Answer builds the view of a question.
func (r *Renderer) Answer(q *kb.Question) AnswerView {
	v := AnswerView{ID: q.ID, Question: q.Question, URL: kb.QuestionPath(q.ID), Verdict: q.Verdict,
		Label: r.corpus.Taxonomy.Verdicts.Label(q.Verdict), Answer: q.Answer}
	for _, id := range q.Clauses {
		if cl, err := r.corpus.Clause(id); err == nil {
			v.Clauses = append(v.Clauses, Link{Text: cl.Title, URL: kb.ClausePath(id), Note: r.corpus.Taxonomy.Kinds.Label(r.corpus.DocumentOf(cl).Kind)})
			v.Doubtful = v.Doubtful || cl.Note != ""
		}
	}
	return v
}

// TermView is a glossary term on the glossary page or as a definition card.
type TermView struct {
	ID, Term, Definition string
	// Lang is "en" when the term is English (lang="en" on the page), else
	// empty: the page's language.
	Lang    string
	Aliases []Spelling
	URL     string
	Clauses []Link
}

// Spelling is an alias of a term, with its language when it is not French.
type Spelling struct{ Text, Lang string }

func (r *Renderer) term(t *kb.GlossaryTerm) TermView {
	lang := func(s string) string {
		if t.IsEnglish(s) {
			return "en"
		}
		return ""
	}
	v := TermView{ID: t.ID, Term: t.Term, Lang: lang(t.Term), Definition: t.Definition, URL: kb.GlossaryPath(t.ID)}
	for _, a := range t.Aliases {
		v.Aliases = append(v.Aliases, Spelling{Text: a, Lang: lang(a)})
	}
	for _, id := range t.Clauses {
		if cl, err := r.corpus.Clause(id); err == nil {
			v.Clauses = append(v.Clauses, Link{Text: cl.Title, URL: kb.ClausePath(id)})
		}
	}
	return v
}

// QuestionPage is the page of a question pratique: the answer, then each
// clause it rests on, quoted with its doubts.
type QuestionPage struct {
	Page
	AnswerView
	Roles, Themes []string
	Audience      string
	Quoted        []Related
	// SeeAlso are other questions that cite the same clauses.
	SeeAlso []AnswerView
}

// Question builds the page of a question.
func (r *Renderer) Question(id string) (QuestionPage, error) {
	q, err := r.corpus.QuestionByID(id)
	if err != nil {
		return QuestionPage{}, err
	}
	qp := QuestionPage{Page: Page{Title: q.Question, Nav: "questions"}, AnswerView: r.Answer(q),
		Roles: r.corpus.QuestionRoles(q), Themes: q.Themes, Audience: r.corpus.Taxonomy.Audiences.Label(q.Audience)}
	if q.Audience == "" {
		qp.Audience = ""
	}
	seen := map[string]bool{q.ID: true}
	for _, cid := range q.Clauses {
		cl, err := r.corpus.Clause(cid)
		if err != nil {
			continue
		}
		qp.Quoted = append(qp.Quoted, Related{Line: r.line(cl, ""), Text: cl.Text, Note: cl.Note})
		for _, other := range r.corpus.QuestionsCiting(cid) {
			if !seen[other.ID] && len(qp.SeeAlso) < 5 {
				seen[other.ID] = true
				qp.SeeAlso = append(qp.SeeAlso, r.Answer(other))
			}
		}
	}
	return qp, nil
}

// QuestionsPage lists every question pratique by role and by theme.
type QuestionsPage struct {
	Page
	ByRole  []AnswerGroup
	ByTheme []AnswerGroup
	Total   int
}

// AnswerGroup is a titled list of questions.
type AnswerGroup struct {
	ID, Title string
	Answers   []AnswerView
}

// Questions builds the list of the questions pratiques: under each staff
// role the questions that name it (then those for all staff), then the
// questions of each audience; and under each theme its questions.
func (r *Renderer) Questions() QuestionsPage {
	t := r.corpus.Taxonomy
	qp := QuestionsPage{Page: Page{Title: "Questions pratiques", Nav: "questions"}, Total: len(r.corpus.Questions)}
	// add appends to list the group of the questions that keep accepts,
	// unless it is empty.
	add := func(list *[]AnswerGroup, id, title string, keep func(*kb.Question) bool) {
		g := AnswerGroup{ID: id, Title: title}
		for _, q := range r.corpus.Questions {
			if keep(q) {
				g.Answers = append(g.Answers, r.Answer(q))
			}
		}
		if len(g.Answers) > 0 {
			*list = append(*list, g)
		}
	}
	for _, role := range t.Roles.Terms {
		add(&qp.ByRole, "role-"+role.ID, role.Label, func(q *kb.Question) bool { return slices.Contains(q.Roles, role.ID) })
	}
	add(&qp.ByRole, "role-"+t.AllStaff.ID, t.AllStaff.Label, func(q *kb.Question) bool {
		return slices.Contains(q.Roles, t.AllStaff.ID) && q.Audience == ""
	})
	for _, a := range t.Audiences.Terms {
		add(&qp.ByRole, "public-"+a.ID, a.Label, func(q *kb.Question) bool { return q.Audience == a.ID })
	}
	for _, th := range t.Themes.Terms {
		add(&qp.ByTheme, "theme-"+th.ID, th.Label, func(q *kb.Question) bool { return slices.Contains(q.Themes, th.ID) })
	}
	return qp
}

// GlossaryPage is the glossary, in alphabetical order.
type GlossaryPage struct {
	Page
	Terms []TermView
}

// Glossary builds the glossary page.
func (r *Renderer) Glossary() GlossaryPage {
	gp := GlossaryPage{Page: Page{Title: "Glossaire", Nav: "glossaire"}}
	for _, t := range r.corpus.Glossary {
		gp.Terms = append(gp.Terms, r.term(t))
	}
	sort.SliceStable(gp.Terms, func(i, j int) bool {
		return kb.Slug(gp.Terms[i].Term) < kb.Slug(gp.Terms[j].Term)
	})
	return gp
}

// RolePage is « L'essentiel pour les AESH »: a role's questions pratiques,
// the rules that name the role, the rules for all staff (short), then what
// the unions and EI say.
type RolePage struct {
	Page
	Heading, Intro string
	Label          string
	Answers        []AnswerView
	Named          []Line
	ForAll         []Group
	Comments       []Line
	Total          int
}

// Role builds the sheet of a role. A clause belongs on it when it names
// the role, or concerns all staff and is either a reference text or a
// comment (union, EI) on one: context clauses (events, programmes, facts)
// that do not name the role are not about anyone's daily work.
func (r *Renderer) Role(id string) (RolePage, error) {
	t := r.corpus.Taxonomy
	term, ok := t.Roles.Term(id)
	if !ok {
		return RolePage{}, &kb.NotFoundError{What: "role", ID: id}
	}
	rp := RolePage{Page: Page{Title: "L'essentiel pour : " + term.Label, Nav: "roles"}, Heading: "L'essentiel pour : " + term.Label, Intro: term.Description, Label: term.Label}
	// The role's own questions first, then those it shares with other
	// roles (a rule asked by several trades), then those for all staff.
	for _, q := range r.corpus.Questions {
		if slices.Contains(q.Roles, id) && len(q.Roles) == 1 {
			rp.Answers = append(rp.Answers, r.Answer(q))
		}
	}
	for _, q := range r.corpus.Questions {
		if slices.Contains(q.Roles, id) && len(q.Roles) > 1 {
			rp.Answers = append(rp.Answers, r.Answer(q))
		}
	}
	for _, q := range r.corpus.Questions {
		if slices.Contains(q.Roles, t.AllStaff.ID) && q.Audience == "" && id != "eleve" {
			rp.Answers = append(rp.Answers, r.Answer(q))
		}
	}
	reference := t.Kinds.IDs()[0]
	var forAll []*kb.Clause
	for _, cl := range r.corpus.Clauses() {
		kind := r.corpus.DocumentOf(cl).Kind
		named := slices.Contains(cl.Roles, id)
		all := !named && slices.Contains(t.ExpandRoles(cl.Roles), id)
		comment := slices.Contains(t.CommentKinds, kind)
		switch {
		case named && !comment:
			rp.Named = append(rp.Named, r.line(cl, ""))
		case comment && (named || (all && r.commentsReference(cl, reference))):
			rp.Comments = append(rp.Comments, r.line(cl, ""))
		case all && kind == reference:
			forAll = append(forAll, cl)
		default:
			continue
		}
		rp.Total++
	}
	for _, g := range r.natureGroups() {
		group := Group{Title: g.title}
		for _, cl := range forAll {
			if slices.Contains(g.natures, cl.Nature) {
				group.Lines = append(group.Lines, r.line(cl, ""))
			}
		}
		if len(group.Lines) > 0 {
			rp.ForAll = append(rp.ForAll, group)
		}
	}
	return rp, nil
}

// commentsReference reports whether a clause refers to a clause of the
// reference kind.
func (r *Renderer) commentsReference(cl *kb.Clause, reference string) bool {
	for _, ref := range cl.References {
		if other, err := r.corpus.Clause(ref.ID); err == nil && r.corpus.DocumentOf(other).Kind == reference {
			return true
		}
	}
	return false
}

// natureGroups orders the natures of a role sheet: what must and must not
// be done first (the taxonomy's binding natures, together), then in the
// taxonomy's order, each nature its own group so that a nature added to
// the taxonomy is never left out.
func (r *Renderer) natureGroups() []struct {
	title   string
	natures []string
} {
	var out []struct {
		title   string
		natures []string
	}
	ids := r.corpus.Taxonomy.Natures.IDs()
	first := r.corpus.Taxonomy.BindingNatures
	var firstIDs []string
	for _, id := range ids {
		if slices.Contains(first, id) {
			firstIDs = append(firstIDs, id)
		}
	}
	if len(firstIDs) > 0 {
		var labels []string
		for i, id := range firstIDs {
			l := r.corpus.Taxonomy.Natures.Label(id) + "s"
			if i > 0 {
				l = strings.ToLower(l)
			}
			labels = append(labels, l)
		}
		out = append(out, struct {
			title   string
			natures []string
		}{strings.Join(labels, " et "), firstIDs})
	}
	for _, id := range ids {
		if !slices.Contains(first, id) {
			out = append(out, struct {
				title   string
				natures []string
			}{r.corpus.Taxonomy.Natures.Label(id) + "s", []string{id}})
		}
	}
	return out
}
