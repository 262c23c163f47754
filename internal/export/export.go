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
	"io/fs"
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

// Write exports corpus c.
func Write(c *kb.Corpus, cfg Config) (Stats, error) {
	start := time.Now()
	var st Stats
	r, err := render.New(cfg.Static, c, render.Config{BaseURL: cfg.BaseURL, Files: true, Contact: cfg.Contact})
	if err != nil {
		return st, err
	}
	out := filepath.Clean(cfg.Out)
	if err := artifact.CheckReplaceable(out, marker, "export"); err != nil {
		return st, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".export-")
	if err != nil {
		return st, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed

	written := make(map[string][]byte)
	write := func(rel string, b []byte) error {
		written[rel] = b
		p := filepath.Join(tmp, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		st.Files++
		st.Bytes += int64(len(b))
		return os.WriteFile(p, b, 0o644)
	}
	page := func(at, name string, data any) error {
		b, err := r.RenderAt(at, name, data)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		st.Pages++
		return write(render.FilePath(at), b)
	}

	// The search pages load the data, the engine and its interface.
	data, err := NewSearchData(c, r)
	if err != nil {
		return st, err
	}
	// The glossary's definitions and the answers' texts are read only when
	// a query names a term or gets an answer: scripts of their own, loaded
	// then, keep them out of the page's first load.
	gname, gscript, err := GlossaryScript(c)
	if err != nil {
		return st, err
	}
	if err := write("static/"+gname, gscript); err != nil {
		return st, err
	}
	data.Glossary = "static/" + gname
	aname, ascript, err := AnswersScript(c)
	if err != nil {
		return st, err
	}
	if err := write("static/"+aname, ascript); err != nil {
		return st, err
	}
	data.Answers = "static/" + aname
	name, script, err := data.Script()
	if err != nil {
		return st, err
	}
	if err := write("static/"+name, script); err != nil {
		return st, err
	}
	st.SearchData = len(script)
	scripts := []string{"/static/" + name}
	for _, js := range []string{"moteur.js", "recherche.js"} {
		scripts = append(scripts, "/static/"+r.AssetVersion()+"/js/"+js)
	}
	if err := page("/", "search", r.StaticSearch(true, scripts...)); err != nil {
		return st, err
	}
	if err := page("/recherche", "search", r.StaticSearch(false, scripts...)); err != nil {
		return st, err
	}
	for _, cl := range c.Clauses() {
		if err := page(kb.ClausePath(cl.ID), "clause", r.Clause(cl)); err != nil {
			return st, err
		}
	}
	for _, what := range []string{"roles", "themes", "documents"} {
		if err := page("/"+what, "list", r.Index(what)); err != nil {
			return st, err
		}
	}
	for _, id := range c.Taxonomy.Roles.IDs() {
		rp, err := r.Role(id)
		if err == nil {
			err = page("/roles/"+id, "role", rp)
		}
		if err != nil {
			return st, err
		}
	}
	for _, id := range c.Taxonomy.Themes.IDs() {
		lp, err := r.Theme(id)
		if err == nil {
			err = page("/themes/"+id, "list", lp)
		}
		if err != nil {
			return st, err
		}
	}
	for _, q := range c.Questions {
		qp, err := r.Question(q.ID)
		if err == nil {
			err = page(kb.QuestionPath(q.ID), "question", qp)
		}
		if err != nil {
			return st, err
		}
	}
	if err := page("/questions", "questions", r.Questions()); err != nil {
		return st, err
	}
	if err := page(kb.GlossaryPath(""), "glossary", r.Glossary()); err != nil {
		return st, err
	}
	for _, d := range c.Documents {
		dp, err := r.Document(d.ID)
		if err == nil {
			err = page("/documents/"+d.ID, "document", dp)
		}
		if err != nil {
			return st, err
		}
	}
	if err := page("/a-propos", "about", r.About()); err != nil {
		return st, err
	}
	if err := page("/accessibilite", "accessibilite", r.Accessibility()); err != nil {
		return st, err
	}
	if err := page("/positions", "positions", r.Positions()); err != nil {
		return st, err
	}
	// The dossier: built in the browser from its address and its own data.
	dname, dscript, err := DossierScript(c, cfg.BaseURL)
	if err != nil {
		return st, err
	}
	if err := write("static/"+dname, dscript); err != nil {
		return st, err
	}
	if err := page("/dossier", "dossier", r.StaticDossier("/static/"+dname, "/static/"+r.AssetVersion()+"/js/dossier.js")); err != nil {
		return st, err
	}
	// Assets, under the same versioned path as on the server, minified:
	// the copy is read over an intranet, often from a slow share, and the
	// search page's payload has a budget (the browser tests run on these
	// very files).
	err = fs.WalkDir(cfg.Static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasPrefix(p, "css/") || strings.HasPrefix(p, "js/")) {
			return err
		}
		b, err := fs.ReadFile(cfg.Static, p)
		if err != nil {
			return err
		}
		if b, err = minifyAsset(p, b); err != nil {
			return fmt.Errorf("export: minifying %s: %w", p, err)
		}
		return write("static/"+r.AssetVersion()+"/"+p, b)
	})
	if err != nil {
		return st, err
	}
	// The search page's payload: the page, its stylesheet and scripts.
	payload := []string{"/recherche", "/static/" + r.AssetVersion() + "/css/site.css", "/static/" + r.AssetVersion() + "/js/site.js"}
	for _, p := range append(payload, scripts...) {
		rel := render.FilePath(p)
		b, ok := written[rel]
		if !ok {
			return st, fmt.Errorf("export: the search page needs %s, which was not written", rel)
		}
		st.SearchPayload += len(b)
		st.SearchPayloadGzip += gzipSize(b)
	}
	if err := os.WriteFile(filepath.Join(tmp, marker), nil, 0o644); err != nil {
		return st, err
	}

	// Swap: move the old copy aside, the new one in, then delete the old.
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return st, err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return st, err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	st.Took = time.Since(start)
	return st, nil
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
