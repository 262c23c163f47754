package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DossierSteps names where the dossier scenario adds its three clauses:
// a search results page, a clause page and a page that lists a clause
// (a question or a role sheet), each an address; and the clause added
// from each.
type DossierSteps struct {
	Search, Clause, Listing          string // addresses
	FromSearch, FromClause, FromList string // clause ids
}

// Dossier is what the scenario read off the dossier page.
type Dossier struct {
	IDs      []string // in the page's order, after the reorder
	Markdown string   // copied to the clipboard
	Download string   // what the download link gives
	PDF      []byte
	Address  string
}

// DossierScenario adds three clauses from three pages with their
// « Ajouter au dossier » buttons, opens the dossier from the header's
// link, moves the first clause down, copies the dossier as Markdown (read
// back from the clipboard), fetches what the download link gives, and
// prints the page to PDF on A4. It fails the test on any step that does not
// hold, and returns what it read for the caller's comparisons.
func DossierScenario(t *testing.T, ctx context.Context, s DossierSteps) Dossier {
	t.Helper()
	var d Dossier
	add := func(address, id string) {
		t.Helper()
		button := `button.ajouter-dossier[data-clause="` + id + `"]`
		if err := chromedp.Run(ctx,
			chromedp.Navigate(address),
			chromedp.WaitVisible(button, chromedp.ByQuery),
			chromedp.Click(button, chromedp.ByQuery),
			WaitFor(`document.querySelector('`+button+`').getAttribute("data-dans") === "oui"`),
		); err != nil {
			t.Fatalf("add %s from %s: %v", id, address, err)
		}
	}
	add(s.Search, s.FromSearch)
	add(s.Clause, s.FromClause)
	add(s.Listing, s.FromList)

	// Links are followed by navigating to their address: a click that
	// navigates would leave a script waiting in the old page.
	var count, status, header, down string
	err := chromedp.Run(ctx,
		chromedp.Text("#compte-dossier", &count, chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("lien-dossier").href`, &header),
	)
	if err == nil {
		err = chromedp.Run(ctx,
			chromedp.Navigate(header),
			WaitFor(`document.querySelectorAll(".dossier-clause").length === 3`),
			// Move the first clause down.
			chromedp.Evaluate(`document.querySelector(".dossier-clause:first-child a.descendre").href`, &down),
		)
	}
	if err == nil {
		err = chromedp.Run(ctx,
			chromedp.Navigate(down),
			WaitFor(`document.querySelectorAll(".dossier-clause").length === 3 && document.querySelector(".dossier-clause").getAttribute("data-clause") === "`+s.FromClause+`"`),
			chromedp.Evaluate(`Array.from(document.querySelectorAll(".dossier-clause"), li => li.getAttribute("data-clause"))`, &d.IDs),
			chromedp.Location(&d.Address),
		)
	}
	if err != nil {
		t.Fatalf("open and reorder the dossier: %v", err)
	}
	if strings.TrimSpace(count) != "(3)" {
		t.Errorf("header counter %q, want (3)", count)
	}
	if want := []string{s.FromClause, s.FromSearch, s.FromList}; strings.Join(d.IDs, ",") != strings.Join(want, ",") {
		t.Errorf("dossier order %v, want %v", d.IDs, want)
	}
	var origin string
	if strings.HasPrefix(d.Address, "http") {
		origin = d.Address[:strings.Index(d.Address[len("http://"):], "/")+len("http://")]
	}
	perm := func(name browser.PermissionType) chromedp.Action {
		p := browser.SetPermission(&browser.PermissionDescriptor{Name: string(name)}, browser.PermissionSettingGranted)
		if origin != "" {
			p = p.WithOrigin(origin)
		}
		return p
	}
	var shown string
	downloads := t.TempDir()
	err = chromedp.Run(ctx,
		perm("clipboard-read"), perm("clipboard-write"),
		chromedp.Click(`button.copier[data-cible="dossier-markdown"]`, chromedp.ByQuery),
		WaitFor(`document.getElementById("copie-statut").textContent === "Dossier copié en Markdown."`),
		chromedp.Text("#copie-statut", &status, chromedp.ByID),
		chromedp.Evaluate(`navigator.clipboard.readText()`, &d.Markdown, awaitPromise),
		chromedp.Evaluate(`document.getElementById("dossier-markdown").value`, &shown),
		// Download as a reader does: a click, the browser saves the file.
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(downloads),
		chromedp.Click("a.telecharger", chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			d.PDF, _, err = cdppage.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("copy, download, print: %v", err)
	}
	saved := filepath.Join(downloads, "dossier-reperes-ia.md")
	for i := 0; i < 100; i++ {
		if b, err := os.ReadFile(saved); err == nil && len(b) > 0 {
			d.Download = string(b)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if d.Markdown != shown || !strings.HasPrefix(d.Markdown, "# Dossier Repères IA (3 clauses)") {
		t.Errorf("clipboard:\n%.300s\nthe page shows:\n%.300s", d.Markdown, shown)
	}
	if d.Download != d.Markdown {
		t.Errorf("the download gives:\n%.300s\nwant the Markdown shown", d.Download)
	}
	if !bytes.HasPrefix(d.PDF, []byte("%PDF")) {
		t.Fatalf("print: not a PDF (%d bytes)", len(d.PDF))
	}
	// The handout: the clauses and their links, no navigation nor buttons.
	if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("CI") != "" {
		t.Fatal("pdftotext (Debian's poppler-utils) is needed in CI to read the printed dossier")
	} else if err == nil {
		cmd := exec.Command("pdftotext", "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(d.PDF)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := string(out)
		for _, want := range []string{"Lien stable", "/clauses/" + s.FromClause} {
			if !strings.Contains(text, want) {
				t.Errorf("the printed dossier lacks %q", want)
			}
		}
		for _, unwanted := range []string{"Copier en Markdown", "Monter", "Recherche\n"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("the printed dossier shows %q", unwanted)
			}
		}
	}
	return d
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
