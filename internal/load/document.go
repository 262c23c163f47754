package load

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"

	"github.com/reperes-ia/reperes/internal/kb"
)

// clauseBlock is the info string of the fenced block that holds a clause's
// sources, references and note.
const clauseBlock = "clause"

var (
	frontMatterKeys = []string{"id", "title", "kind", "publisher", "date", "version", "url", "description", "verbatim", "carte", "addresses", "source_text", "defaults"}
	// date and url are left out when unknown: nothing is invented.
	requiredKeys    = []string{"id", "title", "kind", "publisher"}
	defaultsKeys    = []string{"roles", "themes", "nature"}
	clauseAttrs     = []string{"id", "roles", "themes", "nature", "page"}
	sectionAttrs    = []string{"page"}
	clauseBlockKeys = []string{"sources", "references", "note", "placement", "evidence"}
)

// markdown is the one goldmark set-up of the project: CommonMark plus
// attributes on headings. It is safe by default: raw HTML is omitted and
// dangerous links are emptied.
var markdown = goldmark.New(goldmark.WithParserOptions(parser.WithAttribute()))

// refAt remembers where a reference was written, for the checks that need
// the whole corpus.
type refAt struct {
	path, from, to, stance string
	line, col              int
}

// docParser parses one Markdown file into a document.
type docParser struct {
	path string // as shown in messages
	src  []byte // normalised: no BOM, LF line ends
	tax  *kb.Taxonomy
	p    *problems

	// lineStarts[i] is the offset of line i+1.
	lineStarts []int
	refs       []refAt
	addresses  int // line of the front matter's addresses, for the cross-checks
	// ownFacets are the facets with terms of their own: a clause takes
	// their values from the heading attribute of that name (see
	// kb.FacetDef), or the front matter's default; attrs are the heading
	// attributes a clause may have, theirs included.
	ownFacets []string
	attrs     []string
}

func newDocParser(path string, src []byte, tax *kb.Taxonomy, p *problems) *docParser {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	d := &docParser{path: path, src: src, tax: tax, p: p, lineStarts: []int{0}}
	for _, f := range tax.Facets() {
		if f.Own() {
			d.ownFacets = append(d.ownFacets, f.Name)
		}
	}
	d.attrs = append(slices.Clone(clauseAttrs), d.ownFacets...)
	for i, c := range src {
		if c == '\n' {
			d.lineStarts = append(d.lineStarts, i+1)
		}
	}
	return d
}

// position turns a byte offset into a line and a column counted in runes.
func (d *docParser) position(off int) (line, col int) {
	off = min(max(off, 0), len(d.src))
	i, found := slices.BinarySearch(d.lineStarts, off)
	if !found {
		i--
	}
	return i + 1, utf8.RuneCount(d.src[d.lineStarts[i]:off]) + 1
}

func (d *docParser) errorAt(off int, format string, args ...any) {
	line, col := d.position(off)
	d.p.add(d.path, line, col, format, args...)
}

// parse returns the document, or nil if it is too broken to go on.
func (d *docParser) parse() *kb.Document {
	if !utf8.Valid(d.src) {
		off := 0
		for off < len(d.src) {
			r, n := utf8.DecodeRune(d.src[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		d.errorAt(off, "invalid UTF-8: content files must be UTF-8 text")
		return nil
	}
	fm, bodyStart, ok := d.splitFrontMatter()
	if !ok {
		return nil
	}
	doc, defaults := d.frontMatter(fm)
	body := bytes.Clone(d.src)
	for i := range bodyStart {
		if body[i] != '\n' {
			body[i] = ' ' // keep offsets and lines; goldmark sees blank lines
		}
	}
	d.body(doc, defaults, body)
	if len(doc.Clauses) == 0 {
		d.p.add(d.path, 1, 0, "document has no clause: a clause is a heading with an id, ## Titre {#mon-id}")
	}
	return doc
}

// splitFrontMatter finds the YAML between the opening and closing "---"
// lines. It returns the YAML and the offset where the body starts.
func (d *docParser) splitFrontMatter() (fm []byte, bodyStart int, ok bool) {
	const fence = "---"
	first, _, _ := bytes.Cut(d.src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != fence {
		d.p.add(d.path, 1, 1, "missing front matter: a document starts with a line \"---\", then its YAML fields, then \"---\"")
		return nil, 0, false
	}
	start := len(first) + 1
	for i := 1; i < len(d.lineStarts); i++ {
		ls := d.lineStarts[i]
		if ls < start {
			continue
		}
		end := len(d.src)
		if i+1 < len(d.lineStarts) {
			end = d.lineStarts[i+1] - 1
		}
		if string(bytes.TrimRight(d.src[ls:end], " \t")) == fence {
			return d.src[start:ls], min(end+1, len(d.src)), true
		}
	}
	d.p.add(d.path, 1, 1, "front matter is not closed: add a line \"---\" after its fields")
	return nil, 0, false
}

type clauseDefaults struct {
	roles, themes []string
	nature        string
	// facets are the values of the facets with terms of their own.
	facets map[string][]string
}

func (d *docParser) frontMatter(fm []byte) (*kb.Document, clauseDefaults) {
	doc := &kb.Document{}
	var defs clauseDefaults
	y := &yamlFile{path: d.path, lineOffset: 1, p: d.p}
	root := y.parse(fm)
	if root == nil {
		return doc, defs
	}
	seen := make(map[string]bool)
	y.mapping(root, "front matter", func(key string, k, v *yaml.Node) {
		seen[key] = true
		switch key {
		case "id":
			doc.ID = y.str(v, key)
			if doc.ID != "" && !kb.IsKebab(doc.ID) {
				y.errorf(v, "document id %q is not kebab-case (lower-case ASCII words joined by hyphens, e.g. %q)", doc.ID, kb.Slug(doc.ID))
			}
		case "title":
			doc.Title = y.str(v, key)
		case "kind":
			doc.Kind = y.str(v, key)
			if doc.Kind != "" && !d.tax.Kinds.Has(doc.Kind) {
				y.errorf(v, "%s", unknown(&d.tax.Kinds, doc.Kind, ""))
			}
		case "publisher":
			doc.Publisher = y.str(v, key)
		case "date":
			doc.Date = y.str(v, key)
			if doc.Date != "" && !kb.ValidDate(doc.Date) {
				y.errorf(v, "bad date %q: write YYYY-MM-DD, YYYY-MM or YYYY", doc.Date)
			}
		case "version":
			doc.Version = y.str(v, key)
		case "url":
			doc.URL = y.str(v, key)
			if doc.URL != "" && !validURL(doc.URL) {
				y.errorf(v, "bad url %q: an absolute http or https address is needed", doc.URL)
			}
		case "description":
			doc.Description = strings.TrimSpace(y.str(v, key))
		case "verbatim":
			doc.Verbatim = y.boolean(v, key)
		case "carte":
			doc.Carte = strings.TrimSpace(y.str(v, key))
			if doc.Carte == "" || len([]rune(doc.Carte)) > 30 {
				y.errorf(v, "carte: the document's short name on the positions map, 1 to 30 characters (e.g. \"SE-Unsa\")")
			}
		case "source_text":
			doc.SourceText = strings.TrimSpace(y.str(v, key))
		case "addresses":
			doc.Addresses = y.list(v, key)
			d.addresses = v.Line + y.lineOffset
		case "defaults":
			y.mapping(v, "defaults", func(key string, k, v *yaml.Node) {
				switch key {
				case "roles":
					defs.roles = d.checkRoles(y.list(v, key), func(m string) { y.errorf(v, "defaults: %s", m) })
				case "themes":
					defs.themes = d.checkTerms(&d.tax.Themes, y.list(v, key), func(m string) { y.errorf(v, "defaults: %s", m) })
				case "nature":
					defs.nature = d.checkTerm(&d.tax.Natures, y.str(v, key), func(m string) { y.errorf(v, "defaults: %s", m) })
				default:
					f, ok := d.tax.Facet(key)
					if !ok || !f.Own() {
						y.errorf(k, "unknown key %q in defaults (known: %s)", key, strings.Join(append(slices.Clone(defaultsKeys), d.ownFacets...), ", "))
						return
					}
					if defs.facets == nil {
						defs.facets = make(map[string][]string)
					}
					defs.facets[key] = d.checkTerms(f.Vocab, y.list(v, key), func(m string) { y.errorf(v, "defaults: %s", m) })
				}
			})
		default:
			y.errorf(k, "unknown front matter key %q (known: %s)", key, strings.Join(frontMatterKeys, ", "))
		}
	})
	for _, key := range requiredKeys {
		if !seen[key] {
			d.p.add(d.path, 1, 0, "front matter: missing required field %q", key)
		}
	}
	return doc, defs
}

// unknown writes the message for a value not in a vocabulary, with a hint
// when the value is an alias of a known id.
func unknown(v *kb.Vocabulary, value, extra string) string {
	known := v.Known()
	if extra != "" {
		known = extra + ", " + known
	}
	msg := fmt.Sprintf("unknown %s %q (known: %s)", v.Name, value, known)
	if id, ok := v.Resolve(value); ok {
		msg += fmt.Sprintf("; did you mean %q?", id)
	}
	return msg
}

func (d *docParser) checkTerm(v *kb.Vocabulary, id string, bad func(string)) string {
	if id == "" || v.Has(id) {
		return id
	}
	bad(unknown(v, id, ""))
	return ""
}

func (d *docParser) checkTerms(v *kb.Vocabulary, ids []string, bad func(string)) []string {
	var out []string
	for _, id := range ids {
		if id = d.checkTerm(v, id, bad); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (d *docParser) checkRoles(ids []string, bad func(string)) []string {
	var out []string
	for _, id := range ids {
		if !d.tax.IsAllStaff(id) && !d.tax.Roles.Has(id) {
			bad(unknown(&d.tax.Roles, id, d.tax.AllStaff.ID))
			continue
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// clauseState is the clause being read, with what is needed to finish it.
type clauseState struct {
	c       *kb.Clause
	body    []ast.Node
	hasMeta bool
	// metaBroken: the clause block could not be read (already reported),
	// so what it should have held is not reported missing again.
	metaBroken bool
	// tagged records the tags given on the heading, valid or not.
	tagged struct{ roles, themes, nature bool }
	// broken is a clause whose heading could not be read: its body is
	// skipped without more errors, and it is not kept.
	broken bool
}

func (d *docParser) body(doc *kb.Document, defs clauseDefaults, body []byte) {
	root := markdown.Parser().Parse(text.NewReader(body))
	anchors := newAnchors(root)
	// sections is the stack of section headings above the current point,
	// outermost first, each of a deeper level than the one before.
	var sections []sectionHeading
	var cur *clauseState
	finish := func() {
		if cur != nil && !cur.broken {
			d.finishClause(doc, cur, body)
		}
		cur = nil
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			finish()
			off := d.nodeOffset(h)
			title, malformed := d.headingTitle(h, off, body)
			if malformed {
				cur = &clauseState{broken: true} // reported; skip its body quietly
				continue
			}
			if _, isClause := h.AttributeString("id"); isClause {
				cur = d.startClause(doc, defs, h, off, title, sections)
				continue
			}
			page := d.attributes(h, off, sectionAttrs)["page"]
			for len(sections) > 0 && sections[len(sections)-1].level >= h.Level {
				sections = sections[:len(sections)-1]
			}
			sections = append(sections, sectionHeading{level: h.Level, id: anchors.next(title), title: title, page: page})
			continue
		}
		if fc, ok := n.(*ast.FencedCodeBlock); ok && string(fc.Language(body)) == clauseBlock {
			switch {
			case cur == nil:
				d.errorAt(d.nodeOffset(n), "a ```clause block must follow a clause heading")
			case cur.broken:
			case cur.hasMeta:
				d.errorAt(d.nodeOffset(n), "clause %q has two ```clause blocks: merge them", cur.c.ID)
			default:
				cur.hasMeta = true
				cur.metaBroken = !d.clauseMeta(cur.c, fc, body)
			}
			continue
		}
		switch n.(type) {
		case *ast.HTMLBlock, *ast.ThematicBreak:
			continue // comments for editors and separators: not content
		}
		if cur == nil {
			d.errorAt(d.nodeOffset(n), "text outside a clause: give the heading above an id ({#mon-id}) to make it a clause")
			continue
		}
		cur.body = append(cur.body, n)
	}
	finish()
}

type sectionHeading struct {
	level     int
	id, title string
	page      string
}

// anchors gives section headings their ids: the folded slug of the title,
// with -2, -3… when a slug is taken in the document, by another section or
// by a clause (both are anchors of the document's page).
type anchors map[string]bool

func newAnchors(root ast.Node) anchors {
	a := anchors{}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					a[string(b)] = true
				}
			}
		}
	}
	return a
}

func (a anchors) next(title string) string {
	base := kb.Slug(title)
	if base == "" {
		base = "section"
	}
	id := base
	for i := 2; a[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	a[id] = true
	return id
}

// lineAt returns the text of the line holding offset off.
func (d *docParser) lineAt(off int) []byte {
	line, _ := d.position(off)
	start := d.lineStarts[line-1]
	end := len(d.src)
	if line < len(d.lineStarts) {
		end = d.lineStarts[line] - 1
	}
	return d.src[start:end]
}

// nodeOffset returns the offset of a block node in the source.
func (d *docParser) nodeOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return 0
}

// headingTitle returns the plain text of a heading. An attribute block that
// goldmark could not parse stays in the text: it is reported and cut off.
func (d *docParser) headingTitle(h *ast.Heading, off int, body []byte) (title string, malformed bool) {
	title = inlineText(h, body)
	i := strings.LastIndex(title, "{")
	if i < 0 || !strings.HasSuffix(title, "}") {
		return title, false
	}
	line, _ := d.position(off)
	d.errorAt(d.lineStarts[line-1]+bytes.LastIndexByte(d.lineAt(off), '{'),
		`malformed attributes %q: write {#clause-id roles="enseignant cpe" themes=rgpd nature=obligation page=8}`, title[i:])
	return strings.TrimSpace(title[:i]), true
}

// attributes returns the attributes of a heading as strings, reporting
// those not in allowed at their column. off is the offset of the heading.
func (d *docParser) attributes(h *ast.Heading, off int, allowed []string) map[string]string {
	out := make(map[string]string)
	lineNo, _ := d.position(off)
	lineStart := d.lineStarts[lineNo-1]
	line := string(d.lineAt(off))
	for _, a := range h.Attributes() {
		name := string(a.Name)
		col := strings.Index(line, name+"=")
		if name == "id" {
			col = strings.Index(line, "{#") + 1
		}
		at := lineStart + max(col, 0)
		if !slices.Contains(allowed, name) {
			d.errorAt(at, "unknown attribute %q (known: %s)", name, strings.Join(allowed, ", "))
			continue
		}
		switch v := a.Value.(type) {
		case []byte:
			out[name] = string(v)
		case float64:
			out[name] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			d.errorAt(at, "attribute %q: write a word or a quoted text, %s=\"...\"", name, name)
		}
	}
	return out
}

func (d *docParser) startClause(doc *kb.Document, defs clauseDefaults, n *ast.Heading, off int, title string, sections []sectionHeading) *clauseState {
	line, _ := d.position(off)
	attrs := d.attributes(n, off, d.attrs)
	c := &kb.Clause{ID: attrs["id"], Title: title, Document: doc.ID, Line: line}
	bad := func(m string) { d.p.add(d.path, line, 0, "clause %q: %s", c.ID, m) }
	if !kb.IsKebab(c.ID) {
		bad(fmt.Sprintf("id is not kebab-case (lower-case ASCII words joined by hyphens, e.g. %q)", kb.Slug(c.ID)))
	}
	if c.Title == "" {
		bad("heading has no title")
	}
	for _, s := range sections {
		c.Section = append(c.Section, kb.Heading{ID: s.id, Title: s.title})
		if s.page != "" {
			c.Page = s.page
		}
	}
	if p, ok := attrs["page"]; ok {
		c.Page = p
	}
	c.Roles, c.Themes, c.Nature = defs.roles, defs.themes, defs.nature
	cs := &clauseState{c: c}
	// A value given but invalid is reported once, not again as missing.
	if r, ok := attrs["roles"]; ok {
		c.Roles, cs.tagged.roles = d.checkRoles(splitList(r), bad), true
	}
	if t, ok := attrs["themes"]; ok {
		c.Themes, cs.tagged.themes = d.checkTerms(&d.tax.Themes, splitList(t), bad), true
	}
	if nat, ok := attrs["nature"]; ok {
		c.Nature, cs.tagged.nature = d.checkTerm(&d.tax.Natures, nat, bad), true
	}
	for _, name := range d.ownFacets {
		vals := defs.facets[name]
		if a, ok := attrs[name]; ok {
			f, _ := d.tax.Facet(name)
			vals = d.checkTerms(f.Vocab, splitList(a), bad)
		}
		if len(vals) > 0 {
			if c.Facets == nil {
				c.Facets = make(map[string][]string)
			}
			c.Facets[name] = vals
		}
	}
	return cs
}

func (d *docParser) finishClause(doc *kb.Document, cs *clauseState, body []byte) {
	c := cs.c
	bad := func(format string, args ...any) {
		d.p.add(d.path, c.Line, 0, "clause %q: "+format, append([]any{c.ID}, args...)...)
	}
	var html bytes.Buffer
	var texts []string
	for _, n := range cs.body {
		if err := markdown.Renderer().Render(&html, body, n); err != nil {
			bad("cannot render: %v", err)
		}
		if t := blockText(n, body); t != "" {
			texts = append(texts, t)
		}
	}
	c.HTML = strings.TrimSpace(html.String())
	c.Text = strings.Join(texts, "\n\n")
	if strings.TrimSpace(c.Text) == "" {
		bad("no text: write the clause in a paragraph under its heading")
	}
	if len(c.Roles) == 0 && !cs.tagged.roles {
		bad("no role: add roles=... to the heading or defaults.roles to the front matter")
	}
	if len(c.Themes) == 0 && !cs.tagged.themes {
		bad("no theme: add themes=... to the heading or defaults.themes to the front matter")
	}
	if c.Nature == "" && !cs.tagged.nature {
		bad("no nature: add nature=... to the heading or defaults.nature to the front matter")
	}
	if len(c.Sources) == 0 && !cs.metaBroken {
		bad("no source: list them in a ```clause block under the text (sources:)")
	}
	doc.Clauses = append(doc.Clauses, c)
}

// clauseMeta decodes a ```clause block: sources, references and note. It
// returns false if the block is not valid YAML.
func (d *docParser) clauseMeta(c *kb.Clause, n *ast.FencedCodeBlock, body []byte) bool {
	lines := n.Lines()
	if lines.Len() == 0 {
		return true
	}
	firstLine, _ := d.position(lines.At(0).Start)
	var src bytes.Buffer
	for i := range lines.Len() {
		seg := lines.At(i)
		src.Write(seg.Value(body))
	}
	y := &yamlFile{path: d.path, lineOffset: firstLine - 1, p: d.p}
	root := y.parse(src.Bytes())
	if root == nil {
		return false
	}
	y.mapping(root, "clause block", func(key string, k, v *yaml.Node) {
		switch key {
		case "sources":
			if v.Kind != yaml.SequenceNode {
				y.errorf(v, "sources must be a list: - Titre: https://...")
				return
			}
			for _, item := range v.Content {
				if s, ok := d.source(y, item); ok {
					c.Sources = append(c.Sources, s)
				}
			}
		case "references":
			y.mapping(v, "references", func(id string, k, v *yaml.Node) {
				// « id: stance », or « id: {stance: prolonge, editorial: true} »
				// for a link the editors draw and the source does not make.
				var stance string
				editorial := false
				if v.Kind == yaml.MappingNode {
					y.mapping(v, "reference", func(key string, k, v *yaml.Node) {
						switch key {
						case "stance":
							stance = y.str(v, key)
						case "editorial":
							editorial = y.boolean(v, key)
						default:
							y.errorf(k, "unknown key %q in a reference (known: stance, editorial)", key)
						}
					})
				} else {
					stance = y.str(v, "stance")
				}
				if !d.tax.Stances.Has(stance) {
					y.errorf(v, "%s", unknown(&d.tax.Stances, stance, ""))
					return
				}
				if editorial && d.tax.TakesSide(stance) {
					y.errorf(v, "a link the editors draw cannot %s: use a stance that takes no side", stance)
					return
				}
				c.References = append(c.References, kb.Reference{ID: id, Stance: stance, Editorial: editorial})
				d.refs = append(d.refs, refAt{path: d.path, from: c.ID, to: id, stance: stance, line: k.Line + y.lineOffset, col: k.Column})
			})
		case "note":
			c.Note = strings.TrimSpace(y.str(v, "note"))
		case "placement":
			c.Placement = y.str(v, key)
			if c.Placement != "" && !d.tax.Placements.Has(c.Placement) {
				y.errorf(v, "%s", unknown(&d.tax.Placements, c.Placement, ""))
			}
		case "evidence":
			y.mapping(v, "evidence", func(key string, k, v *yaml.Node) {
				switch key {
				case "level":
					c.EvidenceLevel = y.str(v, key)
					if c.EvidenceLevel != "" && !d.tax.Evidence.Has(c.EvidenceLevel) {
						y.errorf(v, "%s", unknown(&d.tax.Evidence, c.EvidenceLevel, ""))
					}
				case "note":
					c.EvidenceNote = strings.TrimSpace(y.str(v, key))
				default:
					y.errorf(k, "unknown key %q in evidence (known: level, note)", key)
				}
			})
			if c.EvidenceLevel != "" && d.tax.Evidence.Has(c.EvidenceLevel) && c.EvidenceNote == "" {
				y.errorf(k, "evidence: a level set by hand needs a note that says why")
			}
		default:
			y.errorf(k, "unknown key %q in clause block (known: %s)", key, strings.Join(clauseBlockKeys, ", "))
		}
	})
	return true
}

// source decodes a source: "- Titre" or "- Titre: https://...".
func (d *docParser) source(y *yamlFile, item *yaml.Node) (kb.Source, bool) {
	switch item.Kind {
	case yaml.ScalarNode:
		if s := strings.TrimSpace(item.Value); s != "" {
			return kb.Source{Title: s}, true
		}
	case yaml.MappingNode:
		if len(item.Content) == 2 {
			title, u := item.Content[0], item.Content[1]
			if u.Kind == yaml.ScalarNode && validURL(strings.TrimSpace(u.Value)) {
				return kb.Source{Title: strings.TrimSpace(title.Value), URL: strings.TrimSpace(u.Value)}, true
			}
			y.errorf(u, "bad source url %q: an absolute http or https address is needed", u.Value)
			return kb.Source{}, false
		}
	}
	y.errorf(item, "a source is a title, or a title and its address: - Titre: https://...")
	return kb.Source{}, false
}

// inlineText returns the plain text of a node's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.URL(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// blockText returns the plain text of a block: paragraphs and list items
// on lines of their own.
func blockText(n ast.Node, src []byte) string {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		return inlineText(n, src)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		return strings.TrimSpace(b.String())
	case *ast.HTMLBlock:
		return ""
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := blockText(c, src); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}
