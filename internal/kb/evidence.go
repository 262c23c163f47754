package kb

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// Evidence levels, strongest first. The taxonomy's evidence vocabulary
// gives their labels and descriptions; the loader checks that it defines
// every one of them.
const (
	// EvidenceText: a source is the author's own text, the source document
	// the document was written from (Document.SourceText). A document's
	// address is not enough: for context documents it is often a page that
	// reports on the author.
	EvidenceText = "texte"
	// EvidenceConcordant: two or more independent sources, at least one
	// of them first-hand (an institution, the organisation concerned).
	EvidenceConcordant = "concordant"
	// EvidenceSingle: one independent first-hand source.
	EvidenceSingle = "unique"
	// EvidencePlacement: the content rests on first-hand sources, but its
	// section or page rests on one table of contents or was deduced (see
	// Clause.Placement).
	EvidencePlacement = "placement"
	// EvidenceSecondary: no first-hand source (press, blogs, third parties'
	// notes), or the editors judge the sources weak: the content itself is
	// uncertain, which matters more than its place.
	EvidenceSecondary = "secondaire"
	// EvidenceDiscordant: the sources disagree on the substance; set by
	// the editors in the clause block, with a note that says on what.
	EvidenceDiscordant = "discordant"
)

// EvidenceLevels lists the levels in order, strongest first.
var EvidenceLevels = []string{EvidenceText, EvidenceConcordant, EvidenceSingle, EvidencePlacement, EvidenceSecondary, EvidenceDiscordant}

// Evidence says how well a clause is established: its level (the weakest
// that applies), the level's label, the number of independent sources and
// a note in French that says why.
type Evidence struct {
	Level   string `json:"level"`
	Label   string `json:"label"`
	Sources int    `json:"sources"`
	Note    string `json:"note"`
}

// Evidence computes the evidence of a clause from its sources, its
// document, its placement and the editors' explicit judgment. It returns
// the zero Evidence when the taxonomy defines no evidence levels.
func (c *Corpus) Evidence(cl *Clause) Evidence {
	t := c.Taxonomy
	if len(t.Evidence.Terms) == 0 {
		return Evidence{}
	}
	doc := c.documents[cl.Document]

	// Independent sources: one per publisher (registrable domain), or per
	// title when a source has no address.
	// A publisher is first-hand if any of its pages cited is.
	publishers := make(map[string]bool)
	text := false
	for _, s := range cl.Sources {
		key := "titre:" + Slug(s.Title)
		h := host(s.URL)
		if h != "" {
			key = registrable(h)
		}
		own := doc != nil && doc.SourceText != "" && strings.Contains(s.Title, doc.SourceText)
		text = text || own
		// A source without an address is first-hand only when it is the
		// author's own text: otherwise nothing says who published it
		// (third parties' notes, a union's reading of the framework).
		publishers[key] = publishers[key] || own || (h != "" && t.FirstHand(h))
	}
	n, firstHand := len(publishers), 0
	for _, fh := range publishers {
		if fh {
			firstHand++
		}
	}

	// What the sources alone say. The count is of publishers, not of
	// claims: that they agree on the clause is the editors' reading.
	level, support := EvidenceSecondary, ""
	switch {
	case text:
		level, support = EvidenceText, "Rédigé d'après le texte même de l'auteur."
	case firstHand > 0 && n >= 2:
		level, support = EvidenceConcordant, fmt.Sprintf("%d sources indépendantes, dont %d de première main.", n, firstHand)
	case firstHand > 0:
		level, support = EvidenceSingle, "Une seule source, de première main : à recouper avant de citer."
	case n == 1:
		support = "Une seule source, secondaire (presse, blog, note tierce) : à vérifier à la source avant de citer."
	default:
		support = fmt.Sprintf("%d sources, toutes secondaires (presse, blogs, notes tierces) : à vérifier à la source avant de citer.", n)
	}
	if cl.EvidenceLevel == EvidenceSecondary && level != EvidenceSecondary {
		// The editors judge the sources weaker than their hosts suggest:
		// the count stays, the praise goes.
		support = fmt.Sprintf("%d %s, que la rédaction juge plus fragiles que leur nombre ne le laisse paraître.",
			n, Plural(n, "source", "sources"))
		if n == 1 {
			support = "Une source, que la rédaction juge plus fragile qu'elle ne paraît."
		}
	}
	notes := []string{support}
	if doc != nil && level != EvidenceText && doc.Kind == t.Kinds.IDs()[0] {
		notes = append(notes, "Le texte officiel lui-même n'a pas pu être lu : vérifier la formulation dans la publication originale.")
	}
	if cl.Placement != "" {
		level = weakest(level, EvidencePlacement)
		if p, ok := t.Placements.Term(cl.Placement); ok && p.Description != "" {
			notes = append(notes, p.Description)
		}
	}
	if cl.EvidenceLevel != "" {
		// The editors' judgment can only lower the level: a source they
		// know to be weak, sources that disagree.
		level = weakest(level, cl.EvidenceLevel)
	}
	if cl.EvidenceNote != "" {
		notes = append(notes, cl.EvidenceNote)
	}
	return Evidence{Level: level, Label: t.Evidence.Label(level), Sources: n, Note: strings.Join(notes, " ")}
}

// weakest returns the weaker of two evidence levels.
func weakest(a, b string) string {
	for _, l := range EvidenceLevels {
		if l == a {
			return b
		}
		if l == b {
			return a
		}
	}
	return a
}

// FirstHand reports whether a web host publishes first-hand: it matches
// one of the taxonomy's first-hand host patterns and none of its
// second-hand ones (a page an institution hosts but did not write as
// such). A pattern matches the host or any of its parent domains, and "*"
// stands for part of a label (« ac-*.fr » matches lettres.ac-versailles.fr).
func (t *Taxonomy) FirstHand(h string) bool {
	return matchHost(t.FirstHandHosts, h) && !matchHost(t.SecondHandHosts, h)
}

func matchHost(patterns []string, h string) bool {
	labels := strings.Split(h, ".")
	for i := range labels {
		suffix := strings.Join(labels[i:], ".")
		for _, p := range patterns {
			if ok, _ := path.Match(p, suffix); ok {
				return true
			}
		}
	}
	return false
}

// host returns the lower-case host of an address without "www.", or "".
func host(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// registrable returns the part of a host that names its publisher: the
// last two labels, three under a shared second level (gouv.fr, asso.fr).
func registrable(h string) string {
	labels := strings.Split(h, ".")
	n := 2
	if len(labels) >= 3 {
		switch labels[len(labels)-2] + "." + labels[len(labels)-1] {
		case "gouv.fr", "asso.fr", "co.uk", "ac.uk":
			n = 3
		}
	}
	if len(labels) <= n {
		return h
	}
	return strings.Join(labels[len(labels)-n:], ".")
}
