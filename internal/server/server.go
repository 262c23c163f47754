// Package server serves Repères IA over HTTP: the JSON API of the product
// brief, and the French web pages rendered by package render.
//
// Handlers return errors; one function turns them into statuses (not found
// 404, invalid query 400, anything else a logged 500 with a generic
// message), as JSON under /api and as a page elsewhere.
package server

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/reperes-ia/reperes/internal/api"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
)

// Searcher is what the server needs of the search engine.
type Searcher interface {
	Search(ctx context.Context, q kb.Query) (*kb.Results, error)
	Corpus() *kb.Corpus
}

// Config is the server's configuration.
type Config struct {
	// Addr is the address to listen on, host:port; port 0 picks one.
	Addr string
	// BasePath serves the site under a path prefix ("/intranet/ia").
	BasePath string
	// BaseURL is the public address of the site, for citations.
	BaseURL string
	// Contact is how readers report an accessibility problem (an e-mail
	// or a web address), shown on the accessibility statement.
	Contact string
	// TrustedProxies are the proxies whose X-Forwarded-For is believed.
	// None by default: the client address is the connection's.
	TrustedProxies []string
	// Static holds templates, css, js and openapi.json (static.FS).
	Static fs.FS
	// Log receives the access log and errors; nil discards them.
	Log *slog.Logger
	// ReadHeaderTimeout bounds how long a client may take to send its
	// request headers (slow clients hold a connection); 0 means 5 s.
	ReadHeaderTimeout time.Duration
}

// Limits on requests.
const (
	maxQueryString = 4 << 10 // bytes of URL query
	maxHeaderBytes = 16 << 10
	searchTimeout  = 3 * time.Second
)

// Server is the HTTP server.
type Server struct {
	cfg      Config
	searcher Searcher
	// slots admits as many searches at once as there are processors.
	// Searches are CPU-bound: run together, 32 of them on 2 cores would
	// each take 16 times longer, and the slowest would stretch the most.
	// Waiting in line instead keeps latency close to the search's own
	// time, and bounds the work in flight when the server is overloaded.
	slots   chan struct{}
	corpus  *kb.Corpus
	render  *render.Renderer
	engine  *gin.Engine
	openapi []byte
	log     *slog.Logger
	// positions is the positions map: the corpus never changes while the
	// server runs, so it is built once.
	positions render.PositionsPage
}

// New builds the server: it parses the templates and sets up the routes.
func New(s Searcher, cfg Config) (*Server, error) {
	cfg.BasePath = strings.TrimRight(cfg.BasePath, "/")
	if cfg.BasePath != "" && !strings.HasPrefix(cfg.BasePath, "/") {
		return nil, fmt.Errorf("base path %q must start with /", cfg.BasePath)
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	r, err := render.New(cfg.Static, s.Corpus(), render.Config{BasePath: cfg.BasePath, BaseURL: cfg.BaseURL, Contact: cfg.Contact})
	if err != nil {
		return nil, err
	}
	openapi, err := fs.ReadFile(cfg.Static, "openapi.json")
	if err != nil {
		return nil, err
	}
	if openapi, err = describeFacets(openapi, s.Corpus().Taxonomy.Facets()); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	srv := &Server{cfg: cfg, searcher: s, corpus: s.Corpus(), render: r, openapi: openapi, log: log,
		slots: make(chan struct{}, runtime.GOMAXPROCS(0)), positions: r.Positions()}
	if err := srv.routes(); err != nil {
		return nil, err
	}
	return srv, nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine.Handler() }

// Serve listens on cfg.Addr and serves until ctx is done, then shuts down
// gracefully: requests in flight finish. ready, if not nil, receives the
// address listened on.
func (s *Server) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: cmp.Or(s.cfg.ReadHeaderTimeout, 5*time.Second),
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// routes sets up the engine. gin's mode is global (it decides whether gin
// prints its debug log): the program sets it (see cli's serve), not this
// library.
func (s *Server) routes() error {
	e := gin.New()
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return err
	}
	e.RedirectTrailingSlash = false
	e.Use(s.recovery(), requestID(), s.accessLog(), securityHeaders())
	g := e.Group(s.cfg.BasePath + "/")

	g.GET("/healthz", func(c *gin.Context) { s.json(c, http.StatusOK, map[string]string{"status": "ok"}) })
	g.GET("/api/search", s.route(s.apiSearch))
	g.GET("/api/clauses/:id", s.route(s.apiClause))
	g.GET("/api/questions/:id", s.route(s.moved(s.apiQuestion)))
	g.GET("/api/glossaire", func(c *gin.Context) { s.json(c, http.StatusOK, api.NewGlossaryBody(s.corpus)) })
	g.GET("/api/openapi.json", func(c *gin.Context) {
		c.Data(http.StatusOK, "application/json; charset=utf-8", s.openapi)
	})

	g.GET("/", s.route(s.searchPage(true)))
	g.GET("/recherche", s.route(s.searchPage(false)))
	g.GET("/clauses/:id", s.route(s.clausePage))
	g.GET("/roles", s.route(s.indexPage("roles")))
	g.GET("/roles/:id", s.route(byID(s, s.render.Role, "role")))
	g.GET("/themes", s.route(s.indexPage("themes")))
	g.GET("/themes/:id", s.route(byID(s, s.render.Theme, "list")))
	g.GET("/documents", s.route(s.indexPage("documents")))
	g.GET("/documents/:id", s.route(byID(s, s.render.Document, "document")))
	g.GET("/questions", s.route(func(c *gin.Context) error { return s.html(c, http.StatusOK, "questions", s.render.Questions()) }))
	g.GET("/questions/:id", s.route(s.moved(byID(s, s.render.Question, "question"))))
	g.GET("/glossaire", s.route(func(c *gin.Context) error { return s.html(c, http.StatusOK, "glossary", s.render.Glossary()) }))
	g.GET("/a-propos", s.route(func(c *gin.Context) error { return s.html(c, http.StatusOK, "about", s.render.About()) }))
	g.GET("/positions", s.route(func(c *gin.Context) error { return s.html(c, http.StatusOK, "positions", s.positions) }))
	g.GET("/dossier", s.route(s.dossierPage))
	g.GET("/dossier.md", s.route(s.dossierFile))
	g.GET("/accessibilite", s.route(func(c *gin.Context) error {
		return s.html(c, http.StatusOK, "accessibilite", s.render.Accessibility())
	}))
	g.GET("/static/:version/*file", s.asset)

	e.NoRoute(func(c *gin.Context) { s.fail(c, notFound("Cette page n'existe pas.")) })
	s.engine = e
	return nil
}

// userError is an error meant for the person who made the request: its
// message is French and shows no internals; status is its HTTP status.
type userError struct {
	status int
	msg    string
}

func (e *userError) Error() string { return e.msg }

func notFound(format string, args ...any) error {
	return &userError{http.StatusNotFound, fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return &userError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// errBusy: the search could not start before its deadline.
var errBusy = errors.New("busy")

// inSlot runs work (a search and the rendering of its answer) when a slot
// is free; it fails with errBusy if none frees up within searchTimeout.
func (s *Server) inSlot(ctx context.Context, work func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("%w: %v", errBusy, ctx.Err())
	}
	defer func() { <-s.slots }()
	return work(ctx)
}

// handler is a request handler that returns its error.
type handler func(c *gin.Context) error

// route wraps a handler: its error goes to fail.
func (s *Server) route(h handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.fail(c, err)
		}
	}
}

// isAPI reports whether a request is for the JSON API: its errors are
// JSON too. This is the one place that decides.
func (s *Server) isAPI(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, s.cfg.BasePath+"/api/")
}

// notFoundMessages phrase, for each kind of thing looked up, the message
// of its 404 (see kb.NotFoundError).
var notFoundMessages = map[string]string{
	"clause":   "Aucune clause n'a l'identifiant « %s ».",
	"document": "Aucun document n'a l'identifiant « %s ».",
	"question": "Aucune question n'a l'identifiant « %s ».",
	"role":     "Aucun rôle « %s » (voir la liste des rôles).",
	"theme":    "Aucun thème « %s » (voir la liste des thèmes).",
}

// fail is the one place where errors become statuses: a user error keeps
// its own, a lookup that found nothing is a 404, a query the corpus
// refuses a 400, a search that could not start a 503, anything else a 500
// (logged, never shown). The body is JSON for the API, a page otherwise.
func (s *Server) fail(c *gin.Context, err error) {
	status, msg := http.StatusInternalServerError, "Erreur interne : réessayez plus tard."
	var ue *userError
	var nf *kb.NotFoundError
	var qe *kb.QueryError
	switch {
	case errors.As(err, &ue):
		status, msg = ue.status, ue.msg
	case errors.As(err, &nf):
		status, msg = http.StatusNotFound, "Cette page n'existe pas."
		if format, ok := notFoundMessages[nf.What]; ok {
			msg = fmt.Sprintf(format, nf.ID)
		}
	case errors.As(err, &qe):
		status, msg = http.StatusBadRequest, qe.Error()
	case errors.Is(err, errBusy):
		status, msg = http.StatusServiceUnavailable, "Le service est surchargé : réessayez dans un instant."
		c.Header("Retry-After", "1")
	default:
		s.log.Error("request failed", "path", c.Request.URL.Path, "request_id", c.GetString(requestIDKey), "err", err)
	}
	if s.isAPI(c) {
		s.json(c, status, api.ErrorBody{Error: msg})
		return
	}
	b, rerr := s.render.Render("error", render.ErrorPage{Page: render.Page{Title: http.StatusText(status)}, Status: status, Message: msg})
	if rerr != nil {
		s.log.Error("error page failed", "err", rerr)
		c.Data(status, "text/plain; charset=utf-8", []byte(msg))
		return
	}
	c.Data(status, "text/html; charset=utf-8", b)
}

func (s *Server) json(c *gin.Context, status int, body any) {
	var buf bytes.Buffer
	if err := api.Write(&buf, body); err != nil {
		s.log.Error("json", "err", err)
		c.Data(http.StatusInternalServerError, "application/json; charset=utf-8", []byte(`{"error":"Erreur interne."}`))
		return
	}
	c.Data(status, "application/json; charset=utf-8", buf.Bytes())
}

func (s *Server) html(c *gin.Context, status int, name string, data any) error {
	b, err := s.render.Render(name, data)
	if err != nil {
		return err
	}
	c.Data(status, "text/html; charset=utf-8", b)
	return nil
}

// params reads the search parameters of a request: a filter is a
// parameter named after a facet, and may repeat.
func (s *Server) params(c *gin.Context) (kb.QueryParams, error) {
	if len(c.Request.URL.RawQuery) > maxQueryString {
		return kb.QueryParams{}, badRequest("Adresse trop longue (%d octets au plus).", maxQueryString)
	}
	v, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		return kb.QueryParams{}, badRequest("Paramètres mal formés dans l'adresse.")
	}
	p := kb.QueryParams{Q: v.Get("q"), Document: v.Get("document"), Page: v.Get("page"), Size: v.Get("size")}
	for _, f := range s.corpus.Taxonomy.Facets() {
		if vals, ok := v[f.Name]; ok {
			if p.Filters == nil {
				p.Filters = make(kb.Filters)
			}
			p.Filters[f.Name] = vals
		}
	}
	return p, nil
}

// search reads a search request, runs it when a slot is free, and hands
// the results to show: the API and the search page run the same search and
// differ only in how they show it.
func (s *Server) search(c *gin.Context, show func(p kb.QueryParams, q kb.Query, res *kb.Results) error) error {
	p, err := s.params(c)
	if err != nil {
		return err
	}
	q, err := s.corpus.ParseQuery(p)
	if err != nil {
		return err
	}
	return s.inSlot(c.Request.Context(), func(ctx context.Context) error {
		res, err := s.searcher.Search(ctx, q)
		if err != nil {
			return err
		}
		return show(p, q, res)
	})
}

func (s *Server) apiSearch(c *gin.Context) error {
	return s.search(c, func(_ kb.QueryParams, _ kb.Query, res *kb.Results) error {
		s.json(c, http.StatusOK, api.NewSearchBody(s.corpus, res))
		return nil
	})
}

func (s *Server) apiClause(c *gin.Context) error {
	cl, err := s.corpus.Clause(c.Param("id"))
	if err != nil {
		return err
	}
	s.json(c, http.StatusOK, api.NewClauseBody(s.corpus, cl, s.cfg.BaseURL))
	return nil
}

func (s *Server) searchPage(home bool) handler {
	return func(c *gin.Context) error {
		err := s.search(c, func(p kb.QueryParams, q kb.Query, res *kb.Results) error {
			return s.html(c, http.StatusOK, "search", s.render.Search(p, q, res, "", home))
		})
		var qe *kb.QueryError
		if errors.As(err, &qe) {
			// Show the form again with the reason, so it can be corrected.
			p, _ := s.params(c)
			q, _ := s.corpus.ParseQuery(p)
			return s.html(c, http.StatusBadRequest, "search", s.render.Search(p, q, nil, qe.Error(), home))
		}
		return err
	}
}

func (s *Server) clausePage(c *gin.Context) error {
	cl, err := s.corpus.Clause(c.Param("id"))
	if err != nil {
		return err
	}
	return s.html(c, http.StatusOK, "clause", s.render.Clause(cl))
}

// dossier reads a dossier's address: its ids (at most kb.MaxDossier) and
// whether comments are shown.
func (s *Server) dossier(c *gin.Context) (render.DossierPage, error) {
	if len(c.Request.URL.RawQuery) > maxQueryString {
		return render.DossierPage{}, badRequest("Adresse trop longue (%d octets au plus).", maxQueryString)
	}
	ids, err := kb.ParseDossierIDs(c.QueryArray("ids"))
	if err != nil {
		return render.DossierPage{}, badRequest("Un dossier compte au plus %d clauses : retirez-en quelques-unes de l'adresse.", kb.MaxDossier)
	}
	comments := c.Query("commentaires")
	return s.render.Dossier(ids, comments != "" && comments != "0"), nil
}

func (s *Server) dossierPage(c *gin.Context) error {
	p, err := s.dossier(c)
	if err != nil {
		return err
	}
	return s.html(c, http.StatusOK, "dossier", p)
}

// dossierFile is the dossier as a Markdown file to download.
func (s *Server) dossierFile(c *gin.Context) error {
	p, err := s.dossier(c)
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="dossier-reperes-ia.md"`)
	c.Data(http.StatusOK, "text/markdown; charset=utf-8", []byte(p.Markdown))
	return nil
}

// moved serves a question's address with next, unless its id is that of a
// former question merged into another (kb.Question.Replaces): then it
// redirects, permanently, to the same address with the new id and the same
// query string. The Location is relative (« ./id »), so that it holds under
// any path a proxy publishes the site at; browsers keep it a day, not for
// ever, in case a merge is undone.
func (s *Server) moved(next handler) handler {
	return func(c *gin.Context) error {
		if q, ok := s.corpus.ReplacedBy(c.Param("id")); ok {
			to := "./" + url.PathEscape(q.ID)
			if raw := c.Request.URL.RawQuery; raw != "" {
				to += "?" + raw
			}
			c.Header("Location", to)
			c.Header("Cache-Control", "public, max-age=86400")
			c.Status(http.StatusMovedPermanently)
			return nil
		}
		return next(c)
	}
}

func (s *Server) apiQuestion(c *gin.Context) error {
	q, err := s.corpus.QuestionByID(c.Param("id"))
	if err != nil {
		return err
	}
	s.json(c, http.StatusOK, api.NewQuestionBody(s.corpus, q))
	return nil
}

// byID serves the page that build makes of the path's id with the
// template tmpl; build's error (an unknown id) is the response's.
func byID[P any](s *Server, build func(id string) (P, error), tmpl string) handler {
	return func(c *gin.Context) error {
		page, err := build(c.Param("id"))
		if err != nil {
			return err
		}
		return s.html(c, http.StatusOK, tmpl, page)
	}
}

func (s *Server) indexPage(what string) handler {
	return func(c *gin.Context) error { return s.html(c, http.StatusOK, "list", s.render.Index(what)) }
}

// asset serves css/ and js/ files. Their URL carries the assets' version,
// so they can be cached for a year; a stale version is a 404.
func (s *Server) asset(c *gin.Context) {
	file := strings.TrimPrefix(c.Param("file"), "/")
	if c.Param("version") != s.render.AssetVersion() || !(strings.HasPrefix(file, "css/") || strings.HasPrefix(file, "js/")) || !fs.ValidPath(file) {
		s.fail(c, notFound("Cette ressource n'existe pas."))
		return
	}
	b, err := fs.ReadFile(s.cfg.Static, file)
	if err != nil {
		s.fail(c, notFound("Cette ressource n'existe pas."))
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, mime.TypeByExtension(path.Ext(file)), b)
}

// Middleware.

const requestIDKey = "request_id"

// requestID gives each request an id, kept from the client if it sent a
// sensible one, and returns it in X-Request-Id.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-Id")
		if len(id) == 0 || len(id) > 64 || strings.ContainsFunc(id, func(r rune) bool {
			return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-')
		}) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		c.Header("X-Request-Id", id)
		c.Next()
	}
}

func (s *Server) accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		s.log.Info("request",
			"method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(),
			"bytes", c.Writer.Size(), "ms", float64(time.Since(start).Microseconds())/1000,
			"client", c.ClientIP(), "request_id", c.GetString(requestIDKey))
	}
}

// recovery turns a panic into a logged 500; it never shows the panic.
func (s *Server) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", c.Request.URL.Path, "request_id", c.GetString(requestIDKey), "panic", fmt.Sprint(v))
				if !c.Writer.Written() {
					s.fail(c, fmt.Errorf("panic: %v", v))
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

// securityHeaders are on every response. The pages use no inline script
// or style, and no outside resource.
func securityHeaders() gin.HandlerFunc {
	const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		c.Next()
	}
}
