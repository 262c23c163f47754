// Package export writes the whole site as static files, for an intranet
// that cannot run a server: every page of the web app, rendered by the same
// templates (package render), with links relative to each page so that the
// copy works under any path and opened from disk.
//
// The copy is deterministic (the same content gives the same bytes) and
// never half-written: it is written completely beside the target, then
// swapped in (two renames: the old copy aside, the new one in).
package export

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"github.com/reperes-ia/reperes/internal/artifact"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
)

// marker names an export directory, so that Write never replaces anything
// else.
const marker = ".reperes-export"

// Config says what to export and where.
type Config struct {
	Out string
	// Static holds templates, css and js (static.FS).
	Static fs.FS
	// BaseURL is the public address of the copy, for citation links.
	BaseURL string
	// Contact is how readers report an accessibility problem, shown on
	// the accessibility statement.
	Contact string
}

// Stats describes an export.
type Stats struct {
	Pages int
	Files int
	Bytes int64
	Took  time.Duration
	// SearchData is the size of the search data script, in bytes.
	SearchData int
	// SearchPayload is what the search page loads before its first
	// results (the page, its styles and scripts, the data), in bytes, raw
	// and gzipped as a web server would send it.
	SearchPayload, SearchPayloadGzip int
}

// Write exports corpus c: it writes the whole site in a temporary
// directory beside cfg.Out, then puts it in place (artifact.Replace: in one
// step where the system allows it), so that a reader of cfg.Out never sees
// half a site, and a failed export leaves the previous one untouched.
func Write(c *kb.Corpus, cfg Config) (Stats, error) {
	start := time.Now()
	r, err := render.New(cfg.Static, c, render.Config{BaseURL: cfg.BaseURL, Files: true, Contact: cfg.Contact})
	if err != nil {
		return Stats{}, err
	}
	out := filepath.Clean(cfg.Out)
	if err := artifact.CheckReplaceable(out, marker, "export"); err != nil {
		return Stats{}, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".export-")
	if err != nil {
		return Stats{}, err
	}
	defer os.RemoveAll(tmp) // a no-op once in place

	s := &site{dir: tmp, c: c, r: r, cfg: cfg, written: make(map[string][]byte)}
	search, err := s.searchScripts()
	if err != nil {
		return s.st, err
	}
	for _, step := range []func() error{
		func() error { return s.pages(search) },
		s.moved,
		s.dossier,
		s.assets,
		func() error { return s.payload(search) },
		func() error { return os.WriteFile(filepath.Join(tmp, marker), nil, 0o644) },
		func() error { return artifact.Replace(tmp, out) },
	} {
		if err := step(); err != nil {
			return s.st, err
		}
	}
	s.st.Took = time.Since(start)
	return s.st, nil
}

// site is an export being written.
type site struct {
	dir     string // the temporary directory
	c       *kb.Corpus
	r       *render.Renderer
	cfg     Config
	written map[string][]byte // by path relative to dir, slash-separated
	st      Stats
}

// write writes a file of the site.
func (s *site) write(rel string, b []byte) error {
	s.written[rel] = b
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	s.st.Files++
	s.st.Bytes += int64(len(b))
	return os.WriteFile(p, b, 0o644)
}

// page renders the page of the site's route at with template name.
func (s *site) page(at, name string, data any) error {
	b, err := s.r.RenderAt(at, name, data)
	if err != nil {
		return fmt.Errorf("%s: %w", at, err)
	}
	s.st.Pages++
	return s.write(render.FilePath(at), b)
}

// searchScripts writes the search pages' data and returns the scripts
// they load, in order: the data, the engine and its interface. The
// glossary's definitions and the answers' texts are read only when a query
// names a term or gets an answer: scripts of their own, loaded then, keep
// them out of the page's first load.
func (s *site) searchScripts() ([]string, error) {
	data, err := NewSearchData(s.c, s.r)
	if err != nil {
		return nil, err
	}
	for _, side := range []struct {
		make func(*kb.Corpus) (string, []byte, error)
		set  *string
	}{{GlossaryScript, &data.Glossary}, {AnswersScript, &data.Answers}} {
		name, script, err := side.make(s.c)
		if err != nil {
			return nil, err
		}
		if err := s.write("static/"+name, script); err != nil {
			return nil, err
		}
		*side.set = "static/" + name
	}
	name, script, err := data.Script()
	if err != nil {
		return nil, err
	}
	if err := s.write("static/"+name, script); err != nil {
		return nil, err
	}
	s.st.SearchData = len(script)
	scripts := []string{"/static/" + name}
	for _, js := range []string{"moteur.js", "recherche.js"} {
		scripts = append(scripts, "/static/"+s.r.AssetVersion()+"/js/"+js)
	}
	return scripts, nil
}

// pages writes every page of the site but the dossier's.
func (s *site) pages(search []string) error {
	c, r := s.c, s.r
	type route struct {
		at, template string
		data         func() (any, error)
	}
	static := func(v any) func() (any, error) { return func() (any, error) { return v, nil } }
	routes := []route{
		{"/", "search", static(r.StaticSearch(true, search...))},
		{"/recherche", "search", static(r.StaticSearch(false, search...))},
		{"/questions", "questions", static(r.Questions())},
		{kb.GlossaryPath(""), "glossary", static(r.Glossary())},
		{"/a-propos", "about", static(r.About())},
		{"/accessibilite", "accessibilite", static(r.Accessibility())},
		{"/positions", "positions", static(r.Positions())},
	}
	for _, cl := range c.Clauses() {
		routes = append(routes, route{kb.ClausePath(cl.ID), "clause", static(r.Clause(cl))})
	}
	for _, what := range []string{"roles", "themes", "documents"} {
		routes = append(routes, route{"/" + what, "list", static(r.Index(what))})
	}
	for _, id := range c.Taxonomy.Roles.IDs() {
		routes = append(routes, route{"/roles/" + id, "role", func() (any, error) { return r.Role(id) }})
	}
	for _, id := range c.Taxonomy.Themes.IDs() {
		routes = append(routes, route{"/themes/" + id, "list", func() (any, error) { return r.Theme(id) }})
	}
	for _, q := range c.Questions {
		routes = append(routes, route{kb.QuestionPath(q.ID), "question", func() (any, error) { return r.Question(q.ID) }})
	}
	for _, d := range c.Documents {
		routes = append(routes, route{"/documents/" + d.ID, "document", func() (any, error) { return r.Document(d.ID) }})
	}
	for _, rt := range routes {
		data, err := rt.data()
		if err == nil {
			err = s.page(rt.at, rt.template, data)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// moved writes, at the address of each former question merged into
// another (kb.Question.Replaces), a page that leads to the new one: a
// static host cannot redirect, so the page does (and says where, for a
// browser that does not follow the refresh).
func (s *site) moved() error {
	for _, q := range s.c.Questions {
		to := html.EscapeString("../" + url.PathEscape(q.ID) + "/index.html")
		for _, old := range q.Replaces {
			page := fmt.Sprintf(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url=%[1]s">
<link rel="canonical" href="%[1]s">
<title>Question déplacée — Repères IA</title>
</head>
<body>
<main>
<h1>Question déplacée</h1>
<p>Cette question a été réunie avec une autre, qui porte la même règle : <a href="%[1]s">%[2]s</a></p>
</main>
</body>
</html>
`, to, html.EscapeString(q.Question))
			if err := s.write(render.FilePath(kb.QuestionPath(old)), []byte(page)); err != nil {
				return err
			}
		}
	}
	return nil
}

// dossier writes the dossier page, which the browser builds from its
// address and its own data.
func (s *site) dossier() error {
	name, script, err := DossierScript(s.c, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	if err := s.write("static/"+name, script); err != nil {
		return err
	}
	return s.page("/dossier", "dossier", s.r.StaticDossier("/static/"+name, "/static/"+s.r.AssetVersion()+"/js/dossier.js"))
}

// assets writes the stylesheets and scripts under the same versioned path
// as on the server, minified: the copy is read over an intranet, often
// from a slow share, and the search page's payload has a budget (the
// browser tests run on these very files).
func (s *site) assets() error {
	return fs.WalkDir(s.cfg.Static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasPrefix(p, "css/") || strings.HasPrefix(p, "js/")) {
			return err
		}
		b, err := fs.ReadFile(s.cfg.Static, p)
		if err != nil {
			return err
		}
		if b, err = minifyAsset(p, b); err != nil {
			return fmt.Errorf("export: minifying %s: %w", p, err)
		}
		return s.write("static/"+s.r.AssetVersion()+"/"+p, b)
	})
}

// payload measures what the search page loads before its first results:
// the page, its stylesheet and scripts.
func (s *site) payload(search []string) error {
	v := s.r.AssetVersion()
	for _, p := range append([]string{"/recherche", "/static/" + v + "/css/site.css", "/static/" + v + "/js/site.js"}, search...) {
		rel := render.FilePath(p)
		b, ok := s.written[rel]
		if !ok {
			return fmt.Errorf("export: the search page needs %s, which was not written", rel)
		}
		s.st.SearchPayload += len(b)
		s.st.SearchPayloadGzip += gzipSize(b)
	}
	return nil
}

// gzipSize is the size of b compressed as web servers do by default.
func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// minifyAsset minifies a stylesheet or a script by its extension; other
// files are returned as they are.
func minifyAsset(name string, b []byte) ([]byte, error) {
	var out bytes.Buffer
	var err error
	switch path.Ext(name) {
	case ".js":
		err = js.Minify(minifier, &out, bytes.NewReader(b), nil)
	case ".css":
		err = css.Minify(minifier, &out, bytes.NewReader(b), nil)
	default:
		return b, nil
	}
	return out.Bytes(), err
}

var minifier = minify.New()
