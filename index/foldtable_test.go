package index

import (
	"encoding/json"
	"maps"
	"testing"
)

// TestFoldTableJSON: the folding table survives its compact form, and
// what is written is the list the browser's port reads.
func TestFoldTableJSON(t *testing.T) {
	tables, err := AnalysisTables()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(tables.Fold)
	if err != nil {
		t.Fatal(err)
	}
	var back FoldTable
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) < 1000 || !maps.Equal(back, tables.Fold) {
		t.Fatalf("%d characters after a round trip, %d before, or a mapping changed", len(back), len(tables.Fold))
	}
	// è is U+00E8, é U+00E9, œ U+0153.
	small, _ := json.Marshal(FoldTable{"é": "e", "è": "e", "œ": "oe"})
	if got, want := string(small), `[104,"e",0,"e",105,"oe"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := json.Marshal(FoldTable{"ab": "x"}); err == nil {
		t.Error("a key of two characters was written")
	}
	var bad FoldTable
	// Odd length, a negative or fractional gap, a result that is not text,
	// not a list, a surrogate (U+D800), past U+10FFFF.
	for _, in := range []string{`[1]`, `[-1,"e"]`, `["e",1]`, `[1.5,"e"]`, `{}`, `[55168,"x"]`, `[1114112,"x"]`, `[1e30,"x"]`} {
		if err := json.Unmarshal([]byte(in), &bad); err == nil {
			t.Errorf("%s was read", in)
		}
	}
}
