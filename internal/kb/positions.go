package kb

import "slices"

// Positions is the map of positions: for each theme and each source (the
// reference text, then the positions on it), how many clauses the source
// has on the theme and which stances they take; and the framework clauses
// that a position criticises, with the criticisms.
//
// The sources are the documents with a Carte label, in the order of their
// kind in the taxonomy, then in corpus order. A position's stances are those
// of its references to a clause of the reference kind; a reference clause's
// stances are those it receives from the positions.
type Positions struct {
	Sources []*Document
	Rows    []PositionsRow
	// Total is the row of all themes: each source's number of clauses.
	Total PositionsRow
	// Disagreements are the reference clauses that a position criticises,
	// in corpus order.
	Disagreements []Disagreement
}

// PositionsRow is a theme (empty for the total row) and its cells, one per
// source.
type PositionsRow struct {
	Theme Term
	Cells []PositionsCell
}

// PositionsCell counts the clauses of one source on one theme.
type PositionsCell struct {
	Doc *Document
	// Query is the search whose results are exactly the cell's clauses:
	// the theme and the document, no text.
	Query Query
	// Count is the number of clauses; Stances how many of them take (or,
	// for the reference text, receive) each stance, in vocabulary order,
	// stances with no clause left out.
	Count   int
	Stances []StanceCount
}

// StanceCount is a stance and a number of clauses.
type StanceCount struct {
	Stance string
	Count  int
}

// Disagreement is a reference clause and the clauses that criticise it.
type Disagreement struct {
	Clause     *Clause
	Doc        *Document
	Criticisms []*Clause
}

// Positions builds the map of positions.
func (c *Corpus) Positions() Positions {
	t := c.Taxonomy
	var out Positions
	for _, kind := range t.Kinds.IDs() {
		for _, d := range c.Documents {
			if d.Kind == kind && d.Carte != "" {
				out.Sources = append(out.Sources, d)
			}
		}
	}
	isSource := func(d *Document) bool { return slices.Contains(out.Sources, d) }
	reference := ""
	if ids := t.Kinds.IDs(); len(ids) > 0 {
		reference = ids[0]
	}

	// stances of one clause: toward the reference text for a position,
	// received from the positions for a reference clause.
	stances := func(cl *Clause) map[string]bool {
		set := make(map[string]bool)
		if c.DocumentOf(cl).Kind == reference {
			for _, r := range c.ReferencedBy(cl.ID) {
				if other, err := c.Clause(r.ID); err == nil && isSource(c.DocumentOf(other)) && c.DocumentOf(other).Kind != reference {
					set[r.Stance] = true
				}
			}
			return set
		}
		for _, r := range cl.References {
			if other, err := c.Clause(r.ID); err == nil && c.DocumentOf(other).Kind == reference {
				set[r.Stance] = true
			}
		}
		return set
	}
	cell := func(d *Document, theme string) PositionsCell {
		pc := PositionsCell{Doc: d, Query: Query{Document: d.ID, Page: 1, Size: DefaultSize}}
		if theme != "" {
			pc.Query.Selected = Filters{FacetTheme: {theme}}
		}
		counts := make(map[string]int)
		for _, cl := range d.Clauses {
			if theme != "" && !slices.Contains(cl.Themes, theme) {
				continue
			}
			pc.Count++
			for s := range stances(cl) {
				counts[s]++
			}
		}
		for _, s := range t.Stances.IDs() {
			if counts[s] > 0 {
				pc.Stances = append(pc.Stances, StanceCount{Stance: s, Count: counts[s]})
			}
		}
		return pc
	}
	for _, theme := range t.Themes.Terms {
		row := PositionsRow{Theme: theme}
		for _, d := range out.Sources {
			row.Cells = append(row.Cells, cell(d, theme.ID))
		}
		out.Rows = append(out.Rows, row)
	}
	for _, d := range out.Sources {
		out.Total.Cells = append(out.Total.Cells, cell(d, ""))
	}

	for _, cl := range c.Clauses() {
		d := c.DocumentOf(cl)
		if d.Kind != reference {
			continue
		}
		dis := Disagreement{Clause: cl, Doc: d}
		for _, r := range c.ReferencedBy(cl.ID) {
			if r.Stance != t.DisagreementStance {
				continue
			}
			if other, err := c.Clause(r.ID); err == nil && isSource(c.DocumentOf(other)) {
				dis.Criticisms = append(dis.Criticisms, other)
			}
		}
		if len(dis.Criticisms) > 0 {
			out.Disagreements = append(out.Disagreements, dis)
		}
	}
	return out
}
