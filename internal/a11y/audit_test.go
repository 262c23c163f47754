// Package a11y_test is the accessibility audit: axe-core (tools/a11y,
// pinned by its lock file) run in Chromium on every page type of the
// server and of the static copy, at desktop and phone widths, in the light
// and the dark colour schemes, plus what axe's rules cannot see: reflow at
// 320 px, visible focus, reduced motion, the language of English terms.
//
// The results are recorded in static/audit/accessibilite.json, which the
// accessibility statement (/accessibilite) shows: the test fails when the
// site no longer obtains them, and `make audit` records a new run.
package a11y_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/browsertest"
	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

var update = flag.Bool("update", false, "record this run's results in static/audit/accessibilite.json")

const (
	axeFile    = "../../tools/a11y/node_modules/axe-core/axe.min.js"
	recordFile = "../../static/" + render.AuditFile
)

// tags are the axe rule sets run: WCAG 2.0 and 2.1, levels A and AA.
var tags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// page is a page type; path is its address under the server's root, and
// file the copy's file for it (with the same query); ready is a script
// expression true once the page shows what it is audited for.
type page struct {
	name, path, file, ready string
}

var pages = []page{
	{"Accueil (recherche vide)", "/", "index.html", ""},
	{"Recherche avec résultats", "/recherche?q=donnees+eleves", "recherche/index.html?q=donnees+eleves", `document.querySelectorAll("#resultats .ligne").length > 0`},
	{"Recherche sans résultat", "/recherche?q=xylophone+quantique", "recherche/index.html?q=xylophone+quantique", `!!document.querySelector(".aucun")`},
	{"Recherche avec une réponse et des questions proches", "/recherche?q=puis-je+mettre+les+notes+de+mes+eleves+dans+chatgpt", "recherche/index.html?q=puis-je+mettre+les+notes+de+mes+eleves+dans+chatgpt", `!!document.querySelector(".carte-reponse") && !!document.querySelector("#proches li")`},
	{"Recherche avec une définition", "/recherche?q=RGPD", "recherche/index.html?q=RGPD", `!!document.querySelector(".carte-terme")`},
	{"Clause", "/clauses/cadre-obligations-rgpd", "clauses/cadre-obligations-rgpd/index.html", ""},
	{"Question pratique", "/questions/notes-appreciations-eleves-chatgpt", "questions/notes-appreciations-eleves-chatgpt/index.html", ""},
	{"Liste des questions", "/questions", "questions/index.html", ""},
	{"Fiche de rôle", "/roles/aesh", "roles/aesh/index.html", ""},
	{"Liste des rôles", "/roles", "roles/index.html", ""},
	{"Thème", "/themes/rgpd", "themes/rgpd/index.html", ""},
	{"Document", "/documents/ie-conference-mondiale-ia", "documents/ie-conference-mondiale-ia/index.html", ""},
	{"Glossaire", "/glossaire", "glossaire/index.html", ""},
	{"À propos", "/a-propos", "a-propos/index.html", ""},
	{"Déclaration d'accessibilité", "/accessibilite", "accessibilite/index.html", ""},
	{"Dossier (avec ce qu'en disent les syndicats)", "/dossier?ids=cadre-obligations-rgpd,cadre-obligations-comptes-eleves-interdits&commentaires=1",
		"dossier/index.html?ids=cadre-obligations-rgpd,cadre-obligations-comptes-eleves-interdits&commentaires=1", `document.querySelectorAll(".dossier-clause").length === 2`},
	{"Carte des positions", "/positions", "positions/index.html", `document.querySelectorAll("article.desaccord").length > 0`},
	{"Page d'erreur (404)", "/clauses/clause-inexistante", "", ""},
}

// axeResult is what the audit keeps of one axe run.
type axeResult struct {
	Version    string `json:"version"`
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes     int `json:"passes"`
	Incomplete int `json:"incomplete"`
}

// width is a viewport: desktop, and a phone's 320 CSS px (the reflow width
// of WCAG 1.4.10, the same as a 1280 px window zoomed to 400 %).
type width struct {
	name string
	w, h int64
}

var widths = []width{{"ordinateur", 1280, 900}, {"téléphone", 320, 640}}

type site struct {
	name string
	url  func(p page) string
}

func TestAudit(t *testing.T) {
	src, err := os.ReadFile(axeFile)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is not installed: .ci/run runs npm ci in tools/a11y (%v)", err)
		}
		t.Skip("axe-core is not installed: npm ci --prefix tools/a11y")
	}
	// The 404 page answers 404 on purpose.
	ctx := browsertest.ChromeWith(t, browsertest.Options{Timeout: 10 * time.Minute, Allow: []string{"status of 404"}})

	c := testcorpus.Bundled(t)
	ix, err := index.New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := server.New(search.New(ix), server.Config{Static: static.FS, Contact: "accessibilite@exemple.fr"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	out := filepath.Join(t.TempDir(), "site")
	if _, err := export.Write(c, export.Config{Out: out, Static: static.FS}); err != nil {
		t.Fatal(err)
	}
	sites := []site{
		{"le serveur", func(p page) string { return ts.URL + p.path }},
		{"la copie statique (file://)", func(p page) string {
			if p.file == "" {
				return ""
			}
			return "file://" + out + "/" + p.file
		}},
	}

	var got render.Audit
	got.Axe, got.Tags = "", tags
	for _, s := range sites {
		got.Sites = append(got.Sites, s.name)
	}
	for _, w := range widths {
		got.Widths = append(got.Widths, int(w.w))
	}
	got.Schemes = []string{"clair", "sombre"}
	for _, p := range pages {
		got.Pages = append(got.Pages, render.AuditPage{Name: p.name, Path: p.path})
	}

	tagsJSON, _ := json.Marshal(tags)
	var overflow, unfocused []string
	focusChecked, motionChecked, narrow, zoomed := 0, 0, 0, 0
	run := func(label, url string, p page, w width, dark bool) {
		t.Helper()
		scheme := "light"
		if dark {
			scheme = "dark"
		}
		err := chromedp.Run(ctx,
			emulation.SetDeviceMetricsOverride(w.w, w.h, 1, w.w < 500),
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
				{Name: "prefers-color-scheme", Value: scheme},
				{Name: "prefers-reduced-motion", Value: "reduce"},
			}),
			chromedp.Navigate(url),
			chromedp.WaitReady("body", chromedp.ByQuery),
		)
		if err == nil && strings.HasPrefix(url, "file://") && strings.Contains(url, "recherche/") || err == nil && url == "file://"+out+"/index.html" {
			err = chromedp.Run(ctx, browsertest.WaitFor(`document.documentElement.hasAttribute("data-premiers-resultats")`))
		}
		if err == nil && p.ready != "" {
			err = chromedp.Run(ctx, browsertest.WaitFor(p.ready))
		}
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if dark {
			var bg string
			chromedp.Run(ctx, chromedp.Evaluate(`getComputedStyle(document.body).backgroundColor`, &bg))
			if bg == "rgb(255, 255, 255)" {
				t.Errorf("%s: the dark scheme is not applied (background %s)", label, bg)
			}
		}
		var res axeResult
		err = chromedp.Run(ctx,
			chromedp.Evaluate(string(src), nil),
			chromedp.Evaluate(fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, preload: false}).then(r => ({
				version: r.testEngine.version,
				violations: r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({target: n.target, html: n.html}))})),
				passes: r.passes.length, incomplete: r.incomplete.length}))`, tagsJSON), &res,
				func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		)
		if err != nil {
			t.Fatalf("%s: axe: %v", label, err)
		}
		got.Axe = "axe-core " + res.Version
		got.Runs++
		got.Passes += res.Passes
		got.Incomplete += res.Incomplete
		for _, v := range res.Violations {
			got.Violations++
			var where []string
			for _, n := range v.Nodes {
				where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
			}
			t.Errorf("%s: %s (%s) on %d node(s):\n\t%s", label, v.ID, v.Help, len(v.Nodes), strings.Join(where, "\n\t"))
		}

		// Reflow: nothing wider than the viewport.
		var scroll, inner int
		chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(`window.innerWidth`, &inner))
		if scroll > inner {
			overflow = append(overflow, fmt.Sprintf("%s: %d px of content in %d", label, scroll, inner))
		}
		if w.w < 500 {
			narrow++
		}
		// Text alone at 200 % (the browser's text size setting): the page
		// still fits its width.
		if w.w >= 1000 && !dark {
			chromedp.Run(ctx,
				chromedp.Evaluate(`document.documentElement.style.fontSize = "200%"; document.documentElement.scrollWidth`, &scroll),
				chromedp.Evaluate(`window.innerWidth`, &inner),
				chromedp.Evaluate(`document.documentElement.style.fontSize = ""; 0`, nil),
			)
			zoomed++
			if scroll > inner {
				overflow = append(overflow, fmt.Sprintf("%s, texte à 200 %%: %d px of content in %d", label, scroll, inner))
			}
		}
		// No animation or transition once motion is to be reduced.
		var moving []string
		chromedp.Run(ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("*")).filter(e => {
			const s = getComputedStyle(e);
			return s.animationName !== "none" || s.transitionDuration.split(",").some(d => parseFloat(d) > 0);
		}).map(e => e.tagName + "." + e.className)`, &moving))
		motionChecked++
		if len(moving) > 0 {
			t.Errorf("%s: animated despite prefers-reduced-motion: %v", label, moving)
		}
		// Focus: the first elements reached by Tab show where the focus is.
		if w.w >= 1000 && !dark {
			for i := 0; i < 4; i++ {
				var style struct{ Tag, Outline, Shadow string }
				err := chromedp.Run(ctx,
					chromedp.ActionFunc(func(ctx context.Context) error {
						if err := input.DispatchKeyEvent(input.KeyDown).WithKey("Tab").WithCode("Tab").WithWindowsVirtualKeyCode(9).Do(ctx); err != nil {
							return err
						}
						return input.DispatchKeyEvent(input.KeyUp).WithKey("Tab").WithCode("Tab").WithWindowsVirtualKeyCode(9).Do(ctx)
					}),
					chromedp.Evaluate(`(() => { const e = document.activeElement, s = getComputedStyle(e);
						return {tag: e.tagName + (e.id ? "#" + e.id : ""), outline: s.outlineStyle + " " + s.outlineWidth, shadow: s.boxShadow}; })()`, &style),
				)
				if err != nil {
					t.Fatalf("%s: tab: %v", label, err)
				}
				focusChecked++
				if style.Tag == "BODY" {
					continue
				}
				if strings.HasPrefix(style.Outline, "none") && style.Shadow == "none" {
					unfocused = append(unfocused, label+": "+style.Tag)
				}
			}
		}
	}

	for _, s := range sites {
		for _, p := range pages {
			url := s.url(p)
			if url == "" {
				continue
			}
			for _, w := range widths {
				run(fmt.Sprintf("%s, %s, %s", s.name, p.name, w.name), url, p, w, false)
			}
			run(fmt.Sprintf("%s, %s, thème sombre", s.name, p.name), url, p, widths[0], true)
		}
	}
	for _, o := range overflow {
		t.Errorf("horizontal scrolling: %s", o)
	}
	for _, u := range unfocused {
		t.Errorf("focus not visible: %s", u)
	}

	// Language of parts: English glossary spellings are marked.
	var english int
	if err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(1280, 900, 1, false),
		chromedp.Navigate(ts.URL+"/glossaire"),
		chromedp.Evaluate(`document.documentElement.lang === "fr" ? document.querySelectorAll(".glossaire [lang=en]").length : -1`, &english),
	); err != nil {
		t.Fatal(err)
	}
	if english < 20 {
		t.Errorf("%d English spellings marked lang=en on the glossary, want at least 20 (and the page in French)", english)
	}

	got.Checks = []render.AuditCheck{
		{Name: "Redistribution à 320 px de large (WCAG 1.4.10, équivaut à un zoom de 400 %)", Result: fmt.Sprintf("aucun défilement horizontal sur %d rendus à 320 px", narrow)},
		{Name: "Agrandissement du texte seul à 200 % (WCAG 1.4.4)", Result: fmt.Sprintf("aucun défilement horizontal sur %d rendus, texte à 200 %%", zoomed)},
		{Name: "Focus visible au clavier (WCAG 2.4.7)", Result: fmt.Sprintf("%d éléments atteints par la touche Tab, tous avec un contour de focus", focusChecked)},
		{Name: "Mouvement réduit (prefers-reduced-motion)", Result: fmt.Sprintf("aucune animation ni transition sur %d rendus", motionChecked)},
		{Name: "Thème sombre (prefers-color-scheme)", Result: "appliqué à toutes les pages, contrastes AA vérifiés par les règles de l'audit"},
		{Name: "Langue des passages en anglais (WCAG 3.1.2)", Result: fmt.Sprintf("%d termes anglais du glossaire marqués lang=\"en\"", english)},
		{Name: "Parcours au clavier : recherche, résultat, clause, copie de la citation", Result: "vérifié par un test du serveur (TestBrowserKeyboard)"},
	}
	got.Manual = []string{
		"Lecture avec un lecteur d'écran (NVDA, VoiceOver, Orca) : pas encore faite.",
		"Pertinence des intitulés de liens, des titres et des messages (au-delà de leur présence, que l'audit vérifie) : pas encore examinée par un auditeur. Le site n'affiche aucune image porteuse d'information.",
		"Audit de conformité RGAA complet (106 critères) par une personne : pas encore fait.",
	}
	got.Gaps = []string{
		"La copie statique n'a pas de page d'erreur 404 propre : c'est celle du serveur web qui la publie.",
		"La version imprimée (fiches de rôle sur deux pages A4) n'est pas couverte par l'audit automatisé.",
	}
	slices.Sort(got.Gaps)

	recorded, err := render.ReadAudit(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	got.Browser = chromiumVersion(ctx)
	if *update {
		got.Date = time.Now().Format("2006-01-02")
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(recordFile, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded: %d runs, %d violations, %d passes, %d incomplete", got.Runs, got.Violations, got.Passes, got.Incomplete)
		return
	}
	// The statement shows the recorded run: it must be this run's figures
	// (the date and the browser's version aside, and the number of checks
	// axe leaves to a human, which varies by a few between runs of the same
	// pages: contrast over elements it cannot resolve at that moment).
	got.Date, got.Browser, got.Incomplete = recorded.Date, recorded.Browser, recorded.Incomplete
	a, _ := json.MarshalIndent(got, "", "  ")
	b, _ := json.MarshalIndent(recorded, "", "  ")
	if string(a) != string(b) {
		t.Errorf("the accessibility statement shows figures this run did not obtain: run `make audit` to record them\nthis run:\n%s\nrecorded:\n%s", a, b)
	}
	t.Logf("audit: %d runs, %d violations, %d passes, %d incomplete", got.Runs, got.Violations, got.Passes, got.Incomplete)
}

// chromiumVersion is the browser's product name and major version.
func chromiumVersion(ctx context.Context) string {
	var ua string
	chromedp.Run(ctx, chromedp.Evaluate(`navigator.userAgent`, &ua))
	if m := regexp.MustCompile(`(?:Headless)?Chrome/(\d+)`).FindStringSubmatch(ua); m != nil {
		return "Chromium " + m[1] + " (sans interface)"
	}
	return "Chromium"
}
