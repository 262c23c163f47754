package server_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reperes-ia/reperes/internal/browsertest"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestBrowserSearch: type a query, tick a facet, open a clause, copy its
// citation — with the page's script, in a real browser.
func TestBrowserSearch(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := browsertest.Chrome(t)
	var location, count, title, copied, citation string
	err := chromedp.Run(ctx,
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-read"}, browser.PermissionSettingGranted).WithOrigin(ts.URL),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-write"}, browser.PermissionSettingGranted).WithOrigin(ts.URL),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.SendKeys("#q", "fraude", chromedp.ByID),
		// Results follow typing, without submitting the form.
		browsertest.WaitFor(`location.search.includes("q=fraude") && !!document.querySelector('#resultats a[href="/clauses/c-fraude"]')`),
		chromedp.Click(`input[name="role"][value="enseignant"]`, chromedp.ByQuery),
		browsertest.WaitFor(`location.search.includes("role=enseignant")`),
		browsertest.WaitFor(`!document.querySelector('#resultats a[href="/clauses/x-rgpd"]')`),
		chromedp.Location(&location),
		chromedp.Text("#compte", &count, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(count, "résultat") {
		t.Errorf("count = %q", count)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`#resultats a[href="/clauses/c-fraude"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#titre-clause", chromedp.ByID),
		chromedp.Text("#titre-clause", &title, chromedp.ByID),
		chromedp.Click(`button.copier[data-cible="citation-texte"]`, chromedp.ByQuery),
		browsertest.WaitFor(`document.getElementById("copie-statut").textContent === "Citation copiée."`),
		chromedp.Text("#copie-statut", &copied, chromedp.ByID),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &citation, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if title != "Fraude" {
		t.Errorf("clause title = %q", title)
	}
	if !strings.Contains(citation, "« Confier son devoir") || !strings.Contains(citation, "Résumé non officiel") {
		t.Errorf("clipboard = %q", citation)
	}
	if !strings.Contains(location, "q=fraude") || !strings.Contains(location, "role=enseignant") {
		t.Errorf("state not in the address: %s", location)
	}
}

// TestBrowserKeyboard: the skip link, the search box, the results and a
// clause are reachable with the keyboard alone.
func TestBrowserKeyboard(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := browsertest.Chrome(t)
	var active, title string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`document.activeElement.className`, &active),
	)
	if err != nil {
		t.Fatal(err)
	}
	if active != "evitement" {
		t.Fatalf("first Tab focuses %q, want the skip link", active)
	}
	err = chromedp.Run(ctx,
		chromedp.KeyEvent(kb.Enter),
		browsertest.WaitFor(`location.hash === "#contenu"`),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`document.activeElement.id`, &active),
	)
	if err != nil {
		t.Fatal(err)
	}
	if active != "q" {
		t.Fatalf("Tab after the skip link focuses %q, want the search box", active)
	}
	err = chromedp.Run(ctx,
		chromedp.KeyEvent("donnees eleves"),
		chromedp.KeyEvent(kb.Enter),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The results of the new page, not the old one's: on a busy machine a
	// wait could end before the navigation began, and a poll that runs
	// while the page changes fails; ask again until the new page is there.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var there bool
		err := chromedp.Run(ctx, chromedp.Evaluate(`location.search.includes("q=donnees") && document.readyState === "complete" && !!document.querySelector("#resultats .ligne a")`, &there))
		if err == nil && there {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the results page never came (%v)", err)
		}
	}
	// Tab through the search box and the facets to the first result.
	onResult := false
	for tabs := 0; tabs < 80 && !onResult; tabs++ {
		if err := chromedp.Run(ctx,
			chromedp.KeyEvent(kb.Tab),
			chromedp.Evaluate(`!!(document.activeElement && document.activeElement.closest("#resultats .ligne"))`, &onResult),
		); err != nil {
			t.Fatal(err)
		}
	}
	if !onResult {
		t.Fatal("80 presses of Tab never reached a result")
	}
	err = chromedp.Run(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible("#titre-clause", chromedp.ByID),
		chromedp.Text("#titre-clause", &title, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if title == "" {
		t.Error("Enter on a result did not open the clause")
	}
	// On the clause, Tab to the button that copies the citation, and
	// press Enter: the citation is on the clipboard.
	onCopy := false
	for tabs := 0; tabs < 60 && !onCopy; tabs++ {
		if err := chromedp.Run(ctx,
			chromedp.KeyEvent(kb.Tab),
			chromedp.Evaluate(`document.activeElement.matches('button.copier[data-cible="citation-texte"]')`, &onCopy),
		); err != nil {
			t.Fatal(err)
		}
	}
	if !onCopy {
		t.Fatal("60 presses of Tab never reached the citation's copy button")
	}
	var citation string
	err = chromedp.Run(ctx,
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-read"}, browser.PermissionSettingGranted).WithOrigin(ts.URL),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-write"}, browser.PermissionSettingGranted).WithOrigin(ts.URL),
		chromedp.KeyEvent(kb.Enter),
		browsertest.WaitFor(`document.getElementById("copie-statut").textContent === "Citation copiée."`),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &citation, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(citation, title) || !strings.Contains(citation, "Résumé non officiel") {
		t.Errorf("copied with the keyboard: %q", citation)
	}
	// Every focusable element shows a visible focus outline.
	var outline string
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/recherche?q=fraude"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`getComputedStyle(document.activeElement).outlineStyle`, &outline),
	)
	if err != nil {
		t.Fatal(err)
	}
	if outline == "none" || outline == "" {
		t.Errorf("focused element has outline %q", outline)
	}
}

// TestBrowserWithoutJavaScript: the form submits and filters apply with
// the script disabled.
func TestBrowserWithoutJavaScript(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := browsertest.Chrome(t)
	var location string
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(ts.URL+"/recherche?q=fraude"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.Click(`input[name="kind"][value="syndical"]`, chromedp.ByQuery),
		chromedp.Click(`.appliquer button`, chromedp.ByQuery),
		// Only the page the server rendered for the filter has the box
		// ticked by attribute (a click sets the property, not the attribute).
		chromedp.WaitVisible(`input[name="kind"][value="syndical"][checked]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#resultats a[href="/clauses/s-critique-fraude"]`, chromedp.ByQuery),
		chromedp.Location(&location),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(location, "kind=syndical") {
		t.Errorf("address = %s", location)
	}
}

// TestBrowserRoleSheet renders the AESH sheet of the bundled content and
// prints it on A4: its questions pratiques first, and two pages at most.
func TestBrowserRoleSheet(t *testing.T) {
	ts := bundledServer(t)
	ctx := browsertest.Chrome(t)
	var h1, first string
	var pdf []byte
	if err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/roles/aesh"),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
		chromedp.Text("main h2", &first, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = cdppage.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	if h1 != "L'essentiel pour : AESH" || first != "Vos questions pratiques" {
		t.Errorf("h1 %q, first section %q", h1, first)
	}
	pages := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages"))
	t.Logf("AESH sheet printed on A4: %d pages, %d bytes", pages, len(pdf))
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || pages < 1 || pages > 2 {
		t.Errorf("the AESH sheet prints on %d pages, want 1 or 2", pages)
	}
}

// TestBrowserNarrowScreen: on a phone the filters start folded, so that the
// results come first, and unfold on a tap; typing keeps them as they are.
func TestBrowserNarrowScreen(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := browsertest.Chrome(t)
	var folded, unfolded, stillOpen bool
	var resultsTop, viewport float64
	err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(390, 844, 2, true),
		chromedp.Navigate(ts.URL+"/recherche?q=donnees+eleves"),
		chromedp.WaitVisible(`#resultats .ligne a`, chromedp.ByQuery),
		chromedp.Evaluate(`!document.querySelector("#facettes details").open`, &folded),
		chromedp.Evaluate(`document.querySelector("#resultats .ligne").getBoundingClientRect().top`, &resultsTop),
		chromedp.Evaluate(`window.innerHeight`, &viewport),
		chromedp.Click(`#facettes summary`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#facettes details").open`, &unfolded),
		chromedp.SendKeys("#q", " rgpd", chromedp.ByID),
		browsertest.WaitFor(`location.search.includes("rgpd")`),
		chromedp.Evaluate(`document.querySelector("#facettes details").open`, &stillOpen),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !folded || resultsTop > viewport {
		t.Errorf("on a phone: filters folded %v, first result at %.0f px of %.0f", folded, resultsTop, viewport)
	}
	if !unfolded || !stillOpen {
		t.Errorf("filters unfolded by a tap %v, still unfolded after typing %v", unfolded, stillOpen)
	}
	// A ticked filter is never hidden in a fold.
	var open bool
	if err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/recherche?q=donnees&role=aesh"),
		chromedp.WaitVisible(`#resultats`, chromedp.ByID),
		chromedp.Evaluate(`document.querySelector("#facettes details").open`, &open),
	); err != nil {
		t.Fatal(err)
	}
	if !open {
		t.Error("the filters are folded while one is ticked")
	}
}

// TestBrowserDossier: three clauses added from three pages, reordered,
// copied as Markdown, downloaded and printed — the server's dossier is the
// one Go writes.
func TestBrowserDossier(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := browsertest.Chrome(t)
	d := browsertest.DossierScenario(t, ctx, browsertest.DossierSteps{
		Search: ts.URL + "/recherche?q=donnees+eleves", FromSearch: "c-donnees",
		Clause: ts.URL + "/clauses/c-fraude", FromClause: "c-fraude",
		Listing: ts.URL + "/questions/q-fraude-devoir", FromList: "s-critique-fraude",
	})
	c := testcorpus.Corpus(t)
	if want := c.Dossier(d.IDs, "").Markdown(c.Taxonomy, false); d.Markdown != want {
		t.Errorf("copied:\n%s\nGo writes:\n%s", d.Markdown, want)
	}
	// The address is the dossier: opened elsewhere, it shows the same.
	var ids []string
	if err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(d.Address),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".dossier-clause"), li => li.getAttribute("data-clause"))`, &ids),
	); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != strings.Join(d.IDs, ",") {
		t.Errorf("without JavaScript, %s shows %v", d.Address, ids)
	}
}

// TestBrowserPositions: in Chromium, every cell of the positions map links
// to a search whose page shows the cell's count (the server-rendered count,
// then the same after the page's script has run).
func TestBrowserPositions(t *testing.T) {
	ts := bundledServer(t)
	ctx := browsertest.Chrome(t)
	var cells []struct {
		Href  string `json:"href"`
		Count int    `json:"count"`
	}
	if err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/positions"),
		chromedp.Evaluate(`[...document.querySelectorAll("a[data-compte]")].map(a => ({href: a.href, count: +a.dataset.compte}))`, &cells),
	); err != nil {
		t.Fatal(err)
	}
	if len(cells) < 30 {
		t.Fatalf("%d cells with clauses, want at least 30", len(cells))
	}
	for _, c := range cells {
		var shown string
		if err := chromedp.Run(ctx,
			chromedp.Navigate(c.Href),
			chromedp.Text("#compte", &shown, chromedp.ByID),
		); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d résultat", c.Count); !strings.HasPrefix(shown, want) {
			t.Errorf("%s: the map shows %d, the search page %q", c.Href, c.Count, shown)
		}
	}
}
