package index

import "testing"

// TestWords: one analysis gives what the two analyzers give.
func TestWords(t *testing.T) {
	text := "L'élève utilise les données personnelles ; qu'à l'école, les établissements informatisés agissent."
	exact, stem := Analyze(ExactAnalyzer, text), Analyze(StemAnalyzer, text)
	words := Words(text)
	if len(words) != len(exact) || len(words) != len(stem) || len(words) == 0 {
		t.Fatalf("%d words, %d exact tokens, %d stemmed", len(words), len(exact), len(stem))
	}
	for i, w := range words {
		if w.Exact != exact[i].Term || w.Stem != stem[i].Term || w.Start != exact[i].Start || w.End != exact[i].End || w.Position != exact[i].Position {
			t.Errorf("word %d = %+v, want %+v and %+v", i, w, exact[i], stem[i])
		}
	}
}
