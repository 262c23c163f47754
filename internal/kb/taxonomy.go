package kb

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Term is one value of a vocabulary: a role, a theme, a nature, a stance or
// a kind of document.
type Term struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Aliases     []string `json:"aliases,omitempty"`
	Description string   `json:"description,omitempty"`
}

// Vocabulary is an ordered list of terms. Its order is the display order.
type Vocabulary struct {
	// Name is what a term of this vocabulary is called in messages: "role".
	Name  string `json:"name"`
	Terms []Term `json:"terms"`

	byKey map[string]string // folded id, label or alias → id
	byID  map[string]*Term
}

func (v *Vocabulary) link() error {
	v.byKey = make(map[string]string)
	v.byID = make(map[string]*Term, len(v.Terms))
	for i := range v.Terms {
		t := &v.Terms[i]
		if _, dup := v.byID[t.ID]; dup {
			return fmt.Errorf("%s %q is defined twice", v.Name, t.ID)
		}
		v.byID[t.ID] = t
	}
	// Ids first, so that an alias can never shadow another term's id.
	for _, t := range v.Terms {
		v.byKey[foldKey(t.ID)] = t.ID
	}
	for _, t := range v.Terms {
		for _, k := range append([]string{t.Label}, t.Aliases...) {
			fk := foldKey(k)
			if other, taken := v.byKey[fk]; taken && other != t.ID {
				return fmt.Errorf("%s alias %q of %q already names %q", v.Name, k, t.ID, other)
			}
			v.byKey[fk] = t.ID
		}
	}
	return nil
}

// foldKey makes the lookup key of an id, label or alias: accents folded,
// lower-cased, runs of spaces, hyphens and underscores made one hyphen.
func foldKey(s string) string { return Slug(s) }

// Resolve returns the id of the term named s, where s is an id, a label or
// an alias, in any case and with or without accents.
func (v *Vocabulary) Resolve(s string) (string, bool) {
	id, ok := v.byKey[foldKey(s)]
	return id, ok
}

// Has reports whether id is the id of a term (not an alias).
func (v *Vocabulary) Has(id string) bool {
	_, ok := v.byID[id]
	return ok
}

// Term returns the term with the given id.
func (v *Vocabulary) Term(id string) (Term, bool) {
	t, ok := v.byID[id]
	if !ok {
		return Term{}, false
	}
	return *t, true
}

// Label returns the French label of the term id, or id itself if unknown.
func (v *Vocabulary) Label(id string) string {
	if t, ok := v.byID[id]; ok {
		return t.Label
	}
	return id
}

// IDs returns the ids of the vocabulary in display order.
func (v *Vocabulary) IDs() []string {
	ids := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		ids[i] = t.ID
	}
	return ids
}

// Known lists the ids for an error message: "enseignant, cpe, aesh".
func (v *Vocabulary) Known() string { return strings.Join(v.IDs(), ", ") }

// Taxonomy holds every vocabulary of the corpus. It comes from data (the
// content's taxonomy file): no code lists roles or themes.
type Taxonomy struct {
	Roles   Vocabulary `json:"roles"`
	Themes  Vocabulary `json:"themes"`
	Natures Vocabulary `json:"natures"`
	Stances Vocabulary `json:"stances"`
	Kinds   Vocabulary `json:"kinds"`
	// Verdicts are the short answers of questions pratiques (oui, non,
	// oui-si, non-dit); Audiences who asks a question when it is not staff
	// (families, union representatives). Both may be empty in a corpus
	// without questions.
	Verdicts  Vocabulary `json:"verdicts"`
	Audiences Vocabulary `json:"audiences"`
	// AllStaff is the pseudo-role that content uses for a clause that
	// concerns every staff role; Expands lists those roles.
	AllStaff AllStaff `json:"all_staff"`
	// CommentKinds are the kinds whose clauses comment on the reference
	// texts (unions, EI): pages count them.
	CommentKinds []string `json:"comment_kinds,omitempty"`
	// DisagreementStance is the stance of a position that contests a
	// clause: the positions map lists those clauses as points of
	// disagreement.
	DisagreementStance string `json:"disagreement_stance,omitempty"`
	// Evidence names the evidence levels (EvidenceLevels), strongest
	// first; Placements the ways a clause's place may be uncertain. Both
	// may be empty: clauses then carry no evidence.
	Evidence   Vocabulary `json:"evidence"`
	Placements Vocabulary `json:"placements"`
	// FirstHandHosts are patterns of web hosts that publish first-hand
	// (institutions, the organisations whose positions are reported): see
	// FirstHand.
	FirstHandHosts []string `json:"first_hand_hosts,omitempty"`
	// SecondHandHosts are exceptions to FirstHandHosts: hosts that match
	// them but publish second-hand (a synthesis its author says a chatbot
	// wrote).
	SecondHandHosts []string `json:"second_hand_hosts,omitempty"`
	// AddressingStances are the stances that take a side (soutient,
	// critique): only a source that discusses the target's document may
	// take them (Document.Addresses).
	AddressingStances []string `json:"addressing_stances,omitempty"`
	// BindingNatures are the natures of what must or must not be done
	// (obligation, interdiction): role sheets list them first, together.
	BindingNatures []string `json:"binding_natures,omitempty"`
	// FacetDefs are the facets of the search, in display order (see
	// Facets).
	FacetDefs []FacetDef `json:"facets"`

	facets []FacetVocabulary // built by Link
}

// FacetDef is a facet of the search as the taxonomy declares it. Its name
// is the URL parameter, the API's facet name and the index field.
type FacetDef struct {
	Name string `json:"name"`
	// Label names one value of the facet in messages (« rôle inconnu »);
	// Legend heads its values on the search page (« Rôle »).
	Label  string `json:"label"`
	Legend string `json:"legend"`
	// Vocabulary names the content model's vocabulary that gives the
	// facet its values (see FacetVocabularies). A facet without one lists
	// its own Terms, and a clause takes its values from the heading
	// attribute of the facet's name, or the front-matter default.
	Vocabulary string     `json:"vocabulary,omitempty"`
	Terms      Vocabulary `json:"terms"`
}

// FacetVocabularies are the vocabularies of the content model a facet may
// take its values from: a clause's roles (the all-staff role expanded),
// themes and nature, and its document's kind.
var FacetVocabularies = []string{"roles", "themes", "kinds", "natures"}

// Own reports whether the facet has its own terms rather than one of the
// content model's vocabularies.
func (d *FacetDef) Own() bool { return d.Vocabulary == "" }

// ReservedNames are names a facet cannot take: the search's other URL
// parameters, the index's other fields (index.Field*: a test keeps the
// two lists together) and the keys of a judged query (eval), where a
// facet's name is its key.
var ReservedNames = []string{
	"q", "page", "size", "document",
	"title", "title_exact", "text", "text_exact", "context", "questions", "order",
	"query", "want", "answer", "note",
}

// modelFacets are the facets the engine ranks by (the role or kind a
// query names, the reference texts, the nature an intent asks for) and
// answers filter by: each must be declared, with its vocabulary.
var modelFacets = []struct{ name, vocabulary string }{
	{FacetRole, "roles"}, {FacetTheme, "themes"}, {FacetKind, "kinds"}, {FacetNature, "natures"},
}

// linkFacets checks the facet declarations and builds Facets' list.
func (t *Taxonomy) linkFacets() error {
	t.facets = nil
	for i := range t.FacetDefs {
		d := &t.FacetDefs[i]
		switch {
		case !IsKebab(d.Name) || d.Name[0] < 'a' || d.Name[0] > 'z':
			return fmt.Errorf("facet name %q is not kebab-case starting with a letter", d.Name)
		case slices.Contains(ReservedNames, d.Name):
			return fmt.Errorf("facet name %q is taken (reserved: %s)", d.Name, strings.Join(ReservedNames, ", "))
		case slices.ContainsFunc(t.FacetDefs[:i], func(o FacetDef) bool { return o.Name == d.Name }):
			return fmt.Errorf("facet %q is declared twice", d.Name)
		case d.Label == "" || d.Legend == "":
			return fmt.Errorf("facet %q needs a label and a legend", d.Name)
		}
		var v *Vocabulary
		switch d.Vocabulary {
		case "roles":
			v = &t.Roles
		case "themes":
			v = &t.Themes
		case "kinds":
			v = &t.Kinds
		case "natures":
			v = &t.Natures
		case "":
			if len(d.Terms.Terms) == 0 {
				return fmt.Errorf("facet %q has neither a vocabulary (%s) nor terms of its own", d.Name, strings.Join(FacetVocabularies, ", "))
			}
			d.Terms.Name = d.Label
			if err := d.Terms.link(); err != nil {
				return err
			}
			v = &d.Terms
		default:
			return fmt.Errorf("facet %q: unknown vocabulary %q (known: %s)", d.Name, d.Vocabulary, strings.Join(FacetVocabularies, ", "))
		}
		if d.Vocabulary != "" && len(d.Terms.Terms) > 0 {
			return fmt.Errorf("facet %q takes the %s vocabulary: it cannot list terms of its own", d.Name, d.Vocabulary)
		}
		for _, m := range modelFacets {
			switch {
			case d.Name == m.name && d.Vocabulary != m.vocabulary:
				return fmt.Errorf("facet %q must take the %s vocabulary: the engine ranks and answers by it", d.Name, m.vocabulary)
			case d.Name != m.name && d.Vocabulary == m.vocabulary:
				return fmt.Errorf("facet %q: the %s vocabulary is the facet %q's", d.Name, m.vocabulary, m.name)
			}
		}
		t.facets = append(t.facets, FacetVocabulary{Name: d.Name, Label: d.Label, Legend: d.Legend, From: d.Vocabulary, Vocab: v})
	}
	for _, m := range modelFacets {
		if !slices.ContainsFunc(t.facets, func(f FacetVocabulary) bool { return f.Name == m.name }) {
			return fmt.Errorf("no facet %q (vocabulary %s): the engine ranks and answers by it", m.name, m.vocabulary)
		}
	}
	return nil
}

// AllStaff is the pseudo-role « tous les personnels ».
type AllStaff struct {
	Term
	Expands []string `json:"expands"`
}

// Link builds the lookup tables of the vocabularies. It is called by
// Corpus.Link; the loader calls it to validate a taxonomy on its own.
func (t *Taxonomy) Link() error {
	for _, v := range t.vocabularies() {
		if err := v.link(); err != nil {
			return err
		}
	}
	if err := t.linkFacets(); err != nil {
		return err
	}
	if t.Roles.Has(t.AllStaff.ID) {
		return fmt.Errorf("the all-staff id %q is also a role", t.AllStaff.ID)
	}
	for _, r := range t.AllStaff.Expands {
		if !t.Roles.Has(r) {
			return fmt.Errorf("all-staff role %q is not a role (known: %s)", r, t.Roles.Known())
		}
	}
	for _, k := range t.CommentKinds {
		if !t.Kinds.Has(k) {
			return fmt.Errorf("comment kind %q is not a kind (known: %s)", k, t.Kinds.Known())
		}
	}
	if t.DisagreementStance != "" && !t.Stances.Has(t.DisagreementStance) {
		return fmt.Errorf("disagreement stance %q is not a stance (known: %s)", t.DisagreementStance, t.Stances.Known())
	}
	for _, n := range t.BindingNatures {
		if !t.Natures.Has(n) {
			return fmt.Errorf("binding nature %q is not a nature (known: %s)", n, t.Natures.Known())
		}
	}
	for _, s := range t.AddressingStances {
		if !t.Stances.Has(s) {
			return fmt.Errorf("addressing stance %q is not a stance (known: %s)", s, t.Stances.Known())
		}
	}
	if len(t.Evidence.Terms) > 0 {
		for _, l := range EvidenceLevels {
			if !t.Evidence.Has(l) {
				return fmt.Errorf("evidence level %q is not defined (the levels are: %s)", l, strings.Join(EvidenceLevels, ", "))
			}
		}
	}
	for _, p := range append(slices.Clone(t.FirstHandHosts), t.SecondHandHosts...) {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("first-hand host pattern %q: %v", p, err)
		}
	}
	return nil
}

// TakesSide reports whether a stance is one that only a source discussing
// the target's document may take.
func (t *Taxonomy) TakesSide(stance string) bool { return slices.Contains(t.AddressingStances, stance) }

func (t *Taxonomy) vocabularies() []*Vocabulary {
	return []*Vocabulary{&t.Roles, &t.Themes, &t.Natures, &t.Stances, &t.Kinds, &t.Verdicts, &t.Audiences, &t.Evidence, &t.Placements}
}

// IsAllStaff reports whether a role as written in content means every staff role.
func (t *Taxonomy) IsAllStaff(role string) bool { return role == t.AllStaff.ID }

// ExpandRoles replaces the all-staff id by the staff roles and returns the
// roles in vocabulary order, without duplicates.
func (t *Taxonomy) ExpandRoles(roles []string) []string {
	set := make(map[string]bool, len(roles))
	for _, r := range roles {
		if t.IsAllStaff(r) {
			for _, s := range t.AllStaff.Expands {
				set[s] = true
			}
			continue
		}
		set[r] = true
	}
	out := make([]string, 0, len(set))
	for _, id := range t.Roles.IDs() {
		if set[id] {
			out = append(out, id)
		}
	}
	return out
}
