// Package render turns the knowledge base into HTML pages. The server and
// the static export both render through it, so the markup exists once.
//
// Templates are parsed once, at start-up, from an fs.FS (the embedded
// static.FS in production). Pages are rendered into a buffer, so that a
// template error never leaves a half-written page.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Pages are the page templates, by name.
var Pages = []string{"search", "clause", "list", "document", "about", "error", "question", "questions", "glossary", "role", "accessibilite", "dossier", "positions"}

// Config says where the site lives.
type Config struct {
	// BasePath is the path prefix the site is served under ("" or
	// "/intranet/ia"), without a trailing slash.
	BasePath string
	// BaseURL is the public address of the site, for citations; empty, the
	// citation links are root-relative.
	BaseURL string
	// Files renders for a static copy of the site: every link is relative to
	// the page and names its file (recherche/index.html), so that the copy
	// works under any path and opened from disk (file://). Pages are then
	// rendered with RenderAt.
	Files bool
	// Contact is how readers report an accessibility problem (an e-mail or
	// a web address), shown on the accessibility statement.
	Contact string
}

// Renderer holds the parsed templates.
type Renderer struct {
	cfg     Config
	corpus  *kb.Corpus
	pages   map[string]*template.Template
	version string // of the static assets, for cache-busting URLs
	audit   Audit  // the last recorded accessibility audit
}

// New parses the templates of fsys (templates/*.html) for corpus c.
func New(fsys fs.FS, c *kb.Corpus, cfg Config) (*Renderer, error) {
	cfg.BasePath = strings.TrimRight(cfg.BasePath, "/")
	r := &Renderer{cfg: cfg, corpus: c, pages: make(map[string]*template.Template)}
	v, err := assetVersion(fsys)
	if err != nil {
		return nil, err
	}
	r.version = v
	if err := CheckContact(cfg.Contact); err != nil {
		return nil, err
	}
	if r.audit, err = ReadAudit(fsys); err != nil {
		return nil, err
	}
	layout, err := fs.ReadFile(fsys, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	for _, name := range Pages {
		body, err := fs.ReadFile(fsys, "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		t, err := template.New("layout").Funcs(r.funcs()).Parse(string(layout))
		if err == nil {
			_, err = t.Parse(string(body))
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// AssetVersion is the version segment of asset URLs.
func (r *Renderer) AssetVersion() string { return r.version }

// Render executes a page template with data. It returns the whole page or
// an error, never part of a page.
func (r *Renderer) Render(page string, data any) ([]byte, error) {
	t, ok := r.pages[page]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", page)
	}
	return execute(t, page, data)
}

// RenderAt renders a page of a static copy (Config.Files) that lives at the
// site path at ("/clauses/x"): its links are made relative to it.
func (r *Renderer) RenderAt(at, page string, data any) ([]byte, error) {
	t, ok := r.pages[page]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", page)
	}
	// A clone per page binds url and asset to the page's place. Templates
	// that are cloned are never executed themselves, as html/template asks.
	t, err := t.Clone()
	if err != nil {
		return nil, err
	}
	rel := func(p string) string { return relativeFile(at, p) }
	t.Funcs(template.FuncMap{
		"url":   rel,
		"asset": func(name string) string { return rel("/static/" + r.version + "/" + name) },
	})
	return execute(t, page, data)
}

// FilePath is the file of a site path in a static copy: "/" is index.html,
// "/clauses/x" is clauses/x/index.html. A query or fragment is kept.
func FilePath(p string) string {
	rest := ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, rest = p[:i], p[i:]
	}
	if strings.HasPrefix(p, "/static/") {
		return strings.TrimPrefix(p, "/") + rest
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return "index.html" + rest
	}
	return p + "/index.html" + rest
}

// relativeFile is the link from the page at site path from to the site
// path to, in a static copy.
func relativeFile(from, to string) string {
	if strings.HasPrefix(to, "#") {
		return to
	}
	depth := strings.Count(strings.TrimSuffix(FilePath(from), "index.html"), "/")
	return strings.Repeat("../", depth) + FilePath(to)
}

func execute(t *template.Template, page string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// URL returns the address of a site path under the base path.
func (r *Renderer) URL(p string) string { return r.cfg.BasePath + p }

func (r *Renderer) funcs() template.FuncMap {
	t := r.corpus.Taxonomy
	// « rôle, thème, type de document ou nature »: what the search filters
	// by, from the taxonomy's facets.
	var labels []string
	for _, f := range t.Facets() {
		labels = append(labels, f.Label)
	}
	facets := strings.Join(labels, ", ")
	if n := len(labels); n > 1 {
		facets = strings.Join(labels[:n-1], ", ") + " ou " + labels[n-1]
	}
	return template.FuncMap{
		"facets":   func() string { return facets },
		"url":      r.URL,
		"asset":    func(name string) string { return r.URL("/static/" + r.version + "/" + name) },
		"kind":     t.Kinds.Label,
		"role":     t.Roles.Label,
		"theme":    t.Themes.Label,
		"nature":   t.Natures.Label,
		"stance":   t.Stances.Label,
		"verdict":  t.Verdicts.Label,
		"audience": t.Audiences.Label,
		"date":     kb.FrenchDate,
		// A static copy has no server to send headers: its policy is a tag.
		"cspMeta": func() template.HTML {
			if !r.cfg.Files {
				return ""
			}
			return `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' file: data:; connect-src 'self'; form-action 'self' file:; base-uri 'none'">`
		},
		"plural": kb.Plural,
	}
}

// assetVersion hashes the assets, so their URLs change when they do and can
// be cached for a long time.
func assetVersion(fsys fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasPrefix(p, "css/") || strings.HasPrefix(p, "js/")) {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path.Clean(n), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
