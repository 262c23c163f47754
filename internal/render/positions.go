package render

import (
	"github.com/reperes-ia/reperes/internal/kb"
	"slices"
)

// PositionsPage is the map of positions: themes × sources, each cell the
// number of clauses (a link to the search that lists them) and the stances
// they take; then the points of disagreement, side by side.
type PositionsPage struct {
	Page
	Sources []PositionsSource
	Rows    []PositionsRowView
	Total   PositionsRowView
	// Disagreements are the reference clauses a position criticises.
	Disagreements []DisagreementView
	// Stance is the label of the disagreement stance (« Critique »).
	Stance string
}

// PositionsSource is a column: a document, its short name, whether it is
// the reference text (its stances are received, not taken).
type PositionsSource struct {
	Label, Title, URL string
	Reference         bool
	// Editorial: the source does not discuss the reference text, so every
	// link it has to it is the editors' reading.
	Editorial bool
}

// PositionsRowView is a theme (Theme empty for the total row) and its cells.
type PositionsRowView struct {
	Theme, ThemeURL string
	Cells           []PositionsCellView
}

// PositionsCellView is a cell: Count clauses, listed by the search at URL
// (empty when there is none), and the stances.
type PositionsCellView struct {
	Source    string // the column's short name, for narrow screens
	Reference bool
	Editorial bool // see PositionsSource
	Count     int
	URL       string
	Stances   []StanceView
}

// StanceView is a stance, its label and a number of clauses.
type StanceView struct {
	ID, Label string
	Count     int
}

// DisagreementView is a reference clause and its criticisms.
type DisagreementView struct {
	Clause     Line
	Text       string
	Criticisms []CriticismView
}

// CriticismView is a clause that criticises, with its source's short name.
type CriticismView struct {
	Line
	Source string
	Text   string
}

// Positions builds the map of positions.
func (r *Renderer) Positions() PositionsPage {
	m := r.corpus.Positions()
	t := r.corpus.Taxonomy
	p := PositionsPage{Page: Page{Title: "Carte des positions", Nav: "positions"}, Stance: t.Stances.Label(t.DisagreementStance)}
	reference := t.Kinds.IDs()[0]
	var refDocs []string
	for _, d := range m.Sources {
		if d.Kind == reference {
			refDocs = append(refDocs, d.ID)
		}
	}
	editorial := make(map[string]bool)
	for _, d := range m.Sources {
		e := d.Kind != reference && !slices.ContainsFunc(refDocs, func(id string) bool { return slices.Contains(d.Addresses, id) })
		editorial[d.Carte] = e
		p.Sources = append(p.Sources, PositionsSource{Label: d.Carte, Title: d.Title, URL: "/documents/" + d.ID, Reference: d.Kind == reference, Editorial: e})
	}
	row := func(theme, themeURL string, cells []kb.PositionsCell) PositionsRowView {
		v := PositionsRowView{Theme: theme, ThemeURL: themeURL}
		for _, c := range cells {
			cv := PositionsCellView{Source: c.Doc.Carte, Reference: c.Doc.Kind == reference, Editorial: editorial[c.Doc.Carte], Count: c.Count}
			if c.Count > 0 {
				cv.URL = r.searchURL(c.Query, 1)
			}
			for _, s := range c.Stances {
				cv.Stances = append(cv.Stances, StanceView{ID: s.Stance, Label: t.Stances.Label(s.Stance), Count: s.Count})
			}
			v.Cells = append(v.Cells, cv)
		}
		return v
	}
	for _, pr := range m.Rows {
		p.Rows = append(p.Rows, row(pr.Theme.Label, "/themes/"+pr.Theme.ID, pr.Cells))
	}
	p.Total = row("", "", m.Total.Cells)
	for _, d := range m.Disagreements {
		dv := DisagreementView{Clause: r.Line(d.Clause), Text: d.Clause.Text}
		for _, cl := range d.Criticisms {
			dv.Criticisms = append(dv.Criticisms, CriticismView{Line: r.Line(cl), Source: r.corpus.DocumentOf(cl).Carte, Text: cl.Text})
		}
		p.Disagreements = append(p.Disagreements, dv)
	}
	return p
}
