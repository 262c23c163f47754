package kb

import (
	"fmt"
	"strings"
)

// MaxDossier is the number of clauses a dossier holds at most.
const MaxDossier = 50

// ErrDossierTooLong is returned for a dossier of more than MaxDossier
// clauses.
var ErrDossierTooLong = fmt.Errorf("un dossier compte au plus %d clauses", MaxDossier)

// DossierPath is the address of the dossier of the clauses ids, in order.
// An empty dossier is written ids= : the address /dossier alone means « the
// dossier this browser keeps », which the page's script restores.
func DossierPath(ids []string) string {
	return "/dossier?ids=" + strings.Join(ids, ",")
}

// Dossier is a union representative's selection of clauses, in their
// order, each cited, with what other clauses say about it.
type Dossier struct {
	Items []DossierItem
	// Unknown are the ids of the address that name no clause (a clause
	// withdrawn, a typo), in order: named on the page, never an error.
	Unknown []string
}

// DossierItem is one clause of a dossier.
type DossierItem struct {
	Clause   *Clause
	Doc      *Document
	Citation Citation
	Evidence Evidence
	// Comments are the clauses that refer to this one, with their stance.
	Comments []DossierComment
}

// DossierComment is a clause that comments a clause of the dossier.
type DossierComment struct {
	Clause *Clause
	Doc    *Document
	Stance string
	// Editorial: the link is the editors' reading (Corpus.Editorial).
	Editorial bool
	// Evidence is how well the commenting clause is established.
	Evidence Evidence
}

// ParseDossierIDs reads the ids of a dossier's address: values of the ids
// parameter, each a comma-separated list. Order is kept, blanks and
// duplicates are dropped. More than MaxDossier distinct ids is an error.
func ParseDossierIDs(values []string) ([]string, error) {
	var ids []string
	seen := make(map[string]bool)
	for _, v := range values {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			ids = append(ids, id)
			if len(ids) > MaxDossier {
				return nil, ErrDossierTooLong
			}
		}
	}
	return ids, nil
}

// Dossier builds the dossier of ids (see ParseDossierIDs). baseURL is the
// site's public address, for the citations' links.
func (c *Corpus) Dossier(ids []string, baseURL string) Dossier {
	var d Dossier
	for _, id := range ids {
		cl, err := c.Clause(id)
		if err != nil {
			d.Unknown = append(d.Unknown, id)
			continue
		}
		item := DossierItem{Clause: cl, Doc: c.DocumentOf(cl), Citation: c.Cite(cl, baseURL), Evidence: c.Evidence(cl)}
		for _, l := range c.LinksTo(cl) {
			item.Comments = append(item.Comments, DossierComment{Clause: l.Clause, Doc: c.DocumentOf(l.Clause), Stance: l.Stance,
				Editorial: l.Editorial, Evidence: c.Evidence(l.Clause)})
		}
		d.Items = append(d.Items, item)
	}
	return d
}

// CommentLines writes what the clauses commenting it say, one line each,
// attributed to their publisher with their stance and their own evidence:
// the same lines in the text and the Markdown dossiers.
func (it DossierItem) CommentLines(t *Taxonomy) string {
	var b strings.Builder
	for _, cm := range it.Comments {
		stance := strings.ToLower(t.Stances.Label(cm.Stance))
		if cm.Editorial {
			stance += ", " + EditorialLabel
		}
		if cm.Evidence.Label != "" {
			stance += ", fiabilité : " + strings.ToLower(cm.Evidence.Label)
		}
		fmt.Fprintf(&b, "- %s (%s), « %s » : %s\n", cm.Doc.Publisher, stance, cm.Clause.Title, oneLine(cm.Clause.Text))
	}
	return b.String()
}

// EditorialLabel marks a link that is the editors' reading, not the source's.
const EditorialLabel = "rapprochement éditorial"

// NoteLine is the clause's note (doubts, disagreements), in one line, or
// empty: the same in the text and the Markdown dossiers.
func (it DossierItem) NoteLine() string {
	if it.Clause.Note == "" {
		return ""
	}
	return "À noter : " + oneLine(it.Clause.Note)
}

// EvidenceLine says how well the clause is established, in one line: the
// same in the text and the Markdown dossiers. It is empty when the corpus
// has no evidence levels.
func (it DossierItem) EvidenceLine() string {
	if it.Evidence.Level == "" {
		return ""
	}
	return "Fiabilité : " + it.Evidence.Label + ". " + it.Evidence.Note
}

// IDs are the ids of the dossier's clauses, in order.
func (d Dossier) IDs() []string {
	ids := make([]string, len(d.Items))
	for i, it := range d.Items {
		ids[i] = it.Clause.ID
	}
	return ids
}

// Markdown writes the dossier as Markdown: a title, then each clause's
// citation and evidence; with comments, what each commenting clause says,
// attributed. The static copy's dossier page writes the same
// (static/js/dossier.js), and a test compares them.
func (d Dossier) Markdown(t *Taxonomy, comments bool) string {
	return d.write(t, comments, true)
}

// Text writes the dossier as plain text, in the same order and with the
// same content as Markdown.
func (d Dossier) Text(t *Taxonomy, comments bool) string {
	return d.write(t, comments, false)
}

// write is the one writer of both formats: they differ only in the
// heading marks, the citation's form and a blank line.
func (d Dossier) write(t *Taxonomy, comments, markdown bool) string {
	title, item, gap := "", "\n%d. %s\n", ""
	if markdown {
		title, item, gap = "# ", "\n## %d. %s\n\n", "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%sDossier Repères IA (%d %s)\n", title, len(d.Items), Plural(len(d.Items), "clause", "clauses"))
	for i, it := range d.Items {
		citation := it.Citation.Text
		if markdown {
			citation = it.Citation.Markdown
		}
		fmt.Fprintf(&b, item+"%s\n", i+1, it.Clause.Title, citation)
		for _, l := range []string{it.NoteLine(), it.EvidenceLine()} {
			if l != "" {
				b.WriteString("\n" + l + "\n")
			}
		}
		if comments && len(it.Comments) > 0 {
			b.WriteString("\nCe qu'en disent les syndicats, l'IE et le contexte :\n" + gap + it.CommentLines(t))
		}
	}
	if len(d.Unknown) > 0 {
		fmt.Fprintf(&b, "\nIdentifiants inconnus, ignorés : %s\n", strings.Join(d.Unknown, ", "))
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Plural chooses the French form for n: singular below two (« 0 clause »,
// « 1 clause », « 2 clauses »). Pages, dossiers and the copy's scripts use
// the same rule.
func Plural(n int, one, many string) string {
	if n >= 2 {
		return many
	}
	return one
}
