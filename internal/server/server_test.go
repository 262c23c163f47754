package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// newServer serves the fixture corpus through a real in-memory index.
func newServer(t *testing.T, cfg server.Config) *httptest.Server {
	t.Helper()
	cfg.Static = static.FS
	s, err := server.New(search.New(testcorpus.Index(t)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, ts *httptest.Server, path string) response {
	t.Helper()
	req, err := http.NewRequest("GET", ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, b}
}

// page parses an HTML body.
func page(t *testing.T, r response) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// find returns the elements that match tag and, if set, attribute key=value
// (value "" means any value).
func find(n *html.Node, tag, key, value string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			if key == "" {
				out = append(out, n)
			} else if v, ok := attr(n, key); ok && (value == "" || v == value) {
				out = append(out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestPages(t *testing.T) {
	ts := newServer(t, server.Config{})
	tests := []struct {
		path  string
		check func(t *testing.T, doc *html.Node)
	}{
		{"/", func(t *testing.T, doc *html.Node) {
			if len(find(doc, "form", "role", "search")) != 1 || len(find(doc, "input", "id", "q")) != 1 {
				t.Error("no search form with #q")
			}
			if len(find(doc, "a", "href", "/roles/aesh")) == 0 {
				t.Error("no « Je suis… » link to /roles/aesh")
			}
		}},
		{"/recherche?q=fraude&role=enseignant", func(t *testing.T, doc *html.Node) {
			links := find(doc, "a", "href", "/clauses/c-fraude")
			if len(links) == 0 {
				t.Fatal("c-fraude not in the results")
			}
			boxes := find(doc, "input", "value", "enseignant")
			if len(boxes) != 1 {
				t.Fatal("no enseignant checkbox")
			}
			if _, checked := attr(boxes[0], "checked"); !checked {
				t.Error("the enseignant checkbox is not ticked")
			}
			if c := find(doc, "p", "id", "compte"); len(c) != 1 || !strings.Contains(text(c[0]), "résultat") {
				t.Error("no result count in #compte")
			} else if role, _ := attr(c[0], "role"); role != "status" {
				t.Error("the result count is not a live region")
			}
			if len(find(doc, "mark", "", "")) == 0 {
				t.Error("no highlighted match")
			}
		}},
		{"/recherche?q=zzzzzz&role=aesh", func(t *testing.T, doc *html.Node) {
			if !strings.Contains(text(doc), "Aucun résultat.") {
				t.Error("no « Aucun résultat »")
			}
			var found bool
			for _, a := range find(doc, "a", "href", "") {
				found = found || strings.Contains(text(a), "Retirer le filtre « AESH »")
			}
			if !found {
				t.Error("no suggestion to remove the AESH filter")
			}
			// Only the ticked facet keeps its box: no empty one.
			if fs := find(doc, "fieldset", "", ""); len(fs) != 1 || !strings.Contains(text(fs[0]), "AESH") {
				t.Errorf("%d filter boxes on a page without results, want only the ticked role's", len(fs))
			}
		}},
		{"/clauses/c-fraude", func(t *testing.T, doc *html.Node) {
			if h := find(doc, "h1", "", ""); len(h) != 1 || text(h[0]) != "Fraude" {
				t.Error("wrong h1")
			}
			if len(find(doc, "a", "href", "/clauses/s-critique-fraude")) == 0 {
				t.Error("« Ce qu'en disent » lacks the union clause that criticises it")
			}
			ta := find(doc, "textarea", "id", "citation-texte")
			if len(ta) != 1 || !strings.Contains(text(ta[0]), "Résumé non officiel") || !strings.Contains(text(ta[0]), "14 juin 2025") {
				t.Error("citation missing or incomplete")
			}
			if len(find(doc, "a", "href", "https://example.org/cadre")) == 0 {
				t.Error("no link to the official publication")
			}
		}},
		{"/clauses/s-critique-fraude", func(t *testing.T, doc *html.Node) {
			if len(find(doc, "a", "href", "/clauses/c-fraude")) == 0 {
				t.Error("a position does not link the framework clause it comments")
			}
		}},
		{"/roles/aesh", func(t *testing.T, doc *html.Node) {
			var h2s []string
			for _, h := range find(doc, "h2", "", "") {
				h2s = append(h2s, text(h))
			}
			want := []string{"Vos questions pratiques", "Les clauses qui visent votre métier", "Les règles pour tous les personnels", "Ce qu'en disent les syndicats et l'IE"}
			if !slices.Equal(h2s, want) {
				t.Errorf("role sheet sections %q, want %q", h2s, want)
			}
			var groups []string
			for _, h := range find(doc, "h3", "", "") {
				if len(h.Attr) == 0 {
					groups = append(groups, text(h))
				}
			}
			if len(groups) == 0 || groups[0] != "Obligations et interdictions" {
				t.Errorf("the rules for all staff do not start with obligations and interdictions")
			}
			if len(find(doc, "a", "href", "/questions/q-aesh-supports")) == 0 {
				t.Error("the AESH question pratique is missing")
			}
			if len(find(doc, "a", "href", "/clauses/c-intelligence")) == 0 {
				t.Error("the AESH clause is missing")
			}
			if len(find(doc, "a", "href", "/questions/q-fraude-devoir")) > 0 {
				t.Error("a teacher's question is on the AESH sheet")
			}
		}},
		{"/questions/q-fraude-devoir", func(t *testing.T, doc *html.Node) {
			if v := find(doc, "p", "class", "verdict verdict-non"); len(v) != 1 || text(v[0]) != "Non" {
				t.Error("no verdict « Non »")
			}
			for _, id := range []string{"c-fraude", "s-critique-fraude"} {
				if len(find(doc, "a", "href", "/clauses/"+id)) == 0 {
					t.Errorf("clause %s of the answer is not linked", id)
				}
			}
			if q := find(doc, "blockquote", "", ""); len(q) != 2 || !strings.Contains(text(q[0]), "Confier son devoir") {
				t.Error("the clauses are not quoted")
			}
		}},
		{"/questions", func(t *testing.T, doc *html.Node) {
			for _, id := range []string{"q-fraude-devoir", "q-aesh-supports"} {
				if len(find(doc, "a", "href", "/questions/"+id)) < 2 {
					t.Errorf("%s is not listed by role and by theme", id)
				}
			}
		}},
		{"/glossaire", func(t *testing.T, doc *html.Node) {
			if len(find(doc, "div", "id", "iag")) != 1 || len(find(doc, "a", "href", "/clauses/c-iag-titre")) == 0 {
				t.Error("the term IA générative has no anchor or no clause")
			}
			// Language of parts: the English aliases are marked, the French not.
			var english []string
			for _, n := range find(doc, "span", "lang", "en") {
				english = append(english, text(n))
			}
			if !slices.Contains(english, "GDPR") || !slices.Contains(english, "personal data") || slices.Contains(english, "données personnelles") {
				t.Errorf("spans marked English: %q", english)
			}
		}},
		{"/recherche?q=devoir+fait+par+une+ia", func(t *testing.T, doc *html.Node) {
			cards := find(doc, "article", "class", "carte-reponse")
			if len(cards) != 1 || len(find(cards[0], "a", "href", "/questions/q-fraude-devoir")) == 0 {
				t.Error("no answer card for the question asked")
			}
		}},
		{"/recherche?q=fiches+adaptees+eleve+dys", func(t *testing.T, doc *html.Node) {
			// Close to the AESH's question, not its answer: offered as a
			// lead, without a card.
			if len(find(doc, "article", "class", "carte-reponse")) != 0 {
				t.Error("an answer card for a question only close to the query")
			}
			near := find(doc, "div", "id", "proches")
			if len(near) != 1 || !strings.Contains(text(near[0]), "Questions proches") || len(find(near[0], "a", "href", "/questions/q-aesh-supports")) != 1 {
				t.Error("the question close to the query is not offered among the questions proches")
			}
		}},
		{"/recherche?q=RGPD", func(t *testing.T, doc *html.Node) {
			if cards := find(doc, "article", "class", "carte-terme"); len(cards) != 1 || !strings.Contains(text(cards[0]), "données personnelles") {
				t.Error("a query that is a glossary term does not show its definition")
			}
			if len(find(doc, "article", "class", "carte-reponse")) != 0 {
				t.Error("an answer card for a query that asks no question")
			}
		}},
		{"/themes/fraude", func(t *testing.T, doc *html.Node) {
			var count string
			for _, a := range find(doc, "article", "class", "ligne") {
				if len(find(a, "a", "href", "/clauses/c-fraude")) > 0 {
					count = text(a)
				}
			}
			if !strings.Contains(count, "1 commentaire syndical ou de l'IE") {
				t.Errorf("c-fraude line lacks its union comment count: %q", count)
			}
		}},
		{"/themes/rgpd", func(t *testing.T, doc *html.Node) {
			if len(find(doc, "a", "href", "/clauses/x-rgpd")) == 0 {
				t.Error("x-rgpd missing from the rgpd theme")
			}
		}},
		{"/documents/cadre", func(t *testing.T, doc *html.Node) {
			if len(find(doc, "section", "id", "c-fraude")) != 1 || len(find(doc, "h2", "id", "devoirs")) != 1 {
				t.Error("document page lacks the clause or section anchors")
			}
		}},
		{"/roles", nil}, {"/themes", nil}, {"/documents", nil}, {"/a-propos", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, ts, tt.path)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: status = %d, want 200", tt.path, r.status)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			doc := page(t, r)
			if h := find(doc, "html", "lang", "fr"); len(h) != 1 {
				t.Error("no lang=fr")
			}
			if len(find(doc, "main", "id", "contenu")) != 1 || len(find(doc, "a", "href", "#contenu")) != 1 {
				t.Error("no main landmark or skip link")
			}
			if len(find(doc, "script", "src", "")) != 1 || len(find(doc, "script", "", "")) != 1 {
				t.Error("inline script, or no script")
			}
			if tt.check != nil {
				tt.check(t, doc)
			}
		})
	}
}

func TestAPI(t *testing.T) {
	ts := newServer(t, server.Config{BaseURL: "https://r.example.org"})
	r := get(t, ts, "/api/search?q=gdpr&theme=donnees")
	if r.status != 200 || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("status %d, %s", r.status, r.header.Get("Content-Type"))
	}
	var body map[string]any
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, h := range body["hits"].([]any) {
		found = found || h.(map[string]any)["id"] == "x-rgpd"
	}
	if !found {
		t.Errorf("gdpr + theme alias: x-rgpd not found in %s", r.body)
	}
	r = get(t, ts, "/api/clauses/c-fraude")
	if r.status != 200 || !strings.Contains(string(r.body), `"url":"https://r.example.org/clauses/c-fraude"`) {
		t.Errorf("clause: %d %s", r.status, r.body)
	}
	if r := get(t, ts, "/healthz"); r.status != 200 || strings.TrimSpace(string(r.body)) != `{"status":"ok"}` {
		t.Errorf("healthz: %d %s", r.status, r.body)
	}
}

// TestBadInput: every bad request gets a 4xx with a message in the
// contract's shape, or a safely escaped page; never a 500.
func TestBadInput(t *testing.T) {
	ts := newServer(t, server.Config{})
	long := strings.Repeat("é", kb.MaxQueryRunes+1)
	tests := []struct {
		path   string
		status int
		want   string // in the body
	}{
		{"/api/search?q=" + url.QueryEscape(long), 400, "trop longue"},
		{"/api/search?q=%ff%fe", 400, "UTF-8"},
		{"/api/search?q=a%00b", 400, "contrôle"},
		{"/api/search?role=astronaute", 400, "valeurs possibles : enseignant, cpe"},
		{"/api/search?theme=%ff", 400, "thème inconnu"},
		{"/api/search?size=0", 400, "size doit"},
		{"/api/search?size=1000", 400, "size doit"},
		{"/api/search?page=-1", 400, "page doit"},
		{"/api/search?page=abc", 400, "page doit"},
		{"/api/search?page=500&size=50", 400, "trop lointaine"},
		{"/api/search?q=%zz", 400, "Paramètres mal formés"},
		{"/api/search?" + strings.Repeat("role=aesh&", 41), 400, "trop de filtres"},
		{"/api/search?q=" + strings.Repeat("a", 5000), 400, "Adresse trop longue"},
		{"/api/clauses/inconnue", 404, "Aucune clause n'a l'identifiant « inconnue »"},
		{"/api/clauses/..%2f..%2fgo.mod", 404, "error"},
		{"/api/nope", 404, `"error"`},
		{"/clauses/..%2F..%2Fetc%2Fpasswd", 404, "Page introuvable"},
		{"/static/x/css/site.css", 404, "introuvable"},
		{"/roles/astronaute", 404, "Aucun rôle « astronaute »"},
		{"/documents/nope", 404, "Aucun document n&#39;a l&#39;identifiant « nope »"},
		{"/themes/nope", 404, "Aucun thème « nope »"},
		{"/questions/nope", 404, "Aucune question n&#39;a l&#39;identifiant « nope »"},
		{"/api/questions/nope", 404, `{"error":"Aucune question n'a l'identifiant « nope »."}`},
		{"/clauses/nope", 404, "Aucune clause n&#39;a l&#39;identifiant « nope »"},
		{"/recherche?size=1000", 400, "size doit"},
		{"/recherche?q=" + url.QueryEscape(`<script>alert("x")</script>`), 200, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"},
		{"/recherche?role=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`), 400, "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"},
		{"/n-importe-quoi", 404, "Page introuvable"},
	}
	for _, tt := range tests {
		t.Run(tt.path[:min(len(tt.path), 60)], func(t *testing.T) {
			r := get(t, ts, tt.path)
			if r.status != tt.status {
				t.Fatalf("GET %s: status = %d, want %d\n%s", tt.path[:min(len(tt.path), 80)], r.status, tt.status, r.body)
			}
			if !strings.Contains(string(r.body), tt.want) {
				t.Errorf("body lacks %q:\n%.400s", tt.want, r.body)
			}
			if strings.HasPrefix(tt.path, "/api/") {
				var e map[string]any
				if err := json.Unmarshal(r.body, &e); err != nil || e["error"] == nil || len(e) != 1 {
					t.Errorf("not a {\"error\": …} body: %s", r.body)
				}
			}
			if strings.Contains(string(r.body), "<script>alert") || strings.Contains(string(r.body), "<img src=x") {
				t.Error("payload reflected unescaped")
			}
		})
	}
	// A body on a GET is ignored.
	req, _ := http.NewRequest("GET", ts.URL+"/api/search?q=fraude", strings.NewReader(strings.Repeat("x", 1<<20)))
	if r := do(t, req); r.status != 200 {
		t.Errorf("GET with a body: status %d", r.status)
	}
	// Huge headers are refused by the HTTP server's limit in production
	// (MaxHeaderBytes); httptest uses the default 1 MB, so nothing to test here.
}

func TestHeaders(t *testing.T) {
	ts := newServer(t, server.Config{})
	r := get(t, ts, "/")
	doc := page(t, r)
	css := find(doc, "link", "rel", "stylesheet")
	if len(css) != 1 {
		t.Fatal("no stylesheet")
	}
	href, _ := attr(css[0], "href")
	for _, p := range []string{"/", "/api/search?q=ia", "/nope", "/api/nope", href} {
		r := get(t, ts, p)
		h := r.header
		if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: CSP = %q", p, h.Get("Content-Security-Policy"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
		if len(h.Values("Set-Cookie")) > 0 {
			t.Errorf("%s sets a cookie", p)
		}
	}
	r = get(t, ts, href)
	if r.status != 200 || r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %v", r.status, r.header)
	}
}

func TestBasePath(t *testing.T) {
	ts := newServer(t, server.Config{BasePath: "/intranet/ia/"})
	if r := get(t, ts, "/"); r.status != 404 {
		t.Errorf("/ outside the base path: %d", r.status)
	}
	r := get(t, ts, "/intranet/ia/recherche?q=fraude")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	doc := page(t, r)
	if len(find(doc, "a", "href", "/intranet/ia/clauses/c-fraude")) == 0 || len(find(doc, "form", "action", "/intranet/ia/recherche")) != 1 {
		t.Error("links or form not under the base path")
	}
	css := find(doc, "link", "rel", "stylesheet")
	href, _ := attr(css[0], "href")
	if !strings.HasPrefix(href, "/intranet/ia/static/") || get(t, ts, href).status != 200 {
		t.Errorf("asset %q not served under the base path", href)
	}
	if r := get(t, ts, "/intranet/ia/healthz"); r.status != 200 {
		t.Errorf("healthz under the base path: %d", r.status)
	}
}

// TestClientIP: without trusted proxies, X-Forwarded-For is not believed.
func TestClientIP(t *testing.T) {
	var logs bytes.Buffer
	ts := newServer(t, server.Config{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
	req.Header.Set("X-Forwarded-For", "1.2.3.4")
	do(t, req)
	if !strings.Contains(logs.String(), "client=127.0.0.1") || strings.Contains(logs.String(), "1.2.3.4") {
		t.Errorf("access log: %s", logs.String())
	}
}

// slowSearcher delays searches: a fault a real index cannot produce on
// demand, to have a request in flight during shutdown.
type slowSearcher struct {
	server.Searcher
	started chan struct{}
}

func (s slowSearcher) Search(ctx context.Context, q kb.Query) (*kb.Results, error) {
	close(s.started)
	time.Sleep(300 * time.Millisecond)
	return s.Searcher.Search(ctx, q)
}

// TestGracefulShutdown: a request in flight when shutdown starts finishes.
func TestGracefulShutdown(t *testing.T) {
	slow := slowSearcher{Searcher: search.New(testcorpus.Index(t)), started: make(chan struct{})}
	s, err := server.New(slow, server.Config{Addr: "127.0.0.1:0", Static: static.FS})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, func(a string) { addrs <- a }) }()
	addr := <-addrs
	type result struct {
		status int
		err    error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/api/search?q=fraude")
		if err != nil {
			got <- result{0, err}
			return
		}
		res.Body.Close()
		got <- result{res.StatusCode, nil}
	}()
	<-slow.started
	cancel() // SIGINT, as far as the server knows
	if r := <-got; r.err != nil || r.status != 200 {
		t.Errorf("in-flight request: status %d, err %v", r.status, r.err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// TestAccessibilityStatement: the statement shows the recorded audit's
// figures and the contact the publisher set, and every page links to it.
func TestAccessibilityStatement(t *testing.T) {
	audit, err := render.ReadAudit(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	if audit.Runs == 0 || audit.Date == "" || len(audit.Pages) == 0 {
		t.Fatalf("no audit recorded in static/%s: run make audit", render.AuditFile)
	}
	for _, tc := range []struct{ contact, want string }{
		{"accessibilite@exemple.fr", `href="mailto:accessibilite@exemple.fr"`},
		{"https://intranet.exemple.fr/signaler", `href="https://intranet.exemple.fr/signaler"`},
		{"", "--contact"},
	} {
		ts := newServer(t, server.Config{Contact: tc.contact})
		r := get(t, ts, "/accessibilite")
		body := string(r.body)
		if r.status != http.StatusOK {
			t.Fatalf("/accessibilite: %d", r.status)
		}
		for _, want := range []string{
			tc.want, "non conforme", "Défenseur des droits", audit.Date, audit.Axe,
			fmt.Sprintf("<td>%d</td>", audit.Runs), fmt.Sprintf("<td>%d</td>", audit.Violations),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("contact %q: the statement lacks %q", tc.contact, want)
			}
		}
	}
	ts := newServer(t, server.Config{})
	for _, p := range []string{"/", "/clauses/c-fraude", "/glossaire", "/clauses/absente"} {
		if r := get(t, ts, p); !strings.Contains(string(r.body), `<a href="/accessibilite">Accessibilité : non conforme</a>`) {
			t.Errorf("%s: no link to the accessibility statement in the footer", p)
		}
	}
}
