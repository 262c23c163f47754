package search

import (
	"slices"
	"testing"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestLevelsOf: a level is named by one of its words, whole, in any
// inflection the analyzer folds; « collège » names both collège levels.
func TestLevelsOf(t *testing.T) {
	l := newLevels([]kb.Level{
		{ID: "primaire", Words: []string{"école primaire", "CM2"}},
		{ID: "college-6e-5e", Words: []string{"collège", "6e"}},
		{ID: "college-4e-3e", Words: []string{"collège", "4e"}},
		{ID: "lycee", Words: []string{"lycée", "terminale"}},
	})
	for _, tt := range []struct {
		text string
		want levelSet
	}{
		{"mes CM2 et ChatGPT", 0b0001},
		{"à l'École Primaire", 0b0001},
		{"une école, primaire ou pas", 0b0001}, // the same terms in a row, punctuation aside
		{"école privée", 0},
		{"au collège", 0b0110},
		{"élèves de 4e", 0b0100},
		{"les lycéens en terminales", 0b1000},
		{"primaire", 0}, // a part of a word of several is not the word
		{"", 0},
	} {
		if got := l.of(index.Terms(tt.text)); got != tt.want {
			t.Errorf("%q: levels %04b, want %04b", tt.text, got, tt.want)
		}
	}
}

// TestLevelNamedFavoursItsQuestions: in the bundled content, a level named
// in the query multiplies the score of the questions of that level by
// answerLevel, and divides that of questions of other levels only; it
// leaves the others alone, and never touches what the question covers.
func TestLevelNamedFavoursItsQuestions(t *testing.T) {
	s := searcherOf(t, testcorpus.Bundled(t))
	const text = "activite avec une ia generative pour mes eleves de 3e en classe"
	p := s.parser.parseText(text, false)
	levels := s.levels.of(index.Terms(text))
	if levels == 0 {
		t.Fatal("« 3e » names no level")
	}
	plain, plainCover := s.questionScores(p, 0)
	named, namedCover := s.questionScores(p, levels)
	if !slices.Equal(plainCover, namedCover) {
		t.Error("the level changed what the questions cover")
	}
	var same, up, down int
	for i, q := range s.corpus.Questions {
		own := s.questionLevels[i]
		var want float64
		switch {
		case own == 0:
			want, same = plain[i], same+1
		case own&levels != 0:
			want, up = plain[i]*answerLevel, up+1
		default:
			want, down = plain[i]/answerLevel, down+1
		}
		if named[i] != want {
			t.Errorf("%s (levels %04b): %.4f, want %.4f", q.ID, own, named[i], want)
		}
	}
	if same == 0 || up == 0 || down == 0 {
		t.Errorf("%d questions unchanged, %d favoured, %d disfavoured: the bundled content no longer tests each case", same, up, down)
	}
}
