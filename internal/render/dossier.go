package render

import (
	"slices"

	"github.com/reperes-ia/reperes/internal/kb"
)

// DossierPage is a union representative's dossier: the clauses of its
// address, in order, each with its source and permalink, the links that
// reorder or remove it (plain links: they work without JavaScript), and
// the whole dossier as text and Markdown to copy or download.
type DossierPage struct {
	Page
	Items    []DossierItemView
	Unknown  []string
	Comments bool // show what the unions, EI and the context say
	Text     string
	Markdown string
	// Self, Toggle, Download are addresses: this dossier, the same with the
	// comments shown or hidden, and its Markdown file.
	Self, Toggle, Download string
	// Static is set in the static copy: dossier.js builds the page there.
	Static bool
}

// DossierItemView is one clause of a dossier page.
type DossierItemView struct {
	N         int
	Line      Line
	Text      string
	Note      string
	Date      string
	Publisher string
	Citation  kb.Citation
	Evidence  kb.Evidence
	Comments  []Related
	// Up, Down and Remove are the dossier's addresses with this clause
	// moved or removed; empty when it cannot move that way.
	Up, Down, Remove string
}

// Dossier builds the dossier page of ids (see kb.ParseDossierIDs).
func (r *Renderer) Dossier(ids []string, comments bool) DossierPage {
	d := r.corpus.Dossier(ids, r.cfg.BaseURL)
	p := DossierPage{Page: Page{Title: "Dossier", Nav: "dossier"}, Unknown: d.Unknown, Comments: comments,
		Text: d.Text(r.corpus.Taxonomy, comments), Markdown: d.Markdown(r.corpus.Taxonomy, comments)}
	kept := d.IDs()
	addr := func(ids []string, comments bool) string {
		a := kb.DossierPath(ids)
		if comments {
			a += "&commentaires=1"
		}
		return a
	}
	p.Self, p.Toggle = addr(kept, comments), addr(kept, !comments)
	p.Download = "/dossier.md" + p.Self[len("/dossier"):]
	for i, it := range d.Items {
		v := DossierItemView{
			N: i + 1, Line: r.Line(it.Clause), Text: it.Clause.Text, Note: it.Clause.Note,
			Date: it.Doc.DisplayDate(), Publisher: it.Doc.Publisher, Citation: it.Citation,
			Evidence: it.Evidence,
		}
		if comments {
			v.Comments = r.related(r.corpus.LinksTo(it.Clause))
		}
		if i > 0 {
			v.Up = addr(swap(kept, i, i-1), comments)
		}
		if i < len(kept)-1 {
			v.Down = addr(swap(kept, i, i+1), comments)
		}
		v.Remove = addr(slices.Delete(slices.Clone(kept), i, i+1), comments)
		p.Items = append(p.Items, v)
	}
	return p
}

// StaticDossier is the static copy's dossier page: an empty frame that
// dossier.js fills from the address and the copy's data.
func (r *Renderer) StaticDossier(scripts ...string) DossierPage {
	return DossierPage{Page: Page{Title: "Dossier", Nav: "dossier", Scripts: scripts}, Static: true}
}

func swap(ids []string, i, j int) []string {
	out := slices.Clone(ids)
	out[i], out[j] = out[j], out[i]
	return out
}
