package cli

import (
	"fmt"
	"html"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/reperes-ia/reperes/internal/api"
	"github.com/reperes-ia/reperes/internal/kb"
)

// isTerminal reports whether w is a terminal that may receive colours.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// plainSnippet turns an HTML snippet into terminal text, the matches in bold
// on a terminal and between ** elsewhere.
func plainSnippet(s string, color bool) string {
	on, off := "**", "**"
	if color {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	s = strings.NewReplacer("<mark>", on, "</mark>", off).Replace(s)
	return html.UnescapeString(s)
}

// printAnswers writes what the search page shows above the results: the
// definition of the term the query names, the answer cards and the
// questions proches.
func printAnswers(w io.Writer, c *kb.Corpus, r *kb.Results) {
	if t := r.Term; t != nil {
		fmt.Fprintf(w, "Glossaire — %s : %s\n\n", t.Term, t.Definition)
	}
	for _, a := range r.Answers {
		q := a.Question
		fmt.Fprintf(w, "Question pratique — %s  [%s]\n", q.Question, q.ID)
		fmt.Fprintf(w, "   Verdict : %s\n   %s\n", c.Taxonomy.Verdicts.Label(q.Verdict), q.Answer)
		fmt.Fprintf(w, "   Selon : %s\n\n", strings.Join(q.Clauses, ", "))
	}
	if len(r.Related) > 0 {
		fmt.Fprintln(w, "Questions proches :")
		for _, a := range r.Related {
			fmt.Fprintf(w, "   - %s  [%s]\n", a.Question.Question, a.Question.ID)
		}
		fmt.Fprintln(w)
	}
}

func printResults(w io.Writer, c *kb.Corpus, r *kb.Results, color bool) {
	q := r.Query
	printAnswers(w, c, r)
	switch {
	case r.Total == 0:
		fmt.Fprintln(w, "Aucun résultat.")
		if q.Text != "" {
			fmt.Fprintln(w, "Essayez d'autres mots, vérifiez l'orthographe ou retirez un filtre.")
		}
		return
	case q.Text != "":
		fmt.Fprintf(w, "%d résultat(s) pour « %s »", r.Total, q.Text)
	default:
		fmt.Fprintf(w, "%d clause(s)", r.Total)
	}
	pages := (r.Total + q.Size - 1) / q.Size
	fmt.Fprintf(w, ", page %d/%d\n", q.Page, max(pages, 1))
	for i, h := range r.Hits {
		cl := h.Clause
		d := c.DocumentOf(cl)
		fmt.Fprintf(w, "\n%d. %s  [%s]\n", (q.Page-1)*q.Size+i+1, cl.Title, cl.ID)
		fmt.Fprintf(w, "   %s · %s", c.Taxonomy.Kinds.Label(d.Kind), d.Title)
		if s := cl.SectionPath(); s != "" {
			fmt.Fprintf(w, " › %s", s)
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "   %s\n", plainSnippet(h.Snippet, color))
	}
	fmt.Fprintln(w)
	for _, f := range r.Facets {
		var parts []string
		for _, v := range f.Values {
			mark := ""
			if v.Selected {
				mark = "*"
			}
			parts = append(parts, fmt.Sprintf("%s%s (%d)", mark, v.Value, v.Count))
		}
		if len(parts) == 0 {
			continue
		}
		// How to filter on it: the facet's own flag, or --filter.
		flag := "--" + f.Name
		if !slices.Contains(flagFacets, f.Name) {
			flag = "--filter " + f.Name + "="
		}
		fmt.Fprintf(w, "%s: %s\n", flag, strings.Join(parts, ", "))
	}
}

func printClause(w io.Writer, c *kb.Corpus, cl *kb.Clause, b api.ClauseBody) {
	d := c.DocumentOf(cl)
	t := c.Taxonomy
	fmt.Fprintf(w, "%s  [%s]\n", cl.Title, cl.ID)
	fmt.Fprintf(w, "%s · %s (%s, %s)\n", t.Kinds.Label(d.Kind), d.Title, d.Publisher, d.DisplayDate())
	if s := cl.SectionPath(); s != "" {
		fmt.Fprintf(w, "Section : %s\n", s)
	}
	labels := func(v *kb.Vocabulary, ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = v.Label(id)
		}
		return strings.Join(out, ", ")
	}
	fmt.Fprintf(w, "Nature : %s · Rôles : %s · Thèmes : %s\n\n", t.Natures.Label(cl.Nature), labels(&t.Roles, b.Roles), labels(&t.Themes, cl.Themes))
	fmt.Fprintln(w, cl.Text)
	if !d.Verbatim {
		fmt.Fprintf(w, "\n(Résumé non officiel ; texte original : %s)\n", d.URL)
	}
	if cl.Note != "" {
		fmt.Fprintf(w, "\nÀ noter : %s\n", cl.Note)
	}
	if b.Evidence.Level != "" {
		fmt.Fprintf(w, "\nFiabilité : %s. %s\n", b.Evidence.Label, b.Evidence.Note)
	}
	if len(cl.Sources) > 0 {
		fmt.Fprintln(w, "\nSources :")
		for _, s := range cl.Sources {
			if s.URL != "" {
				fmt.Fprintf(w, "  - %s — %s\n", s.Title, s.URL)
			} else {
				fmt.Fprintf(w, "  - %s\n", s.Title)
			}
		}
	}
	related := func(title string, rs []api.Related) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s :\n", title)
		for _, r := range rs {
			stance := t.Stances.Label(r.Stance)
			if r.Editorial {
				stance += " (" + kb.EditorialLabel + ")"
			}
			fmt.Fprintf(w, "  - %s : %s [%s] (%s)\n", stance, r.Title, r.ID, t.Kinds.Label(r.Document.Kind))
		}
	}
	related("Porte sur", b.References)
	related("Ce qu'en disent", b.ReferencedBy)
	fmt.Fprintf(w, "\nLien : %s\n", b.Citation.URL)
}
