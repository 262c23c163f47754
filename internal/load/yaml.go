package load

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/reperes-ia/reperes/internal/kb"
)

// yamlFile decodes YAML strictly, by walking the node tree, so that every
// problem gets the position of the node it concerns. lineOffset is the number
// of file lines before the YAML text (1 for front matter after its "---").
type yamlFile struct {
	path       string
	lineOffset int
	p          *problems
}

// parse decodes text into its root node. A syntax error is reported with its
// position and parse returns nil.
func (y *yamlFile) parse(text []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		line, msg := yamlErrorPosition(err)
		y.p.add(y.path, line+y.lineOffset, 0, "invalid YAML: %s", msg)
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	}
	return doc.Content[0]
}

// yamlSyntaxLine reads the line out of a yaml syntax error. This is the one
// place where the parser gives a position only inside its message: its
// syntax errors are plain errors, "yaml: line 3: mapping values are not
// allowed in this context". Everything else comes from nodes.
var yamlSyntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlErrorPosition(err error) (line int, msg string) {
	m := yamlSyntaxLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 1, strings.TrimPrefix(err.Error(), "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	return n, m[2]
}

func (y *yamlFile) errorf(n *yaml.Node, format string, args ...any) {
	y.p.add(y.path, n.Line+y.lineOffset, n.Column, format, args...)
}

// mapping calls fn for each key of a mapping node, in order. It reports a
// node that is not a mapping, and keys given twice.
func (y *yamlFile) mapping(n *yaml.Node, what string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		y.errorf(n, "%s must be a mapping of keys to values", what)
		return
	}
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			y.errorf(k, "%s: key %q is given twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
}

// str returns a scalar's text.
func (y *yamlFile) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		y.errorf(n, "%s must be a single value", what)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// id returns the id a node holds, reporting it when it is not kebab-case.
func (y *yamlFile) id(n *yaml.Node) string {
	id := y.str(n, "id")
	if id != "" && !kb.IsKebab(id) {
		y.errorf(n, "id %q is not kebab-case (lower-case ASCII words joined by hyphens)", id)
	}
	return id
}

// items returns the items of a sequence, reporting a node that is not one
// (« aliases must be a list »).
func (y *yamlFile) items(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		y.errorf(n, "%s must be a list", what)
		return nil
	}
	return n.Content
}

// list returns a sequence of scalars; a single scalar is split on commas
// and spaces, so that both "roles: [a, b]" and "roles: a b" work.
func (y *yamlFile) list(n *yaml.Node, what string) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		return splitList(n.Value)
	case yaml.SequenceNode:
		var out []string
		for _, item := range n.Content {
			if s := y.str(item, what+" item"); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	y.errorf(n, "%s must be a list", what)
	return nil
}

func (y *yamlFile) boolean(n *yaml.Node, what string) bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		y.errorf(n, "%s must be true or false", what)
	}
	return b
}

// splitList splits "a, b c" into [a b c].
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// validURL reports whether s is an absolute http or https URL.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
