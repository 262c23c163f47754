package render

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/mail"
	"net/url"
	"strings"
)

// AuditFile is where, in the static tree, the accessibility audit records
// its last results (written by `make audit`, checked by every `make test`).
// The accessibility statement is rendered from it, so it states what the
// tests measured, no more.
const AuditFile = "audit/accessibilite.json"

// Audit is the record of the automated accessibility audit
// (internal/a11y): axe-core in Chromium on every page type of the server and
// of the static copy, and the checks axe cannot make.
type Audit struct {
	Date    string      `json:"date"`    // YYYY-MM-DD of the recorded run
	Axe     string      `json:"axe"`     // axe-core version
	Browser string      `json:"browser"` // e.g. "Chromium 156 (headless)"
	Tags    []string    `json:"tags"`    // axe rule tags run (WCAG levels)
	Sites   []string    `json:"sites"`   // the server, the static copy
	Widths  []int       `json:"widths"`  // CSS pixels
	Schemes []string    `json:"schemes"` // colour schemes audited
	Pages   []AuditPage `json:"pages"`
	// Runs is the number of audited renderings (page × site × width ×
	// scheme); Violations the rule violations found in them all; Passes
	// the (rule, page) pairs that passed; Incomplete those axe left to a
	// human (e.g. contrast over an image).
	Runs       int          `json:"runs"`
	Violations int          `json:"violations"`
	Passes     int          `json:"passes"`
	Incomplete int          `json:"incomplete"`
	Checks     []AuditCheck `json:"checks"`
	// Manual lists what only a person can check, and whether it was.
	Manual []string `json:"manual"`
	// Gaps are the contents known not to be accessible, or not audited.
	Gaps []string `json:"gaps"`
}

// AuditPage is a page type and the address audited for it.
type AuditPage struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// AuditCheck is a check beyond axe's rules, made by the audit's own code.
type AuditCheck struct {
	Name   string `json:"name"`
	Result string `json:"result"`
}

// ReadAudit reads the recorded audit from a static tree.
func ReadAudit(fsys fs.FS) (Audit, error) {
	var a Audit
	raw, err := fs.ReadFile(fsys, AuditFile)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("%s: %w", AuditFile, err)
	}
	return a, nil
}

// AccessibilityPage is the accessibility statement (« déclaration
// d'accessibilité ») in the form the RGAA asks for.
type AccessibilityPage struct {
	Page
	Audit
	// Contact is how to report a problem: an e-mail address or a web
	// address, set by whoever publishes the site (--contact).
	Contact     string
	ContactMail bool
}

// Accessibility builds the accessibility statement from the recorded audit.
func (r *Renderer) Accessibility() AccessibilityPage {
	p := AccessibilityPage{Page: Page{Title: "Déclaration d'accessibilité", Nav: "accessibilite"}, Audit: r.audit, Contact: r.cfg.Contact}
	p.ContactMail = strings.Contains(p.Contact, "@") && !strings.Contains(p.Contact, "/")
	return p
}

// CheckContact accepts an empty contact, an e-mail address or an absolute
// http(s) address.
func CheckContact(c string) error {
	if c == "" {
		return nil
	}
	if strings.Contains(c, "@") && !strings.Contains(c, "/") {
		if a, err := mail.ParseAddress(c); err == nil && a.Address == c {
			return nil
		}
	} else if u, err := url.Parse(c); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	return fmt.Errorf("contact %q: give an e-mail address (accessibilite@exemple.fr) or an http(s) address", c)
}
