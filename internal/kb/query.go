package kb

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on a query. They bound the work one request can ask for.
const (
	DefaultSize = 10
	MaxSize     = 50
	// MaxDepth bounds how far pagination can go: page × size. The search
	// engine allocates that many result slots.
	MaxDepth = 1000
	// MaxQueryRunes bounds the length of the query text.
	MaxQueryRunes = 200
	// MaxFilters bounds the number of filter values across all facets.
	MaxFilters = 40
)

// Facet names, as used in URLs (?role=…) and in the facets of results.
const (
	FacetRole   = "role"
	FacetTheme  = "theme"
	FacetKind   = "kind"
	FacetNature = "nature"
)

// Filters are the values selected, by facet name (see Taxonomy.Facets).
type Filters map[string][]string

// Query is a validated search request: filter values are vocabulary ids.
type Query struct {
	Text string
	// Selected holds the values selected for each facet that has some.
	Selected Filters
	// Document, when set, restricts the search to one document's clauses
	// (the cells of the positions map link to such searches). It is a
	// scope, not a facet: the counts are those of the document.
	Document string
	Page     int // from 1
	Size     int // 1 to MaxSize
}

// Filters returns the selected values of a facet.
func (q Query) Filters(facet string) []string { return q.Selected[facet] }

// Without returns q without one selected value of a facet, on its first
// page.
func (q Query) Without(facet, value string) Query {
	out := q
	out.Page = 1
	out.Selected = make(Filters, len(q.Selected))
	for f, vals := range q.Selected {
		if f == facet {
			vals = slices.DeleteFunc(slices.Clone(vals), func(v string) bool { return v == value })
		}
		if len(vals) > 0 {
			out.Selected[f] = vals
		}
	}
	return out
}

// QueryParams is a search request as it arrives from a URL or a command line:
// raw strings, not yet validated. Empty Page and Size mean the defaults.
type QueryParams struct {
	Q string
	// Filters are the raw values given for each facet, by facet name: ids,
	// labels or aliases, possibly several joined by commas.
	Filters  Filters
	Document string
	Page     string
	Size     string
}

// Facets returns the facets of the search, in display order, as the
// taxonomy declares them (see FacetDef). It is the one list of facets: the
// query, its parameters, the index fields, the facet counts, the links
// that remove a filter and the browser's engine all go through it.
func (t *Taxonomy) Facets() []FacetVocabulary { return t.facets }

// FacetVocabulary is a facet with its vocabulary.
type FacetVocabulary struct {
	Name string
	// Label names one value of the facet in messages (« rôle inconnu »);
	// Legend heads its values on the search page.
	Label, Legend string
	// From is the content model's vocabulary the facet takes its values
	// from (see FacetVocabularies), empty for a facet with its own terms.
	From  string
	Vocab *Vocabulary
}

// Own reports whether the facet has its own terms, which clauses carry in
// Clause.Facets.
func (f FacetVocabulary) Own() bool { return f.From == "" }

// Facet returns the facet of a name.
func (t *Taxonomy) Facet(name string) (FacetVocabulary, bool) {
	for _, f := range t.facets {
		if f.Name == name {
			return f, true
		}
	}
	return FacetVocabulary{}, false
}

// ParseQuery validates raw parameters: filter values may be ids, labels or
// aliases (« gdpr » for « rgpd »), in any case; they become ids. Every
// problem is reported in French, in one *QueryError.
func (t *Taxonomy) ParseQuery(p QueryParams) (Query, error) { return t.parseQuery(p, nil) }

// parseQuery is ParseQuery; documentExists, when set, says whether a
// document id names a document of the corpus (see Corpus.ParseQuery).
func (t *Taxonomy) parseQuery(p QueryParams, documentExists func(id string) bool) (Query, error) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	q := Query{Text: strings.TrimSpace(p.Q), Page: 1, Size: DefaultSize}
	switch {
	case !utf8.ValidString(q.Text):
		bad("la requête n'est pas du texte UTF-8 valide")
	case utf8.RuneCountInString(q.Text) > MaxQueryRunes:
		bad("la requête est trop longue (%d caractères au plus)", MaxQueryRunes)
	case strings.ContainsFunc(q.Text, isControl):
		bad("la requête contient des caractères de contrôle")
	}

	n := 0
	for _, raw := range p.Filters {
		n += len(raw)
	}
	facets := t.Facets()
	for _, name := range slices.Sorted(maps.Keys(p.Filters)) {
		if !slices.ContainsFunc(facets, func(f FacetVocabulary) bool { return f.Name == name }) {
			bad("filtre inconnu %q", truncate(name, 40))
		}
	}
	if n > MaxFilters {
		bad("trop de filtres (%d au plus, %d reçus)", MaxFilters, n)
	} else {
		resolve := func(v *Vocabulary, label string, raw []string) []string {
			var ids []string
			for _, r := range raw {
				for _, part := range strings.Split(r, ",") {
					part = strings.TrimSpace(part)
					if part == "" {
						continue
					}
					id, ok := v.Resolve(part)
					if !ok {
						bad("%s inconnu %q (valeurs possibles : %s)", label, part, v.Known())
						continue
					}
					if !slices.Contains(ids, id) {
						ids = append(ids, id)
					}
				}
			}
			return ids
		}
		for _, f := range facets {
			if ids := resolve(f.Vocab, f.Label, p.Filters[f.Name]); len(ids) > 0 {
				if q.Selected == nil {
					q.Selected = make(Filters)
				}
				q.Selected[f.Name] = ids
			}
		}
	}

	if d := strings.TrimSpace(p.Document); d != "" {
		switch {
		case !IsKebab(d) || len(d) > 100:
			bad("document inconnu %q", truncate(d, 100))
		case documentExists != nil && !documentExists(d):
			bad("document inconnu %q (voir /documents)", d)
		default:
			q.Document = d
		}
	}

	if p.Size != "" {
		n, err := strconv.Atoi(p.Size)
		if err != nil || n < 1 || n > MaxSize {
			bad("size doit être un entier de 1 à %d (reçu %q)", MaxSize, p.Size)
		} else {
			q.Size = n
		}
	}
	if p.Page != "" {
		n, err := strconv.Atoi(p.Page)
		if err != nil || n < 1 {
			bad("page doit être un entier à partir de 1 (reçu %q)", p.Page)
		} else {
			q.Page = n
		}
	}
	if q.Page*q.Size > MaxDepth && q.Page > 1 {
		bad("page trop lointaine : page × size ne peut dépasser %d", MaxDepth)
	}

	if len(problems) > 0 {
		return Query{}, &QueryError{Problems: problems}
	}
	return q, nil
}

// ParseQuery is Taxonomy.ParseQuery, and checks that the document a query
// is restricted to exists.
func (c *Corpus) ParseQuery(p QueryParams) (Query, error) {
	return c.Taxonomy.parseQuery(p, func(id string) bool { _, ok := c.documents[id]; return ok })
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// QueryError lists what is wrong with a query, in French, for the person who
// typed it. It matches ErrInvalidQuery with errors.Is.
type QueryError struct {
	Problems []string
}

func (e *QueryError) Error() string { return strings.Join(e.Problems, " ; ") }

// Is makes errors.Is(err, ErrInvalidQuery) true.
func (e *QueryError) Is(target error) bool { return target == ErrInvalidQuery }

func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// FacetValues returns the values a clause has for a facet (one of
// Taxonomy.Facets): its roles (the all-staff role expanded), themes,
// document kind or nature, or its values of a facet with terms of its own.
func (c *Corpus) FacetValues(cl *Clause, f FacetVocabulary) []string {
	switch f.From {
	case "roles":
		return c.Taxonomy.ExpandRoles(cl.Roles)
	case "themes":
		return cl.Themes
	case "kinds":
		return []string{c.DocumentOf(cl).Kind}
	case "natures":
		return []string{cl.Nature}
	}
	return cl.Facets[f.Name]
}
