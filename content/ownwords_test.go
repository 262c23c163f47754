package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
)

// runLength is the length, in words, of the shortest run of words that a
// clause may not share with a source document (or the facts sheet)
// outside quotation marks.
const runLength = 8

// maxQuote is the length, in words, of the longest quotation in « » that
// the check leaves alone: a union's position quoted exactly is a feature,
// a paragraph inside quotation marks is copying.
const maxQuote = 25

// allowedRuns are runs of words that content may share with the sources:
// proper names of events, resolutions and titles. Each says why.
var allowedRuns = map[string]string{
	"rendez-vous annuel des metiers de l education et de la formation":                       "the name of UNSA Éducation's event",
	"la confiance ne peut etre automatisee":                                                  "the title of EI's report on the conference",
	"conference mondiale de l internationale de l education sur l intelligence artificielle": "the name of EI's world conference",
	"de l administration du social de la sante de la":                                        "the list of trades UNSA Éducation represents (facts sheet)",
	"conseil pedagogique art r 421 23 et r 421 41 3":                                         "a body and its articles of the Code de l'éducation (facts sheet)",
	"enseignants personnels de direction et administratifs inspecteurs syndicats parents":    "the list of those consulted on the framework (facts sheet)",
}

// sourcesDir finds the source documents: REPERES_SOURCES, or ../shared/sources
// beside the repository, as in CI.
func sourcesDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("REPERES_SOURCES")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "sources")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the source documents are needed in CI: %v", err)
		}
		t.Skipf("no source documents (%v): set REPERES_SOURCES", err)
	}
	return dir
}

// words lower-cases and folds accents, and splits on anything that is not
// a letter or a digit (apostrophes and hyphens too).
func words(s string) []string {
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

var quotation = regexp.MustCompile(`«[^»]*»`)

// segments cuts a text at its short quotations: runs are looked for in
// each segment, never across a quotation. A quotation longer than
// maxQuote stays in the text, to be checked like the rest.
func segments(s string) [][]string {
	var out [][]string
	last := 0
	for _, m := range quotation.FindAllStringIndex(s, -1) {
		if len(words(s[m[0]:m[1]])) > maxQuote {
			continue
		}
		out = append(out, words(s[last:m[0]]))
		last = m[1]
	}
	return append(out, words(s[last:]))
}

// TestOwnWords: no clause, note or question pratique shares a run of
// runLength words with a source document, outside short quotations and
// the allowed proper names.
func TestOwnWords(t *testing.T) {
	dir := sourcesDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no source document in %s: %v", dir, err)
	}
	// The facts sheet beside them was compiled from the web pages and
	// often follows their wording: content shares no run with it either.
	if facts := filepath.Join(dir, "..", "facts.md"); fileExists(facts) {
		files = append(files, facts)
	} else if os.Getenv("CI") != "" {
		t.Fatalf("the facts sheet is needed in CI: %s", facts)
	}
	type at struct {
		file string
		pos  int
	}
	grams := make(map[string]at)
	sourceWords := make(map[string][]string)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := words(string(b))
		sourceWords[f] = w
		for i := 0; i+runLength <= len(w); i++ {
			g := strings.Join(w[i:i+runLength], " ")
			if _, ok := grams[g]; !ok {
				grams[g] = at{f, i}
			}
		}
	}
	var allowed []string
	for run := range allowedRuns {
		allowed = append(allowed, " "+strings.Join(words(run), " ")+" ")
	}
	isAllowed := func(g string) bool {
		for _, a := range allowed {
			if strings.Contains(a, " "+g+" ") {
				return true
			}
		}
		return false
	}

	c, err := load.Load(content.FS, load.Options{Root: "content", Analyze: index.Terms})
	if err != nil {
		t.Fatal(err)
	}
	type text struct{ where, s string }
	var texts []text
	for _, cl := range c.Clauses() {
		where := fmt.Sprintf("%s:%d: clause %q", c.DocumentOf(cl).Path, cl.Line, cl.ID)
		texts = append(texts, text{where, cl.Title}, text{where, cl.Text}, text{where + " (note)", cl.Note})
	}
	for _, q := range c.Questions {
		where := fmt.Sprintf("question %q", q.ID)
		texts = append(texts, text{where, q.Question}, text{where, q.Answer})
		for _, p := range q.Phrasings {
			texts = append(texts, text{where + " (phrasing)", p})
		}
	}
	checked, found := 0, 0
	for _, tx := range texts {
		for _, seg := range segments(tx.s) {
			for i := 0; i+runLength <= len(seg); i++ {
				checked++
				g := strings.Join(seg[i:i+runLength], " ")
				src, ok := grams[g]
				if !ok || isAllowed(g) {
					continue
				}
				// Report the longest shared run once, not each 8-gram in it.
				n := runLength
				for i+n < len(seg) && src.pos+n < len(sourceWords[src.file]) && seg[i+n] == sourceWords[src.file][src.pos+n] {
					n++
				}
				found++
				t.Errorf("%s shares %d words with %s, outside quotation marks: « %s »",
					tx.where, n, filepath.Base(src.file), strings.Join(seg[i:i+n], " "))
				i += n - 1
			}
		}
	}
	t.Logf("%d runs of %d words checked against %d source documents; %d shared", checked, runLength, len(files), found)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestOwnWordsHelpers(t *testing.T) {
	if got := strings.Join(words("L’IA n'est PAS « un outil » — élève-ingénieur"), " "); got != "l ia n est pas un outil eleve ingenieur" {
		t.Errorf("words = %q", got)
	}
	long := "« " + strings.Repeat("mot ", maxQuote+1) + "»"
	if got := segments("avant « court » après " + long); len(got) != 2 || strings.Join(got[1], " ") != "apres "+strings.TrimSpace(strings.Repeat("mot ", maxQuote+1)) {
		t.Errorf("segments = %q", got)
	}
}
