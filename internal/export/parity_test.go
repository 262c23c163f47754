package export_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// tricky are texts whose analysis is easy to get wrong: apostrophes,
// elisions, ligatures, case, numbers, punctuation inside words, scripts
// other than Latin, emoji. Not « İ » (capital I with a dot): bleve's
// lowercase filter rewrites it in place into invalid UTF-8, which no port
// should copy; the browser lowers it to « i ».
var tricky = []string{
	"L'IA, l’IA, L’intelligence artificielle, qu'à, jusqu'où, aujourd'hui, aujourd’hui, presqu'île",
	"Œuvre, cœur, Ægis, straße, ÉLÈVES, Élève, élève, Ça, façon, naïf, Noël, où",
	"données personnelles : RGPD / GDPR ; e-mail, c'est-à-dire, peut-être",
	"1er, 2e, 3ème, 2025-2026, 3,5 %, 12.5, 10 000 €, n° 2024-1234, L.311-3",
	"https://eduscol.education.fr/4365/cadre-d-usage-de-l-ia?x=1#ancre, prenom.nom@ac-nancy-metz.fr",
	"A.I., e.g., U.S.A, l'I.A., snake_case, H2O, CO₂, x², ½",
	"ÉCOLE, Istanbul, ΣΟΦΙΑ, σοφία, Москва, 東京, カタカナ, 한국어, עברית, 日本語のテキスト, 中文字符",
	"🙂 emoji 👩‍🏫 enseignante, tab\there, ligne\nsuivante, espace insécable\u00a0ici",
	"chevaux, travaux, généraux, jeux, bijoux, vitraux, animaux, épaisseur, finissement, agissant",
	"notification, qualificatrice, éducatrice, éducateur, collaborateur, lectrice, troisième, menteuse, chanteur, heureuse",
	"première, fière, active, folle, molle, personnelle, professionnel, complète, pratique, politesse, jardinage",
	"actualisation, organisation, organisateur, information, définition, évaluation, utilisation, rationnellement",
	"allée, appelle, commission, succession, rizière, tennis, pizza, iii, aaaa, ééé",
	"don't, l', 'quote', ''double'', ‘single’, «guillemets», “anglais”",
	"",
	"   ",
	"d'l'm'", "qu’", "x", "es", "ss", "aux", "eux", "IAs",
	// Texts of the browser's fast word splitter (see eachWord in
	// moteur.js): Latin letters and French punctuation only.
	"1er, 2e, 3ème, 2025-2026, 3,5 %, 12.5, 10 000, n° 2024-1234, L.311-3, 1.2.3, 1,2;3, 4;a, a;4, 7'8, 7’8, 7‘8, a'1, 1'a",
	"e.g., A.I., l'I.A., x.y.z, enseignant·es, l‘élève, l’élève, aujourd'hui, fin. Début, « guillemets » “anglais” — tiret – court…",
	"10:30, ceci : cela, a:b (le deux-points entre lettres passe par le segmenteur), µ, ª, º, ¿qué?, ¡sí!, × ÷, ² ³",
	"Ça ŒUVRE Ǆ ǅ ǆ Ș ș Ț ț ĳ Ĳ ŀ Ŀ ſ",
	// English possessives, with each apostrophe; an elided article too.
	"a student's essay, my daughter’s teacher, the kid＇s AI, STUDENT'S, l's, 's, qu’s, it's, l'élève's",
}

// TestAnalyzerParity checks the browser analyzer against the Go one: the
// same terms at the same positions, with and without stemming, for every
// text of the bundled corpus, its synonyms, facet words and judged queries,
// and tricky texts.
func TestAnalyzerParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the parity test")
		}
		t.Skip("node not found")
	}
	c := testcorpus.Bundled(t)
	texts := append([]string{}, tricky...)
	for _, cl := range c.Clauses() {
		texts = append(texts, cl.Title, cl.Text, index.Context(c, cl))
	}
	for _, g := range search.Groups(c) {
		for _, sp := range g {
			texts = append(texts, sp.Text)
		}
	}
	for _, w := range search.FacetWords(c.Taxonomy, c.Lexicon) {
		texts = append(texts, w.Text)
	}
	texts = append(texts, c.Lexicon.Scaffolding...)
	for _, lv := range c.Lexicon.Levels {
		texts = append(texts, lv.Words...)
	}
	for _, q := range c.Questions {
		texts = append(texts, q.Question, index.Questions(c, c.Clauses()[0]))
		texts = append(texts, q.Phrasings...)
	}
	queries, err := content.FS.ReadFile("queries.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(queries), "\n") {
		if q, ok := strings.CutPrefix(strings.TrimSpace(line), "- query:"); ok {
			texts = append(texts, strings.TrimSpace(q))
		}
	}

	type tok struct {
		Term     string `json:"term"`
		Position int    `json:"position"`
	}
	type vector struct {
		Text  string `json:"text"`
		Exact []tok  `json:"exact"`
		Stem  []tok  `json:"stem"`
	}
	tables, err := index.AnalysisTables()
	if err != nil {
		t.Fatal(err)
	}
	out := struct {
		Tables index.Tables `json:"tables"`
		Cases  []vector     `json:"cases"`
	}{Tables: tables}
	for _, text := range texts {
		v := vector{Text: text, Exact: []tok{}, Stem: []tok{}}
		for _, a := range []struct {
			name string
			into *[]tok
		}{{index.ExactAnalyzer, &v.Exact}, {index.StemAnalyzer, &v.Stem}} {
			for _, tk := range index.Analyze(a.name, text) {
				*a.into = append(*a.into, tok{tk.Term, tk.Position})
			}
		}
		out.Cases = append(out.Cases, v)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	vectors := filepath.Join(t.TempDir(), "vectors.json")
	if err := os.WriteFile(vectors, b, 0o644); err != nil {
		t.Fatal(err)
	}
	moteur, err := filepath.Abs("../../static/js/moteur.js")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/parity.js", moteur, vectors)
	msg, err := cmd.CombinedOutput()
	t.Logf("node: %s", msg)
	if err != nil {
		t.Fatalf("the browser analyzer differs from the Go one: %v", err)
	}
}
