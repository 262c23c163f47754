package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/api"
	"github.com/reperes-ia/reperes/internal/cli"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// reperes runs the command line in-process.
func reperes(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// fixtureDir writes the fixture content into a temporary directory.
func fixtureDir(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "content")
	testcorpus.WriteDir(t, dir)
	return dir
}

// TestSearchJSONOnTheBundledContent: "donnees eleves" finds every clause
// that contains « données » and « élèves », and its first results all have
// both (in their words, or « données » through their RGPD theme, whose
// aliases are searchable, or in the questions pratiques that cite them,
// which are the clause's words for the situations it answers), not clauses
// that match through a stem only: the light stemmer gives the verb
// « donne » and « données » the same stem.
func TestSearchJSONOnTheBundledContent(t *testing.T) {
	code, out, errOut := reperes(t, "search", "--json", "--size", "50", "donnees", "eleves")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var body api.SearchBody
	if err := json.Unmarshal([]byte(out), &body); err != nil {
		t.Fatalf("not the API body: %v\n%s", err, out)
	}
	if body.Query != "donnees eleves" {
		t.Fatalf("query = %q", body.Query)
	}
	// Words, not substrings: « relève » folds to "releve".
	words := func(title, text string) (donnee, eleve bool) {
		for _, w := range strings.FieldsFunc(strings.ToLower(kb.Fold(title+" "+text)), func(r rune) bool { return !unicode.IsLetter(r) }) {
			donnee = donnee || strings.HasPrefix(w, "donnee")
			eleve = eleve || strings.HasPrefix(w, "eleve")
		}
		return donnee, eleve
	}
	c := testcorpus.Bundled(t)
	found := map[string]bool{}
	for i, h := range body.Hits {
		found[h.ID] = true
		var asked []string
		for _, q := range c.QuestionsCiting(h.ID) {
			asked = append(append(asked, q.Question), q.Phrasings...)
		}
		donnee, eleve := words(h.Title, h.Text+" "+strings.Join(asked, " "))
		if i < 5 && !((donnee || slices.Contains(h.Themes, "rgpd")) && eleve) {
			t.Errorf("result %d, %s, does not match both words", i+1, h.ID)
		}
	}
	if len(body.Hits) < 5 {
		t.Fatalf("%d results, want at least 5", len(body.Hits))
	}
	for _, cl := range c.Clauses() {
		if donnee, eleve := words(cl.Title, cl.Text); donnee && eleve && !found[cl.ID] {
			t.Errorf("%s contains both words but was not found", cl.ID)
		}
	}
}

func TestSearch(t *testing.T) {
	content := fixtureDir(t)
	// The fixture with a facet that only its taxonomy declares.
	facets := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(facets, testcorpus.FacetFS(t)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err []string // substrings
	}{
		{"theme alias", []string{"search", "--content", content, "--theme", "gdpr", "--json"}, 0, []string{`"id":"x-rgpd"`}, nil},
		{"readable listing", []string{"search", "--content", content, "fraude"}, 0,
			[]string{"résultat(s) pour « fraude »", "[c-fraude]", "Texte officiel · Cadre de test › Devoirs, p. 10", "**fraude**", "--kind: officiel (1), syndical (1)"}, nil},
		{"unknown role names the known ones", []string{"search", "--content", content, "--role", "infirmiere", "ia"}, 2, nil,
			[]string{`rôle inconnu "infirmiere" (valeurs possibles : enseignant, cpe, aesh, aed, psyen, administratif, direction, eleve)`}},
		{"bad size", []string{"search", "--content", content, "--size", "0", "ia"}, 2, nil, []string{"size doit être un entier de 1 à 50"}},
		{"no result", []string{"search", "--content", content, "zzzzzzz"}, 0, []string{"Aucun résultat."}, nil},
		{"the answer card, as on the search page", []string{"search", "--content", content, "devoir fait par une ia"}, 0,
			[]string{"Question pratique — Un élève peut-il confier son devoir à une IA ?  [q-fraude-devoir]", "   Verdict : Non\n   Non, sans accord", "   Selon : c-fraude, s-critique-fraude"}, nil},
		{"a term's definition", []string{"search", "--content", content, "GDPR"}, 0, []string{"Glossaire — RGPD : Le règlement sur les données personnelles."}, nil},
		{"browse", []string{"search", "--content", content, "--role", "aesh", "--size", "50"}, 0, []string{"clause(s), page 1/1", "[c-intelligence]"}, nil},
		{"content and index together", []string{"search", "--content", content, "--index", "x", "ia"}, 2, nil, []string{"--content and --index cannot be used together"}},
		{"unknown flag", []string{"search", "--colour"}, 2, nil, []string{"unknown flag: --colour"}},
		{"any facet by --filter", []string{"search", "--content", facets, "--filter", "niveau=college", "--json"}, 0, []string{`"total":1`, `"id":"c-donnees"`}, nil},
		{"an added facet's values, with how to filter on them", []string{"search", "--content", facets, "--filter", "niveau=college"}, 0,
			[]string{"[c-donnees]", "--filter niveau=: premier-degre (1), *college (1), lycee (1)", "--role: "}, nil},
		{"--filter without a value", []string{"search", "--content", content, "--filter", "niveau"}, 2, nil, []string{`--filter "niveau": write FACET=VALUE`}},
		{"--filter on no facet", []string{"search", "--content", content, "--filter", "niveau=college"}, 2, nil, []string{`filtre inconnu "niveau"`}},
		{"missing index", []string{"search", "--index", filepath.Join(t.TempDir(), "none"), "ia"}, 1, nil, []string{"no index", "reperes build"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := reperes(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, w := range tt.out {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.err {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestShowAndCite(t *testing.T) {
	content := fixtureDir(t)
	code, out, _ := reperes(t, "show", "--content", content, "--json", "--base-url", "https://r.example.org", "c-fraude")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	c := testcorpus.Corpus(t)
	cl, _ := c.Clause("c-fraude")
	var want bytes.Buffer
	api.Write(&want, api.NewClauseBody(c, cl, "https://r.example.org"))
	if out != want.String() {
		t.Errorf("show --json differs from the API body:\n%s\nwant:\n%s", out, want.String())
	}

	_, out, _ = reperes(t, "show", "--content", content, "c-fraude")
	for _, w := range []string{"Fraude  [c-fraude]", "Nature : Définition", "Ce qu'en disent :", "Critique : Trop strict [s-critique-fraude] (Position syndicale)", "Résumé non officiel"} {
		if !strings.Contains(out, w) {
			t.Errorf("show lacks %q:\n%s", w, out)
		}
	}
	if code, _, errOut := reperes(t, "show", "--content", content, "nope"); code != 1 || !strings.Contains(errOut, `clause "nope": not found`) {
		t.Errorf("show nope: exit %d, %s", code, errOut)
	}

	code, out, _ = reperes(t, "cite", "--content", content, "--format", "markdown", "c-fraude")
	if code != 0 || !strings.HasPrefix(out, "> Confier son devoir") || !strings.Contains(out, "[`c-fraude`](/clauses/c-fraude)") {
		t.Errorf("cite markdown: exit %d\n%s", code, out)
	}
	if code, _, errOut := reperes(t, "cite", "--content", content, "--format", "pdf", "c-fraude"); code != 2 || !strings.Contains(errOut, "text or markdown") {
		t.Errorf("cite --format pdf: exit %d, %s", code, errOut)
	}
	if code, _, _ := reperes(t, "cite", "--content", content); code != 2 {
		t.Errorf("cite with no id: exit %d, want 2", code)
	}
}

func TestCheck(t *testing.T) {
	if code, out, errOut := reperes(t, "check"); code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("check on the bundled content: exit %d\n%s%s", code, out, errOut)
	}
	content := fixtureDir(t)
	os.WriteFile(filepath.Join(content, "casse.md"), []byte("---\nid: casse\ntitle: x\nkind: blog\n---\n## A {#a themes=gdrp}\n\nTexte.\n"), 0o644)
	code, out, errOut := reperes(t, "check", "--content", content)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := []string{
		content + "/casse.md:1: front matter: missing required field \"publisher\"",
		content + "/casse.md:4:7: unknown kind \"blog\" (known: officiel, syndical, international, contexte)",
		content + "/casse.md:6: clause \"a\": unknown theme \"gdrp\"",
		content + "/casse.md:6: clause \"a\": no source",
		"problem(s) in the content",
	}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
}

// TestBuildKeepsThePreviousIndex: a build that fails validation leaves the
// index as it was.
func TestBuildKeepsThePreviousIndex(t *testing.T) {
	content := fixtureDir(t)
	idx := filepath.Join(t.TempDir(), "index")
	if code, out, errOut := reperes(t, "build", "--content", content, "--index", idx); code != 0 || !strings.Contains(out, "indexed ") {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	before, err := index.ReadStamp(idx)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(content, "cadre.md"), []byte("cassé"), 0o644)
	if code, _, errOut := reperes(t, "build", "--content", content, "--index", idx); code != 1 || !strings.Contains(errOut, "missing front matter") {
		t.Fatalf("build of broken content: exit %d, %s", code, errOut)
	}
	after, err := index.ReadStamp(idx)
	if err != nil || after != before {
		t.Errorf("stamp changed: %+v → %+v (%v)", before, after, err)
	}
	if code, out, _ := reperes(t, "search", "--index", idx, "fraude"); code != 0 || !strings.Contains(out, "[c-fraude]") {
		t.Errorf("the previous index no longer answers: exit %d\n%s", code, out)
	}
}

// TestDefaultIndex: with no --index, commands use var/index only if it was
// built from the embedded content, and say so when it was not.
func TestDefaultIndex(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, errOut := reperes(t, "search", "rgpd"); code != 0 || errOut != "" {
		t.Fatalf("without var/index: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := reperes(t, "build"); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	if code, _, errOut := reperes(t, "search", "rgpd"); code != 0 || errOut != "" {
		t.Errorf("with an up-to-date var/index: exit %d, stderr %q", code, errOut)
	}
	content := fixtureDir(t)
	if code, _, errOut := reperes(t, "build", "--content", content); code != 0 {
		t.Fatalf("build fixture: %s", errOut)
	}
	code, out, errOut := reperes(t, "search", "fraude")
	if code != 0 || !strings.Contains(errOut, "built from other content") || strings.Contains(out, "[c-fraude]") {
		t.Errorf("with a stale var/index: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

func TestEval(t *testing.T) {
	content := fixtureDir(t)
	file := filepath.Join(t.TempDir(), "q.yaml")
	os.WriteFile(file, []byte("- query: fraude\n  want: [c-fraude]\n- query: zzzz\n  want: [c-role]\n"), 0o644)
	code, out, _ := reperes(t, "eval", "--content", content, file)
	if code != 0 || !strings.Contains(out, "2 queries, 2 judged on clauses  success@5 0.500  MRR@10 0.500") {
		t.Errorf("eval: exit %d\n%s", code, out)
	}
	code, _, errOut := reperes(t, "eval", "--content", content, "--min-success", "0.9", file)
	if code != 1 || !strings.Contains(errOut, "below the bar: success@5 0.500 (min 0.900)") {
		t.Errorf("eval under the bar: exit %d, %s", code, errOut)
	}
	if code, _, _ := reperes(t, "eval", "--content", content, "missing.yaml"); code != 2 {
		t.Errorf("eval of a missing file: exit %d, want 2", code)
	}
}

func TestHelpAndCompletion(t *testing.T) {
	for _, cmd := range []string{"check", "build", "search", "show", "cite", "eval", "serve"} {
		code, out, _ := reperes(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, out)
		}
	}
	if code, out, _ := reperes(t, "completion", "bash"); code != 0 || !strings.Contains(out, "bash completion") {
		t.Errorf("completion bash: exit %d", code)
	}
	code, out, _ := reperes(t, "__complete", "search", "--theme", "")
	if code != 0 || !strings.Contains(out, "rgpd\tRGPD et données personnelles") {
		t.Errorf("theme completion: exit %d\n%s", code, out)
	}
	code, out, _ = reperes(t, "__complete", "show", "cadre-obligations-r")
	if code != 0 || !strings.Contains(out, "cadre-obligations-rgpd\t") {
		t.Errorf("clause id completion: exit %d\n%s", code, out)
	}
}
