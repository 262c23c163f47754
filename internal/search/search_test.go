package search_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

func newSearcher(t *testing.T) *search.Searcher {
	return search.New(testcorpus.Index(t))
}

// run parses and runs a query, failing the test on error.
func run(t *testing.T, s *search.Searcher, p kb.QueryParams) *kb.Results {
	t.Helper()
	q, err := s.Corpus().Taxonomy.ParseQuery(p)
	if err != nil {
		t.Fatalf("ParseQuery(%+v): %v", p, err)
	}
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", p, err)
	}
	return res
}

func ids(r *kb.Results) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.Clause.ID
	}
	return out
}

func TestMatching(t *testing.T) {
	s := newSearcher(t)
	tests := []struct {
		name  string
		query string
		want  []string // must all be found
		not   []string // must not be found
	}{
		{"accents and elision", "l'eleve", []string{"c-donnees"}, nil},
		{"no accents", "donnees etablissement", []string{"c-donnees"}, nil},
		{"short word without accent", "role", []string{"c-role"}, nil},
		{"short word with accent", "rôle", []string{"c-role"}, nil},
		{"age without accent", "age", []string{"c-role"}, nil},
		{"upper case", "FRAUDE", []string{"c-fraude", "s-critique-fraude"}, nil},
		{"IA finds intelligence artificielle", "IA", []string{"c-ia-courte", "c-intelligence"}, nil},
		{"intelligence artificielle finds IA", "intelligence artificielle", []string{"c-intelligence", "c-ia-courte"}, nil},
		{"GDPR finds RGPD", "GDPR", []string{"x-rgpd"}, nil},
		{"multi-word synonym finds the acronym", "données personnelles", []string{"x-rgpd", "x-donnees-personnelles"}, nil},
		{"triche finds fraude", "triche", []string{"c-fraude"}, nil},
		{"typo on a long word", "etablisement", []string{"c-donnees"}, nil},
		{"typo on another long word", "inteligence", []string{"c-intelligence"}, nil},
		{"stemming collapses a doubled letter", "donées", []string{"c-donnees"}, nil},
		{"a stem is not fuzzy-matched: donnees is not dont", "donnees", []string{"c-donnees"}, []string{"c-dont"}},
		{"both words required", "donnees eleves", []string{"c-donnees"}, []string{"x-donnees-personnelles", "x-rgpd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(run(t, s, kb.QueryParams{Q: tt.query, Size: "50"}))
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("%q: %s not found in %q", tt.query, id, got)
				}
			}
			for _, id := range tt.not {
				if slices.Contains(got, id) {
					t.Errorf("%q: %s found in %q", tt.query, id, got)
				}
			}
		})
	}
}

func TestNoFlood(t *testing.T) {
	s := newSearcher(t)
	all := s.Corpus().NumClauses()
	for _, q := range []string{
		"rgpf",          // a typo on a short word: no fuzzy match
		"le la les des", // only stop words
		"*",             // query syntax is not interpreted
		"/.*/",
		"zzzzzzzzzz",
	} {
		if r := run(t, s, kb.QueryParams{Q: q}); r.Total != 0 {
			t.Errorf("%q: %d results %q, want none", q, r.Total, ids(r))
		}
	}
	// Field syntax is not interpreted: "text:fraude" is one unknown word
	// (a colon between letters does not split a word), "text: fraude" two
	// words of which only one is known.
	if r := run(t, s, kb.QueryParams{Q: "text:fraude^10"}); r.Total == all {
		t.Errorf("text:fraude^10 matched every clause")
	}
	if r := run(t, s, kb.QueryParams{Q: "text: fraude^10"}); !slices.Contains(ids(r), "c-fraude") || r.Total == all {
		t.Errorf("text: fraude^10: %q", ids(r))
	}
}

func TestRanking(t *testing.T) {
	s := newSearcher(t)
	tests := []struct {
		name  string
		query string
		order []string // must appear in this order
	}{
		{"exact above stemmed above fuzzy", "classes", []string{"c-rang-exact", "c-rang-stem", "c-rang-fuzzy"}},
		{"title above text", "sobriété", []string{"c-titre", "c-texte"}},
		{"phrase above scattered words", "contrôle humain", []string{"c-ia-courte", "c-humain-epars"}},
		{"reference text above a comment that matches equally", "formation égale", []string{"c-egal", "s-egal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, s, kb.QueryParams{Q: tt.query})
			got := ids(r)
			pos := -1
			for _, id := range tt.order {
				i := slices.Index(got, id)
				if i < 0 || i < pos {
					t.Fatalf("%q: got %q, want %q in this order", tt.query, got, tt.order)
				}
				pos = i
			}
			// Scores strictly decrease along the expected order.
			for i := 1; i < len(tt.order); i++ {
				a, b := r.Hits[slices.Index(got, tt.order[i-1])].Score, r.Hits[slices.Index(got, tt.order[i])].Score
				if !(a > b) {
					t.Errorf("%q: score(%s) = %v, score(%s) = %v, want strictly greater", tt.query, tt.order[i-1], a, tt.order[i], b)
				}
			}
		})
	}
}

func TestFilters(t *testing.T) {
	s := newSearcher(t)
	c := s.Corpus()
	has := func(id, facet, value string) bool {
		cl, _ := c.Clause(id)
		switch facet {
		case kb.FacetRole:
			return slices.Contains(c.Taxonomy.ExpandRoles(cl.Roles), value)
		case kb.FacetTheme:
			return slices.Contains(cl.Themes, value)
		case kb.FacetKind:
			return c.DocumentOf(cl).Kind == value
		}
		return cl.Nature == value
	}
	tests := []struct {
		name   string
		params kb.QueryParams
		check  func(id string) bool
	}{
		{"tous matches every staff role", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"cpe"}}},
			func(id string) bool { return has(id, "role", "cpe") }},
		{"OR within a facet", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"aesh", "direction"}}},
			func(id string) bool { return has(id, "role", "aesh") || has(id, "role", "direction") }},
		{"AND across facets", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"enseignant"}, kb.FacetTheme: {"fraude"}, kb.FacetKind: {"syndical"}}},
			func(id string) bool {
				return has(id, "role", "enseignant") && has(id, "theme", "fraude") && has(id, "kind", "syndical")
			}},
		{"aliases", kb.QueryParams{Filters: kb.Filters{kb.FacetTheme: {"GDPR"}, kb.FacetRole: {"head"}}},
			func(id string) bool { return has(id, "theme", "rgpd") && has(id, "role", "direction") }},
		{"pupils are not staff", kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"eleve"}}},
			func(id string) bool { return has(id, "role", "eleve") }},
		{"nature", kb.QueryParams{Filters: kb.Filters{kb.FacetNature: {"definition", "interdiction"}}},
			func(id string) bool { return has(id, "nature", "definition") || has(id, "nature", "interdiction") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.params.Size = "50"
			r := run(t, s, tt.params)
			want := 0
			for _, cl := range c.Clauses() {
				if tt.check(cl.ID) {
					want++
				}
			}
			if want == 0 {
				t.Fatal("the fixture has no clause for this filter: the test proves nothing")
			}
			if r.Total != want {
				t.Errorf("total = %d, want %d (%q)", r.Total, want, ids(r))
			}
			for _, id := range ids(r) {
				if !tt.check(id) {
					t.Errorf("%s does not pass the filter", id)
				}
			}
		})
	}
	// Pupils' rules do not come with every "tous" clause.
	if r := run(t, s, kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"eleve"}}}); slices.Contains(ids(r), "c-ia-courte") {
		t.Error("a clause for all staff matched the pupils filter")
	}
}

// TestDisjunctiveFacets checks the definition of the counts: the count of
// value v in facet F is the number of results of the same query with F's
// selection replaced by v alone.
func TestDisjunctiveFacets(t *testing.T) {
	s := newSearcher(t)
	queries := []kb.QueryParams{
		{},
		{Q: "fraude"},
		{Filters: kb.Filters{kb.FacetRole: {"enseignant"}}},
		{Filters: kb.Filters{kb.FacetRole: {"aesh", "direction"}, kb.FacetTheme: {"rgpd"}}},
		{Q: "formation", Filters: kb.Filters{kb.FacetKind: {"syndical"}}},
		{Filters: kb.Filters{kb.FacetTheme: {"ethique", "pedagogie"}, kb.FacetNature: {"principe"}, kb.FacetKind: {"officiel"}}},
	}
	for _, p := range queries {
		name := fmt.Sprintf("%+v", p)
		t.Run(name, func(t *testing.T) {
			res := run(t, s, p)
			for _, f := range res.Facets {
				got := map[string]int{}
				for _, v := range f.Values {
					got[v.Value] = v.Count
					if v.Count == 0 && !v.Selected {
						t.Errorf("%s=%s listed with count 0 without being selected", f.Name, v.Value)
					}
				}
				for _, term := range facetVocab(s.Corpus().Taxonomy, f.Name).Terms {
					alone := p
					setFilter(&alone, f.Name, []string{term.ID})
					want := run(t, s, alone).Total
					if got[term.ID] != want {
						t.Errorf("%s=%s: count %d, but filtering on it gives %d results", f.Name, term.ID, got[term.ID], want)
					}
				}
			}
		})
	}
}

func facetVocab(t *kb.Taxonomy, name string) *kb.Vocabulary {
	for _, f := range t.Facets() {
		if f.Name == name {
			return f.Vocab
		}
	}
	return nil
}

// setFilter sets the values of a facet in p, in a copy of its filters
// (p may be a copy of another query's parameters).
func setFilter(p *kb.QueryParams, facet string, values []string) {
	f := maps.Clone(p.Filters)
	if f == nil {
		f = make(kb.Filters)
	}
	f[facet] = values
	p.Filters = f
}

func TestBrowse(t *testing.T) {
	s := newSearcher(t)
	r := run(t, s, kb.QueryParams{Filters: kb.Filters{kb.FacetKind: {"officiel"}}, Size: "50"})
	var want []string
	for _, cl := range s.Corpus().Clauses() {
		if s.Corpus().DocumentOf(cl).Kind == "officiel" {
			want = append(want, cl.ID)
		}
	}
	if got := ids(r); !slices.Equal(got, want) {
		t.Errorf("browse = %q, want corpus order %q", got, want)
	}
	for _, h := range r.Hits {
		if strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("browse snippet has marks: %s", h.Snippet)
		}
	}
}

func TestSnippetsAreSafeHTML(t *testing.T) {
	s := newSearcher(t)
	r := run(t, s, kb.QueryParams{Q: "script document"})
	if len(r.Hits) == 0 || r.Hits[0].Clause.ID != "c-script" {
		t.Fatalf("hits = %q", ids(r))
	}
	snip := r.Hits[0].Snippet
	if strings.Contains(snip, "<script") || strings.Contains(snip, "'xss'") {
		t.Errorf("snippet is not escaped: %s", snip)
	}
	if !strings.Contains(snip, "&lt;<mark>script</mark>&gt;") || !strings.Contains(snip, "<mark>document</mark>") {
		t.Errorf("snippet lacks the escaped, marked matches: %s", snip)
	}
	// Without a passage to highlight, the snippet is the escaped text.
	r = run(t, s, kb.QueryParams{Filters: kb.Filters{kb.FacetRole: {"direction"}, kb.FacetTheme: {"ethique"}, kb.FacetNature: {"principe"}}})
	for _, h := range r.Hits {
		if h.Clause.ID == "c-script" && strings.Contains(h.Snippet, "<script") {
			t.Errorf("fallback snippet is not escaped: %s", h.Snippet)
		}
	}
}

func TestPagination(t *testing.T) {
	s := newSearcher(t)
	all := ids(run(t, s, kb.QueryParams{Size: "50"}))
	page2 := run(t, s, kb.QueryParams{Size: "3", Page: "2"})
	if got := ids(page2); !slices.Equal(got, all[3:6]) {
		t.Errorf("page 2 of 3 = %q, want %q", got, all[3:6])
	}
	if page2.Total != len(all) {
		t.Errorf("total on page 2 = %d, want %d", page2.Total, len(all))
	}
	beyond := run(t, s, kb.QueryParams{Size: "50", Page: "20"})
	if len(beyond.Hits) != 0 || beyond.Total != len(all) {
		t.Errorf("page past the end: %d hits, total %d", len(beyond.Hits), beyond.Total)
	}
}

// TestRelaxed: a long question with words no clause has still gets the
// clauses that have most of the others.
func TestRelaxed(t *testing.T) {
	s := newSearcher(t)
	r := run(t, s, kb.QueryParams{Q: "que dit le texte sur la fraude au devoir avec un outil numérique"})
	if len(r.Hits) == 0 || r.Hits[0].Clause.ID != "c-fraude" {
		t.Errorf("hits = %q, want c-fraude first", ids(r))
	}
}

// TestRelaxedWhenFew: a question that few clauses answer fully also lists
// the clauses that answer part of it, after those.
func TestRelaxedWhenFew(t *testing.T) {
	s := newSearcher(t)
	// c-fraude and c-long have confier, devoir and accord (c-long in a long
	// text, where each word weighs little); c-iag-titre has only ChatGPT's
	// synonym « IA générative », as its whole short title, which alone
	// outscores a long text. The clauses with most of the words come first.
	r := run(t, s, kb.QueryParams{Q: "confier son devoir sans accord à chatgpt", Size: "50"})
	got := ids(r)
	long, partial := slices.Index(got, "c-long"), slices.Index(got, "c-iag-titre")
	if got[0] != "c-fraude" || long < 0 || partial < 0 || long > partial {
		t.Errorf("hits %q: want c-fraude, then c-long before the partial answer c-iag-titre", got)
	}
	// Two words still need both: no relaxing while a clause has them.
	if got := ids(run(t, s, kb.QueryParams{Q: "donnees eleves"})); len(got) != 1 || got[0] != "c-donnees" {
		t.Errorf("donnees eleves = %q, want only c-donnees", got)
	}
}

func TestCancelled(t *testing.T) {
	s := newSearcher(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q, _ := s.Corpus().Taxonomy.ParseQuery(kb.QueryParams{Q: "fraude"})
	if _, err := s.Search(ctx, q); err == nil {
		t.Error("search with a cancelled context succeeded")
	}
}

// TestAnswerFromSeveralPhrasings: a situation whose words are spread over
// several ways of asking a question gets that question, alone; a query
// that no question covers gets none.
func TestAnswerFromSeveralPhrasings(t *testing.T) {
	s := newSearcher(t)
	res := run(t, s, kb.QueryParams{Q: "triche avec chatgpt"})
	if len(res.Answers) != 1 || res.Answers[0].Question.ID != "q-fraude-devoir" {
		var got []string
		for _, a := range res.Answers {
			got = append(got, a.Question.ID)
		}
		t.Errorf("answers %v, want [q-fraude-devoir] alone", got)
	}
	if res := run(t, s, kb.QueryParams{Q: "calcul de la prime de fin d'annee"}); len(res.Answers) != 0 {
		t.Errorf("a question outside every question pratique gets %d answers", len(res.Answers))
	}
}

// TestRelated: a question close to the query but not its answer is
// offered among the questions proches, within the filters, and never
// twice (a question shown as the answer is not listed again).
func TestRelated(t *testing.T) {
	s := newSearcher(t)
	questions := func(as []kb.Answer) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Question.ID)
		}
		return out
	}
	res := run(t, s, kb.QueryParams{Q: "fiches adaptees eleve dys"})
	if got := questions(res.Answers); len(got) != 0 {
		t.Errorf("answers %v, want none: the question on supports covers half of the query", got)
	}
	if got := questions(res.Related); !slices.Equal(got, []string{"q-aesh-supports"}) {
		t.Errorf("questions proches %v, want [q-aesh-supports]", got)
	}
	res = run(t, s, kb.QueryParams{Q: "fiches adaptees eleve dys", Filters: kb.Filters{kb.FacetRole: {"enseignant"}}})
	if got := questions(res.Related); len(got) != 0 {
		t.Errorf("filtered on teachers, questions proches %v, want none (the question is the AESH's)", got)
	}
	res = run(t, s, kb.QueryParams{Q: "devoir ia"})
	if got := questions(res.Answers); !slices.Equal(got, []string{"q-fraude-devoir"}) {
		t.Errorf("answers %v, want [q-fraude-devoir]", got)
	}
	if got := questions(res.Related); slices.Contains(got, "q-fraude-devoir") {
		t.Errorf("the answer is listed again among the questions proches: %v", got)
	}
	if res := run(t, s, kb.QueryParams{Q: "calcul de la prime de fin d'annee"}); len(res.Related) != 0 {
		t.Errorf("a question outside every question pratique gets questions proches: %v", questions(res.Related))
	}
}

// TestSourceNamed: a query whose words no clause has, but which names a
// kind of source (« syndicat »), finds that source's clauses; one that only
// names a role (« enseignant ») still finds nothing.
func TestSourceNamed(t *testing.T) {
	s := newSearcher(t)
	res := run(t, s, kb.QueryParams{Q: "syndicat zzzquoi"})
	if res.Total == 0 {
		t.Fatal("« syndicat zzzquoi »: no result, want the union's clauses")
	}
	for _, h := range res.Hits {
		if d := s.Corpus().DocumentOf(h.Clause); d.Kind != "syndical" {
			t.Errorf("« syndicat zzzquoi » finds %s, of a %s document", h.Clause.ID, d.Kind)
		}
	}
	for _, q := range []string{"enseignant zzzquoi", "zzzquoi"} {
		if res := run(t, s, kb.QueryParams{Q: q}); res.Total != 0 {
			t.Errorf("« %s »: %d results %v, want none", q, res.Total, ids(res))
		}
	}
}
