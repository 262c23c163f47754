package load

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Names of the two data files at the root of a content tree.
const (
	TaxonomyFile = "taxonomy.yaml"
	SynonymsFile = "synonyms.yaml"
)

// taxonomyKeys are the keys of taxonomy.yaml, in the order error messages
// list them.
var taxonomyKeys = []string{"roles", "all_staff", "themes", "natures", "stances", "kinds", "facets", "verdicts", "audiences",
	"comment_kinds", "disagreement_stance", "addressing_stances", "evidence", "placements",
	"first_hand_hosts", "second_hand_hosts", "binding_natures"}

// parseTaxonomy decodes taxonomy.yaml. It returns nil if the file has
// problems, which are reported.
func parseTaxonomy(path string, src []byte, p *problems) *kb.Taxonomy {
	before := len(p.list)
	y := &yamlFile{path: path, p: p}
	root := y.parse(src)
	if root == nil {
		return nil
	}
	t := &kb.Taxonomy{
		Roles:   kb.Vocabulary{Name: "role"},
		Themes:  kb.Vocabulary{Name: "theme"},
		Natures: kb.Vocabulary{Name: "nature"},
		Stances: kb.Vocabulary{Name: "stance"},
		Kinds:   kb.Vocabulary{Name: "kind"},
		// Optional: a corpus without questions needs neither.
		Verdicts:  kb.Vocabulary{Name: "verdict"},
		Audiences: kb.Vocabulary{Name: "audience"},
		// Optional: without them, clauses carry no evidence.
		Evidence:   kb.Vocabulary{Name: "evidence level"},
		Placements: kb.Vocabulary{Name: "placement"},
	}
	vocabs := map[string]*kb.Vocabulary{
		"roles": &t.Roles, "themes": &t.Themes, "natures": &t.Natures,
		"stances": &t.Stances, "kinds": &t.Kinds,
		"verdicts": &t.Verdicts, "audiences": &t.Audiences,
		"evidence": &t.Evidence, "placements": &t.Placements,
	}
	// The keys whose value is a plain list of ids.
	lists := map[string]*[]string{
		"comment_kinds": &t.CommentKinds, "addressing_stances": &t.AddressingStances,
		"first_hand_hosts": &t.FirstHandHosts, "second_hand_hosts": &t.SecondHandHosts,
		"binding_natures": &t.BindingNatures,
	}
	seen := make(map[string]bool)
	y.mapping(root, "taxonomy", func(key string, k, v *yaml.Node) {
		seen[key] = true
		if list, ok := lists[key]; ok {
			*list = y.list(v, key)
			return
		}
		if key == "disagreement_stance" {
			t.DisagreementStance = y.str(v, key)
			return
		}
		if key == "facets" {
			parseFacets(y, v, t)
			return
		}
		if key == "all_staff" {
			y.mapping(v, "all_staff", func(key string, k, v *yaml.Node) {
				if key == "expands" {
					t.AllStaff.Expands = y.list(v, "expands")
					return
				}
				termField(y, &t.AllStaff.Term, key, k, v)
			})
			checkTerm(y, k, t.AllStaff.Term)
			return
		}
		voc, ok := vocabs[key]
		if !ok {
			y.errorf(k, "unknown key %q (known: %s)", key, strings.Join(taxonomyKeys, ", "))
			return
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			y.errorf(v, "%s must be a non-empty list of terms", key)
			return
		}
		parseTerms(y, key, v, voc)
	})
	for _, key := range []string{"roles", "all_staff", "themes", "natures", "stances", "kinds", "facets"} {
		if !seen[key] {
			y.errorf(root, "missing %q", key)
		}
	}
	if len(p.list) > before {
		return nil
	}
	// Link checks what needs the whole taxonomy: aliases that name two
	// terms, all-staff roles that are not roles.
	if err := t.Link(); err != nil {
		p.add(path, 0, 0, "%v", err)
		return nil
	}
	return t
}

// parseTerms reads the list of terms v (of the taxonomy's key) into voc.
func parseTerms(y *yamlFile, key string, v *yaml.Node, voc *kb.Vocabulary) {
	ids := make(map[string]*yaml.Node)
	for _, item := range v.Content {
		var term kb.Term
		y.mapping(item, key+" item", func(key string, k, v *yaml.Node) { termField(y, &term, key, k, v) })
		checkTerm(y, item, term)
		if first, dup := ids[term.ID]; dup {
			y.errorf(item, "%s %q is defined twice (first at line %d)", voc.Name, term.ID, first.Line)
			continue
		}
		ids[term.ID] = item
		voc.Terms = append(voc.Terms, term)
	}
}

// parseFacets reads the facets of the search: each a name, a label, a
// legend, and either the content model's vocabulary it takes values from
// or terms of its own.
func parseFacets(y *yamlFile, v *yaml.Node, t *kb.Taxonomy) {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		y.errorf(v, "facets must be a non-empty list")
		return
	}
	for _, item := range v.Content {
		var f kb.FacetDef
		y.mapping(item, "facet", func(key string, k, v *yaml.Node) {
			switch key {
			case "name":
				f.Name = y.str(v, key)
			case "label":
				f.Label = y.str(v, key)
			case "legend":
				f.Legend = y.str(v, key)
			case "vocabulary":
				f.Vocabulary = y.str(v, key)
			case "terms":
				if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
					y.errorf(v, "terms must be a non-empty list of terms")
					return
				}
				f.Terms.Name = "value"
				parseTerms(y, "terms", v, &f.Terms)
			default:
				y.errorf(k, "unknown key %q in a facet (known: name, label, legend, vocabulary, terms)", key)
			}
		})
		for _, m := range []struct {
			missing bool
			key     string
		}{{f.Name == "", "name"}, {f.Label == "", "label"}, {f.Legend == "", "legend"}} {
			if m.missing {
				y.errorf(item, "facet %q has no %s", f.Name, m.key)
			}
		}
		if f.Own() && (slices.Contains(clauseAttrs, f.Name) || slices.Contains(defaultsKeys, f.Name)) {
			y.errorf(item, "facet %q: the name of a facet with its own terms is the clause attribute that gives its values, and %q is taken", f.Name, f.Name)
		}
		t.FacetDefs = append(t.FacetDefs, f)
	}
}

func termField(y *yamlFile, t *kb.Term, key string, k, v *yaml.Node) {
	switch key {
	case "id":
		t.ID = y.id(v)
	case "label":
		t.Label = y.str(v, "label")
	case "aliases":
		for _, a := range y.items(v, "aliases") {
			t.Aliases = append(t.Aliases, y.str(a, "alias"))
		}
	case "description":
		t.Description = y.str(v, "description")
	default:
		y.errorf(k, "unknown key %q (known: id, label, aliases, description)", key)
	}
}

func checkTerm(y *yamlFile, at *yaml.Node, t kb.Term) {
	if t.ID == "" {
		y.errorf(at, "term has no id")
	}
	if t.Label == "" {
		y.errorf(at, "term %q has no label", t.ID)
	}
}

// parseSynonyms decodes synonyms.yaml: a list of groups, each a list of at
// least two spellings. analyze, if set, turns a spelling into search terms;
// a spelling with no term (only stop words) can never match and is reported.
func parseSynonyms(path string, src []byte, analyze func(string) []string, p *problems) [][]string {
	y := &yamlFile{path: path, p: p}
	root := y.parse(src)
	if root == nil {
		return nil
	}
	if root.Kind == yaml.MappingNode && len(root.Content) == 0 {
		return nil // empty file
	}
	if root.Kind != yaml.SequenceNode {
		y.errorf(root, "synonyms must be a list of groups, each a list of spellings")
		return nil
	}
	var groups [][]string
	for _, g := range root.Content {
		if g.Kind != yaml.SequenceNode || len(g.Content) < 2 {
			y.errorf(g, "a synonym group is a list of at least two spellings")
			continue
		}
		var group []string
		for _, e := range g.Content {
			s := y.str(e, "synonym")
			if s == "" {
				continue
			}
			if analyze != nil && len(analyze(s)) == 0 {
				y.errorf(e, "synonym %q is only stop words: it can never match", s)
				continue
			}
			group = append(group, s)
		}
		groups = append(groups, group)
	}
	return groups
}
