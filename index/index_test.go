package index_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

func terms(analyzer, text string) []string {
	var out []string
	for _, t := range index.Analyze(analyzer, text) {
		out = append(out, t.Term)
	}
	return out
}

func TestAnalyzersFoldFrench(t *testing.T) {
	tests := []struct {
		name string
		a, b string // must give the same terms
	}{
		{"elision and accents", "l'élève", "eleve"},
		{"typographic apostrophe", "L’élève", "eleve"},
		{"long word accents", "données", "donnees"},
		{"short word accents, not folded by the stemmer alone", "rôle", "role"},
		{"short word with circumflex", "âge", "age"},
		{"case", "RGPD", "rgpd"},
		{"IA after an elision", "d'IA", "IA"},
		{"plural", "élèves", "élève"},
		{"stop words dropped", "le rôle de l'âge", "role age"},
		{"ligature", "cœur", "coeur"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := terms(index.StemAnalyzer, tt.a), terms(index.StemAnalyzer, tt.b)
			if len(a) == 0 || !slices.Equal(a, b) {
				t.Errorf("%q → %q, %q → %q; want the same non-empty terms", tt.a, a, tt.b, b)
			}
		})
	}
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		analyzer, text string
		want           []string
	}{
		{index.StemAnalyzer, "jusqu'où", []string{"ou"}}, // jusqu' is an elision
		{index.StemAnalyzer, "jusqu'à l'école", []string{"ecol"}},
		{index.ExactAnalyzer, "Les élèves d'aujourd'hui", []string{"eleves", "aujourd'hui"}},
		{index.StemAnalyzer, "à même", nil}, // accented stop words are dropped before folding
		{index.ExactAnalyzer, "intelligence artificielle", []string{"intelligence", "artificielle"}},
	}
	for _, tt := range tests {
		if got := terms(tt.analyzer, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("%s(%q) = %q, want %q", tt.analyzer, tt.text, got, tt.want)
		}
	}
}

// TestAnalyzerKeepsOffsets: folding is a token filter, so token offsets
// still point into the original text (highlighting depends on it).
func TestAnalyzerKeepsOffsets(t *testing.T) {
	text := "L'élève utilise les données"
	toks := index.Analyze(index.StemAnalyzer, text)
	if len(toks) != 3 || text[toks[0].Start:toks[0].End] != "L'élève" || text[toks[2].Start:toks[2].End] != "données" {
		t.Errorf("spans: %+v", toks)
	}
}

func TestBuildOpen(t *testing.T) {
	c := testcorpus.Corpus(t)
	dir := filepath.Join(t.TempDir(), "index")
	if err := index.Build(dir, c); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.Stamp(); got.Schema != index.SchemaVersion || got.Digest != c.Digest || got.Clauses != c.NumClauses() {
		t.Errorf("stamp = %+v", got)
	}
	if got, want := ix.Corpus().NumClauses(), c.NumClauses(); got != want {
		t.Errorf("opened corpus has %d clauses, want %d", got, want)
	}
	if refs := ix.Corpus().ReferencedBy("c-fraude"); len(refs) != 1 || refs[0].ID != "s-critique-fraude" {
		t.Errorf("ReferencedBy(c-fraude) = %+v after a round trip", refs)
	}
	// The corpus read back is the corpus written, whole (Open decodes with
	// another JSON package than the one Build encodes with).
	got, err := json.Marshal(ix.Corpus())
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the corpus read back differs from the corpus indexed (%d bytes, want %d)", len(got), len(want))
	}
	// The word statistics are read back as computed, not recomputed.
	if got, want := *ix.WordStats(), index.ComputeWordStats(c, nil); !reflect.DeepEqual(got, want) || got.Clauses != c.NumClauses() || len(got.Words) == 0 {
		t.Errorf("word statistics after a round trip: %d clauses, %d words, %d stems; want %d, %d, %d",
			got.Clauses, len(got.Words), len(got.DF), want.Clauses, len(want.Words), len(want.DF))
	}
	// Readable by every user: a service (systemd's DynamicUser, a
	// container's non-root user) reads what an administrator built.
	err = filepath.WalkDir(dir+"/", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if want := fs.FileMode(0o044); d.IsDir() && info.Mode().Perm()&0o055 != 0o055 || !d.IsDir() && info.Mode().Perm()&want != want {
			t.Errorf("%s: mode %v, not readable by all", path, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildReplaces: a second build replaces the first in one step and
// leaves no older generation behind; a reader that opened the first keeps
// working.
func TestBuildReplaces(t *testing.T) {
	c := testcorpus.Corpus(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "index")
	if err := index.Build(dir, c); err != nil {
		t.Fatal(err)
	}
	old, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	first, _ := os.Readlink(dir)
	if err := index.Build(dir, c); err != nil {
		t.Fatal(err)
	}
	second, _ := os.Readlink(dir)
	if first == second || second == "" {
		t.Errorf("link %q → %q: not replaced", first, second)
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 {
		t.Errorf("after two builds the folder holds %q, want the link and one generation", names)
	}
	if _, err := old.Corpus().Clause("c-fraude"); err != nil {
		t.Errorf("the first reader lost its corpus: %v", err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

// TestBuildRefusesToClobber: Build never replaces a directory that is not
// an index.
func TestBuildRefusesToClobber(t *testing.T) {
	c := testcorpus.Corpus(t)
	dir := t.TempDir()
	precious := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(precious, []byte("à garder"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := index.Build(dir, c)
	if err == nil || !strings.Contains(err.Error(), "not a Repères IA index") {
		t.Fatalf("Build over a folder of notes: err = %v", err)
	}
	if b, _ := os.ReadFile(precious); string(b) != "à garder" {
		t.Error("the folder's content was touched")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := index.Build(file, c); err == nil {
		t.Error("Build over a file succeeded")
	}
}

// TestBuildReplacesRealIndexDirectory: an index written as a plain
// directory (by hand, or an older layout) is replaced by a link.
func TestBuildReplacesRealIndexDirectory(t *testing.T) {
	c := testcorpus.Corpus(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "index")
	if err := index.Build(dir, c); err != nil {
		t.Fatal(err)
	}
	gen, _ := os.Readlink(dir)
	os.Remove(dir)
	if err := os.Rename(filepath.Join(parent, gen), dir); err != nil {
		t.Fatal(err)
	}
	if err := index.Build(dir, c); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(dir); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("index is not a link after rebuilding: %v", err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

func TestOpenErrors(t *testing.T) {
	c := testcorpus.Corpus(t)
	build := func(t *testing.T) (link, gen string) {
		dir := filepath.Join(t.TempDir(), "index")
		if err := index.Build(dir, c); err != nil {
			t.Fatal(err)
		}
		real, _ := filepath.EvalSymlinks(dir)
		return dir, real
	}
	tests := []struct {
		name   string
		damage func(gen string)
		is     error
		want   string
	}{
		{"missing", func(gen string) { os.RemoveAll(gen) }, index.ErrNoIndex, "run \"reperes build\""},
		{"older schema", func(gen string) {
			os.WriteFile(filepath.Join(gen, "stamp.json"), []byte(`{"schema":0,"digest":"x","clauses":1}`), 0o644)
		}, index.ErrIncompatible, "has schema 0"},
		{"truncated corpus", func(gen string) {
			b, _ := os.ReadFile(filepath.Join(gen, "corpus.json"))
			os.WriteFile(filepath.Join(gen, "corpus.json"), b[:len(b)/2], 0o644)
		}, nil, "is damaged"},
		{"no bleve index", func(gen string) { os.RemoveAll(filepath.Join(gen, "bleve")) }, nil, "is damaged"},
		{"garbled stamp", func(gen string) { os.WriteFile(filepath.Join(gen, "stamp.json"), []byte("{"), 0o644) }, nil, "damaged stamp.json"},
		{"not an index", func(gen string) { os.Remove(filepath.Join(gen, "stamp.json")) }, index.ErrNoIndex, "not a Repères IA index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			link, gen := build(t)
			tt.damage(gen)
			ix, err := index.Open(link)
			if err == nil {
				ix.Close()
				t.Fatal("Open succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want errors.Is %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

// TestFacetNamesSpareIndexFields: a facet is indexed under its name, so
// kb must refuse, as a facet name, every other field of the index.
func TestFacetNamesSpareIndexFields(t *testing.T) {
	for _, f := range []string{index.FieldTitle, index.FieldTitleExact, index.FieldText, index.FieldTextExact,
		index.FieldContext, index.FieldQuestions, index.FieldOrder} {
		if !slices.Contains(kb.ReservedNames, f) {
			t.Errorf("index field %q is not in kb.ReservedNames: a facet could take its name and overwrite it", f)
		}
	}
}
