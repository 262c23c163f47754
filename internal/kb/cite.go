package kb

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Citation is a ready-to-paste reference to a clause.
type Citation struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
	URL      string `json:"url"`
}

// ClausePath is the permalink path of a clause, relative to the site root.
func ClausePath(id string) string { return "/clauses/" + id }

// QuestionPath is the path of the page of a question pratique.
func QuestionPath(id string) string { return "/questions/" + id }

// GlossaryPath is the path of the glossary, at a term when id is set.
func GlossaryPath(id string) string {
	if id == "" {
		return "/glossaire"
	}
	return "/glossaire#" + id
}

// Cite builds the citation of a clause. baseURL is the public address of
// the site (https://reperes.example.org); empty, the link is a root-relative
// path. A citation always names the document, its publisher, date and
// version, the section (saying when its place is not confirmed), and says
// when the text is a summary.
func (c *Corpus) Cite(cl *Clause, baseURL string) Citation {
	d := c.DocumentOf(cl)
	link := strings.TrimRight(baseURL, "/") + ClausePath(cl.ID)

	origin := d.Title + ", " + d.Publisher + ", " + d.DisplayDate()
	if d.Version != "" {
		origin += " (" + d.Version + ")"
	}
	if s := cl.SectionPath(); s != "" {
		origin += ", " + s
		if cl.Placement != "" {
			origin += " (emplacement non confirmé)"
		}
	}
	status := "Texte original"
	if !d.Verbatim {
		status = "Résumé non officiel rédigé par Repères IA ; texte original"
	}
	statusText, statusMD := status+" : "+d.URL, status+" : <"+d.URL+">"
	if d.URL == "" {
		statusText = status + " : adresse inconnue"
		statusMD = statusText
	}
	quote := oneLine(cl.Text)

	text := fmt.Sprintf("« %s »\n— %s : %s.\n%s\nRéférence %s : %s",
		quote, cl.Title, origin, statusText, cl.ID, link)
	md := fmt.Sprintf("> %s\n>\n> — **%s** : *%s*. %s. Référence [`%s`](%s).",
		quote, cl.Title, origin, statusMD, cl.ID, link)
	return Citation{Text: text, Markdown: md, URL: link}
}

// DisplayDate is the document's date written the French way, or « date
// inconnue ».
func (d *Document) DisplayDate() string {
	if d.Date == "" {
		return "date inconnue"
	}
	return FrenchDate(d.Date)
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// FrenchDate writes an ISO date, possibly partial, the French way:
// 2025-06-14 → « 14 juin 2025 », 2025-06 → « juin 2025 ». It returns other
// strings unchanged.
func FrenchDate(iso string) string {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return day + " " + frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	if t, err := time.Parse("2006-01", iso); err == nil {
		return frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return iso
}

// ValidDate reports whether s is a full or partial ISO 8601 calendar date:
// 2025-06-14, 2025-06 or 2025.
func ValidDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
