package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// chrome starts a headless Chromium (Debian's package) for one test, and
// fails the test on any uncaught exception or console error, CSP
// violations included. Without Chromium the test is skipped, except in CI,
// whose script installs it.
func chrome(t *testing.T) context.Context {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run installs it")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	// Not t.TempDir: Chromium's helper processes may still write to their
	// profile for a moment after the browser is told to exit, and the
	// test would fail on a cleanup error.
	profile, err := os.MkdirTemp("", "reperes-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError && !strings.Contains(ev.Entry.Text, "favicon.ico") {
				problems = append(problems, "console: "+ev.Entry.Text)
			}
		}
	})
	if err := chromedp.Run(ctx, log.Enable()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		for _, p := range problems {
			t.Errorf("browser: %s", p)
		}
		mu.Unlock()
		cancelTimeout()
		cancel()
		cancelAlloc()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	return ctx
}

func waitFor(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(10*time.Second))
}

// TestBrowserSearch: type a query, tick a facet, open a clause, copy its
// citation — with the page's script, in a real browser.
func TestBrowserSearch(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := chrome(t)
	var location, count, title, copied, citation string
	err := chromedp.Run(ctx,
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-read"}, browser.PermissionSettingGranted).WithOrigin(ts.URL),
		browser.SetPermission(&browser.PermissionDescriptor{Name: "clipboard-write"}, browser.PermissionSettingGranted).WithOrigin(ts.URL),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.SendKeys("#q", "fraude", chromedp.ByID),
		// Results follow typing, without submitting the form.
		waitFor(`location.search.includes("q=fraude") && !!document.querySelector('#resultats a[href="/clauses/c-fraude"]')`),
		chromedp.Click(`input[name="role"][value="enseignant"]`, chromedp.ByQuery),
		waitFor(`location.search.includes("role=enseignant")`),
		waitFor(`!document.querySelector('#resultats a[href="/clauses/x-rgpd"]')`),
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
		waitFor(`document.getElementById("copie-statut").textContent === "Citation copiée."`),
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
	ctx := chrome(t)
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
		waitFor(`location.hash === "#contenu"`),
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
		chromedp.WaitVisible(`#resultats .ligne a`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Tab through the search box and the facets to the first result.
	onResult := false
	for tabs := 0; tabs < 80 && !onResult; tabs++ {
		if err := chromedp.Run(ctx,
			chromedp.KeyEvent(kb.Tab),
			chromedp.Evaluate(`!!document.activeElement.closest("#resultats .ligne")`, &onResult),
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
	ctx := chrome(t)
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

// TestBrowserRolePage renders a role page.
func TestBrowserRolePage(t *testing.T) {
	ts := newServer(t, server.Config{})
	ctx := chrome(t)
	var h1 string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/roles/aesh"),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h1, "Je suis AESH") {
		t.Errorf("h1 = %q", h1)
	}
}

// TestBrowserExportFromDisk: the static copy opened from file:// loads its
// stylesheet and script under its own CSP, and its links navigate.
func TestBrowserExportFromDisk(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := export.Write(testcorpus.Corpus(t), export.Config{Out: out, Static: static.FS}); err != nil {
		t.Fatal(err)
	}
	ctx := chrome(t)
	var title, color string
	var scripted bool
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.Join(out, "roles", "aesh", "index.html")),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		// The stylesheet applied (badges are coloured) and the script ran
		// (it marks the document).
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".badge")).backgroundColor`, &color),
		chromedp.Evaluate(`document.documentElement.classList.contains("js")`, &scripted),
		chromedp.Click(`a[href$="clauses/c-intelligence/index.html"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#titre-clause", chromedp.ByID),
		chromedp.Text("#titre-clause", &title, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if color == "" || color == "rgba(0, 0, 0, 0)" || !scripted {
		t.Errorf("from disk: badge colour %q, script ran %v", color, scripted)
	}
	if title != "Adapter les supports" {
		t.Errorf("clause title = %q", title)
	}
}
