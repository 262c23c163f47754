package export_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/browsertest"
	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// exportBundled exports the bundled content, and returns the folder and a
// searcher of the server's engine over the same content, to compare.
func exportBundled(t *testing.T) (string, *search.Searcher) {
	t.Helper()
	c := testcorpus.Bundled(t)
	out := filepath.Join(t.TempDir(), "site")
	if _, err := export.Write(c, export.Config{Out: out, Static: static.FS}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return out, search.New(ix)
}

// TestBrowserFromDisk: the copy opened from file://, as from a USB key.
func TestBrowserFromDisk(t *testing.T) {
	out, s := exportBundled(t)
	ctx := browsertest.Chrome(t)
	searchScenario(t, ctx, s, "file://"+out+"/")
	dossierScenario(t, ctx, s, "file://"+out+"/")
	positionsScenario(t, ctx, "file://"+out+"/")
	movedScenario(t, ctx, s, "file://"+out+"/")
}

// movedScenario: the page kept at the address of a question merged into
// another leads the browser to the merged question, from disk too.
func movedScenario(t *testing.T, ctx context.Context, s *search.Searcher, base string) {
	t.Helper()
	for _, q := range s.Corpus().Questions {
		if len(q.Replaces) == 0 {
			continue
		}
		var title, at string
		if err := chromedp.Run(ctx, chromedp.Navigate(base+"questions/"+q.Replaces[0]+"/index.html")); err != nil {
			t.Fatal(err)
		}
		// The page refreshes to the new one: polling in the page would
		// lose its context as it goes, so poll from here.
		arrived := false
		for deadline := time.Now().Add(10 * time.Second); !arrived && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			chromedp.Run(ctx, chromedp.Evaluate(`location.href.includes("/questions/`+q.ID+`/index.html") && !!document.getElementById("titre-question")`, &arrived)) // an error is a page changing
		}
		if !arrived {
			t.Fatalf("the page at %s did not lead to %s", q.Replaces[0], q.ID)
		}
		if err := chromedp.Run(ctx, chromedp.Location(&at), chromedp.Text("#titre-question", &title, chromedp.ByID)); err != nil {
			t.Fatal(err)
		}
		if title != q.Question {
			t.Errorf("from %s the browser reached %s, titled %q; want %q", q.Replaces[0], at, title, q.Question)
		}
		return
	}
	t.Fatal("the bundled content merges no question: nothing was checked")
}

// TestBrowserUnderNginx: the copy published by nginx under a sub-path, with
// the configuration the README gives (docs/nginx-intranet.conf).
func TestBrowserUnderNginx(t *testing.T) {
	out, s := exportBundled(t)
	base := startNginx(t, out)
	ctx := browsertest.Chrome(t)
	searchScenario(t, ctx, s, base)
	dossierScenario(t, ctx, s, base)
	positionsScenario(t, ctx, base)
}

// positionsScenario: on the copy, every count of the positions map equals
// the total of the search its cell links to, run by the copy's own engine;
// and following a cell's link shows that count.
func positionsScenario(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	var cells []struct {
		Href   string `json:"href"`
		Search string `json:"search"`
		Count  int    `json:"count"`
	}
	if err := chromedp.Run(ctx,
		chromedp.Navigate(base+"positions/index.html"),
		browsertest.WaitFor(`document.readyState === "complete"`),
		chromedp.Evaluate(`[...document.querySelectorAll("a[data-compte]")].map(a => ({href: a.href, search: new URL(a.href).search, count: +a.dataset.compte}))`, &cells),
	); err != nil {
		t.Fatal(err)
	}
	if len(cells) < 30 {
		t.Fatalf("the copy's map has %d cells with clauses, want at least 30", len(cells))
	}
	searches := make([]string, len(cells))
	for i, c := range cells {
		if !strings.Contains(c.Href, "recherche/index.html?") || !strings.Contains(c.Search, "document=") {
			t.Fatalf("cell link %q is not a search of the copy restricted to a document", c.Href)
		}
		searches[i] = strings.TrimPrefix(c.Search, "?")
	}
	arg, _ := json.Marshal(searches)
	var totals []int
	if err := chromedp.Run(ctx,
		chromedp.Navigate(base+"recherche/index.html"),
		browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
		chromedp.Evaluate(`(() => {
			const e = new ReperesMoteur.Engine(REPERES_RECHERCHE);
			return `+string(arg)+`.map(s => e.search(e.parse(new URLSearchParams(s))).total);
		})()`, &totals),
	); err != nil {
		t.Fatal(err)
	}
	for i, c := range cells {
		if totals[i] != c.Count {
			t.Errorf("%s: the map shows %d, the copy's search finds %d", c.Search, c.Count, totals[i])
		}
	}
	// Follow one link, as a person would: the page says the same count.
	last := cells[len(cells)-1]
	var shown string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(last.Href),
		browsertest.WaitFor(`/résultat/.test(document.getElementById("compte").textContent)`),
		chromedp.Text("#compte", &shown, chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(shown, strconv.Itoa(last.Count)+" résultat") {
		t.Errorf("%s shows %q, want %d results", last.Href, shown, last.Count)
	}
}

// dossierScenario runs the dossier scenario on the copy (see
// browsertest.DossierScenario): the dossier built in the browser from the
// copy's data is the one Go writes, to the character.
func dossierScenario(t *testing.T, ctx context.Context, s *search.Searcher, base string) {
	t.Helper()
	res, err := s.Search(context.Background(), kb.Query{Text: "donnees eleves", Page: 1, Size: kb.DefaultSize})
	if err != nil || len(res.Hits) < 2 {
		t.Fatalf("server search: %v", err)
	}
	fromSearch := res.Hits[1].Clause.ID
	if fromSearch == "cadre-obligations-comptes-eleves-interdits" || fromSearch == "cadre-obligations-rgpd" {
		fromSearch = res.Hits[2].Clause.ID
	}
	d := browsertest.DossierScenario(t, ctx, browsertest.DossierSteps{
		Search: base + "recherche/index.html?q=donnees+eleves", FromSearch: fromSearch,
		Clause: base + "clauses/cadre-obligations-comptes-eleves-interdits/index.html", FromClause: "cadre-obligations-comptes-eleves-interdits",
		Listing: base + "questions/notes-appreciations-eleves-chatgpt/index.html", FromList: "cadre-obligations-rgpd",
	})
	c := s.Corpus()
	if want := c.Dossier(d.IDs, "").Markdown(c.Taxonomy, false); d.Markdown != want {
		t.Errorf("the copy's dossier:\n%s\nGo writes:\n%s", d.Markdown, want)
	}
	// With the comments, and an unknown id and a duplicate in the address.
	var md, txt string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(base+"dossier/index.html?ids="+d.IDs[0]+",inconnue,"+d.IDs[0]+","+d.IDs[1]+"&commentaires=1"),
		browsertest.WaitFor(`!!document.getElementById("dossier-markdown")`),
		chromedp.Evaluate(`document.getElementById("dossier-markdown").value`, &md),
		chromedp.Evaluate(`document.getElementById("dossier-texte").value`, &txt),
	); err != nil {
		t.Fatal(err)
	}
	dossier := c.Dossier([]string{d.IDs[0], "inconnue", d.IDs[1]}, "")
	if want := dossier.Markdown(c.Taxonomy, true); md != want {
		t.Errorf("with comments and an unknown id, the copy writes:\n%s\nGo writes:\n%s", md, want)
	}
	if want := dossier.Text(c.Taxonomy, true); txt != want {
		t.Errorf("as text, the copy writes:\n%s\nGo writes:\n%s", txt, want)
	}
}

// searchScenario types a query, ticks a role, checks the results, counts
// and address against the server's engine, opens the first clause and
// copies its citation. base is the address of the copy's root, with a
// trailing slash.
func searchScenario(t *testing.T, ctx context.Context, s *search.Searcher, base string) {
	t.Helper()
	const text, role = "donnees eleves", "aesh"
	want, err := s.Search(context.Background(), kb.Query{Text: text, Selected: kb.Filters{kb.FacetRole: {role}}, Page: 1, Size: kb.DefaultSize})
	if err != nil || len(want.Hits) == 0 {
		t.Fatalf("server search: %v", err)
	}
	first := want.Hits[0].Clause

	var location, count, title, citation, meta string
	var hrefs []string
	var roleCounts map[string]int
	err = chromedp.Run(ctx,
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-read"}, browser.PermissionSettingGranted),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-write"}, browser.PermissionSettingGranted),
		chromedp.Navigate(base+"recherche/index.html"),
		browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
		chromedp.SendKeys("#q", text, chromedp.ByID),
		browsertest.WaitFor(`location.search.includes("q=donnees") && document.querySelectorAll("#resultats .ligne").length > 0`),
		chromedp.Click(`input[name="role"][value="`+role+`"]`, chromedp.ByQuery),
		browsertest.WaitFor(`location.search.includes("role=`+role+`")`),
		chromedp.Location(&location),
		chromedp.Text("#compte", &count, chromedp.ByID),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#resultats .ligne-titre a"), a => a.getAttribute("href"))`, &hrefs),
		chromedp.Text("#resultats .ligne .meta", &meta, chromedp.ByQuery),
		chromedp.Evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('input[name="role"]'))
			.filter(i => !i.closest("label").hidden)
			.map(i => [i.value, parseInt(i.closest("label").querySelector(".compte").textContent.slice(1))]))`, &roleCounts),
	)
	if err != nil {
		t.Fatal(err)
	}
	if wantCount := fmt.Sprintf("%d résultat", want.Total); !strings.HasPrefix(count, wantCount) {
		t.Errorf("count %q, the server finds %d", count, want.Total)
	}
	if len(hrefs) == 0 || !strings.HasSuffix(hrefs[0], "clauses/"+first.ID+"/index.html") {
		t.Errorf("first result %v, the server's is %s", hrefs, first.ID)
	}
	// The line names the clause's document (the data gives its number), as
	// recherche.js writes it.
	di := slices.IndexFunc(s.Corpus().Documents, func(d *kb.Document) bool { return d.ID == first.Document })
	if di < 0 {
		t.Fatalf("first result %s has no document %q", first.ID, first.Document)
	}
	wantMeta := " " + s.Corpus().Documents[di].Title
	if sec := first.SectionPath(); sec != "" {
		wantMeta += " › " + sec
	}
	if !strings.Contains(meta, wantMeta+" · ") {
		t.Errorf("first result's line %q does not name %q", meta, wantMeta)
	}
	for _, f := range want.Facets {
		if f.Name != kb.FacetRole {
			continue
		}
		for _, v := range f.Values {
			if roleCounts[v.Value] != v.Count {
				t.Errorf("role %s counted %d in the browser, %d by the server", v.Value, roleCounts[v.Value], v.Count)
			}
		}
		if len(roleCounts) != len(f.Values) {
			t.Errorf("browser shows roles %v, the server %v", roleCounts, f.Values)
		}
	}
	if !strings.Contains(location, "q=donnees+eleves") {
		t.Errorf("address %s does not hold the query", location)
	}

	err = chromedp.Run(ctx,
		chromedp.Click(`#resultats .ligne-titre a`, chromedp.ByQuery),
		chromedp.WaitVisible("#titre-clause", chromedp.ByID),
		chromedp.Text("#titre-clause", &title, chromedp.ByID),
		chromedp.Click(`button.copier[data-cible="citation-texte"]`, chromedp.ByQuery),
		browsertest.WaitFor(`document.getElementById("copie-statut").textContent === "Citation copiée."`),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &citation, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if title != first.Title {
		t.Errorf("clause page %q, want %q", title, first.Title)
	}
	if !strings.Contains(citation, first.Title) || !strings.Contains(citation, "Résumé non officiel") {
		t.Errorf("clipboard = %q", citation)
	}

	// The state in the address is enough to find the same results, and
	// the time to the first results is measured from the page's start.
	var ms string
	var checked bool
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"recherche/index.html?q=donnees+eleves&role=AESH"),
		browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
		chromedp.Evaluate(`document.documentElement.getAttribute("data-premiers-resultats")`, &ms),
		chromedp.Evaluate(`document.querySelector('input[name="role"][value="aesh"]').checked`, &checked),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#resultats .ligne-titre a"), a => a.getAttribute("href"))`, &hrefs),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !checked || len(hrefs) == 0 || !strings.HasSuffix(hrefs[0], "clauses/"+first.ID+"/index.html") {
		t.Errorf("from the address: role ticked %v, results %v", checked, hrefs)
	}
	// One load is one sample of a noisy figure: load the page a few more
	// times and print the median and the slowest.
	times := []int{atoi(t, ms)}
	for range 6 {
		if err := chromedp.Run(ctx,
			chromedp.Navigate(base+"recherche/index.html?q=donnees+eleves&role=AESH"),
			browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
			chromedp.Evaluate(`document.documentElement.getAttribute("data-premiers-resultats")`, &ms),
		); err != nil {
			t.Fatal(err)
		}
		times = append(times, atoi(t, ms))
	}
	slices.Sort(times)
	t.Logf("figures: first results shown %d ms after the page started loading, median of %d loads (slowest %d ms) (%s)",
		times[len(times)/2], len(times), times[len(times)-1], strings.SplitN(base, ":", 2)[0])

	// On a phone the filters start folded, unless the address ticks one.
	var folded, open bool
	err = chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(390, 844, 2, true),
		chromedp.Navigate(base+"recherche/index.html?q=donnees+eleves"),
		browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
		chromedp.Evaluate(`!document.querySelector("#facettes details").open`, &folded),
		chromedp.Navigate(base+"recherche/index.html?q=donnees+eleves&role=aesh"),
		browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
		chromedp.Evaluate(`document.querySelector("#facettes details").open`, &open),
		emulation.ClearDeviceMetricsOverride(),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !folded || !open {
		t.Errorf("on a phone: folded without filter %v, unfolded with one %v", folded, open)
	}
}

// TestBrowserEval runs every judged query set (queries*.yaml: keywords,
// situations, reserve) through the browser's search and requires the same
// figures as the server's engine — clauses and answers — and prints them.
func TestBrowserEval(t *testing.T) {
	out, s := exportBundled(t)
	files, err := fs.Glob(content.FS, "queries*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("judged query files: %v %v", files, err)
	}
	ctx := browsertest.Chrome(t)
	if err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+out+"/recherche/index.html"),
		browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`),
	); err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		raw, err := content.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := eval.Parse(name, raw, s.Corpus())
		if err != nil {
			t.Fatal(err)
		}
		server, err := eval.Run(context.Background(), s, cases)
		if err != nil {
			t.Fatal(err)
		}
		inBrowser, err := eval.Run(ctx, browserSearcher{ctx: ctx, corpus: s.Corpus()}, cases)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("figures: judged queries %s (%d): server success@5 %.3f MRR %.3f answers %.3f/%.3f/%.3f/%.3f; browser success@5 %.3f MRR %.3f answers %.3f/%.3f/%.3f/%.3f",
			name, len(cases), server.SuccessAt5, server.MRR, server.AnswerFirst, server.Silent, server.SilentOutside, server.Offered,
			inBrowser.SuccessAt5, inBrowser.MRR, inBrowser.AnswerFirst, inBrowser.Silent, inBrowser.SilentOutside, inBrowser.Offered)
		if inBrowser.SuccessAt5 != server.SuccessAt5 || inBrowser.MRR != server.MRR ||
			inBrowser.AnswerFirst != server.AnswerFirst || inBrowser.Silent != server.Silent || inBrowser.SilentOutside != server.SilentOutside ||
			inBrowser.Offered != server.Offered || inBrowser.Quiet != server.Quiet || inBrowser.QuietOutside != server.QuietOutside ||
			inBrowser.Shown != server.Shown || inBrowser.Precision != server.Precision {
			var b strings.Builder
			inBrowser.Print(&b)
			t.Errorf("%s: the browser's figures differ from the server's:\n%s", name, b.String())
		}
	}
}

// browserSearcher runs queries through the engine of the page open in ctx.
type browserSearcher struct {
	ctx    context.Context
	corpus *kb.Corpus
}

func (b browserSearcher) Search(_ context.Context, q kb.Query) (*kb.Results, error) {
	params := render.QueryValues(q).Encode()
	arg, _ := json.Marshal(params)
	var got struct {
		Hits    []string `json:"hits"`
		Answers []string `json:"answers"`
		Related []string `json:"related"`
	}
	err := chromedp.Run(b.ctx, chromedp.Evaluate(`(() => {
		const e = window.__engine || (window.__engine = new ReperesMoteur.Engine(REPERES_RECHERCHE));
		const r = e.search(e.parse(new URLSearchParams(`+string(arg)+`)));
		return {hits: r.hits.map(h => h.clause.id), answers: r.answers.map(a => a.question.id), related: r.related.map(a => a.question.id)};
	})()`, &got))
	if err != nil {
		return nil, err
	}
	res := &kb.Results{Query: q}
	for _, id := range got.Hits {
		cl, err := b.corpus.Clause(id)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, kb.Hit{Clause: cl})
	}
	if res.Answers, err = b.corpus.AnswersOf(got.Answers); err != nil {
		return nil, err
	}
	res.Related, err = b.corpus.AnswersOf(got.Related)
	return res, err
}

// TestBrowserAnswerCard: on the copy opened from disk, a question gets its
// answer card (verdict, text loaded with its own script, clauses linked)
// above the results, with the server's questions proches, and a query that
// names a term gets its definition.
func TestBrowserAnswerCard(t *testing.T) {
	out, s := exportBundled(t)
	res, err := s.Search(context.Background(), kb.Query{Text: "puis-je mettre les notes de mes eleves dans chatgpt", Page: 1, Size: 10})
	if err != nil || len(res.Answers) == 0 {
		t.Fatalf("the server gives no answer to the test question: %v", err)
	}
	want := res.Answers[0].Question
	if len(res.Related) == 0 {
		t.Fatal("the server offers no questions proches for the test question")
	}
	var wantRelated []string
	for _, a := range res.Related {
		wantRelated = append(wantRelated, a.Question.Question+" → questions/"+a.Question.ID+"/index.html")
	}
	ctx := browsertest.Chrome(t)
	var question, text string
	var clauses int
	var related []string
	var definition string
	if err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+out+"/recherche/index.html?q="+url.QueryEscape(res.Query.Text)),
		browsertest.WaitFor(`!!document.querySelector("#reponses .carte-reponse .reponse-texte") && document.querySelector("#reponses .carte-reponse .reponse-texte").textContent.length > 0`),
		chromedp.Text("#reponses .carte-reponse h3", &question, chromedp.ByQuery),
		chromedp.Text("#reponses .carte-reponse .reponse-texte", &text, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#reponses .carte-reponse .clauses-reponse a").length`, &clauses),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#proches li a")).map(a => a.textContent + " → " + a.getAttribute("href").replace(/^.*?(questions\/)/, "$1"))`, &related),
		chromedp.Navigate("file://"+out+"/recherche/index.html?q=RGPD"),
		browsertest.WaitFor(`!!document.querySelector("#reponses .carte-terme p:not(.carte-type)") && document.querySelector("#reponses .carte-terme p:not(.carte-type)").textContent.length > 0`),
		chromedp.Text("#reponses .carte-terme p:not(.carte-type)", &definition, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if question != want.Question || text != want.Answer || clauses != len(want.Clauses) {
		t.Errorf("card: %q / %q / %d clauses, want %q / %q / %d", question, text, clauses, want.Question, want.Answer, len(want.Clauses))
	}
	if strings.Join(related, "\n") != strings.Join(wantRelated, "\n") {
		t.Errorf("questions proches in the browser:\n%s\nwant, as on the server:\n%s", strings.Join(related, "\n"), strings.Join(wantRelated, "\n"))
	}
	if !strings.Contains(definition, "données") {
		t.Errorf("the definition of RGPD is %q", definition)
	}
}

// startNginx serves the export at out under /intranet/ia/ with Debian's
// nginx and docs/nginx-intranet.conf, and returns the copy's address.
func startNginx(t *testing.T, out string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx" // not on every PATH
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nginx is not installed: .ci/run installs it")
		}
		t.Skip("nginx is not installed (apt-get install nginx)")
	}
	snippet, err := os.ReadFile("../../docs/nginx-intranet.conf")
	if err != nil {
		t.Fatal(err)
	}
	site := strings.ReplaceAll(string(snippet), "/srv/www/reperes-ia/", out+"/")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	prefix := t.TempDir()
	conf := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    server {
        listen %[2]s;
%[3]s
    }
}
`, prefix, addr, site)
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", prefix, "-c", confPath, "-e", filepath.Join(prefix, "error.log"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr + "/intranet/ia/"
	for i := 0; ; i++ {
		resp, err := http.Get(base)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
				t.Fatalf("nginx answers %s for %s\n%s", resp.Status, base, log)
			}
			return base
		}
		if i == 50 {
			t.Fatalf("nginx did not start: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
