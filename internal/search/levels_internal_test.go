package search

import (
	"context"
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
	levels := s.levels.of(p.terms)
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

// TestBundledLevels: the bundled lexicon's level words name the levels
// people mean, and ordinary French that shares their words names none.
func TestBundledLevels(t *testing.T) {
	c := testcorpus.Bundled(t)
	l := newLevels(c.Lexicon.Levels)
	id := func(set levelSet) []string {
		var out []string
		for i, lv := range c.Lexicon.Levels {
			if set&(1<<i) != 0 {
				out = append(out, lv.ID)
			}
		}
		return out
	}
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"mes élèves de première préparent un exposé", []string{"lycee"}},
		{"en 2nde et en terminale", []string{"lycee"}},
		{"mes CM1", []string{"primaire"}},
		{"un élève de 6eme", []string{"college-6e-5e"}},
		{"cycle 4", []string{"college-6e-5e", "college-4e-3e"}},
		{"c'est la première fois que j'utilise une IA", nil},
		{"enseignante du second degré", nil},
		{"un bac à sable pour tester une IA", nil},
		{"secrétaire au collège, je peux résumer le CA avec une IA ?", nil},
	} {
		if got := id(l.of(index.Terms(tt.text))); !slices.Equal(got, tt.want) {
			t.Errorf("%q names %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestSearchNamesLevel: through Search, a query that names the 4e or the 3e
// gets a card of that level first, where the same content without its
// levels shows the 6e–5e card: the rule is wired into what is shown.
func TestSearchNamesLevel(t *testing.T) {
	with := searcherOf(t, testcorpus.Bundled(t))
	c := testcorpus.Bundled(t)
	c.Lexicon.Levels = nil
	without := searcherOf(t, c)
	fourth := slices.IndexFunc(with.corpus.Lexicon.Levels, func(l kb.Level) bool { return l.ID == "college-4e-3e" })
	if fourth < 0 {
		t.Fatal("the bundled lexicon has no level college-4e-3e")
	}
	levelOf := func(s *Searcher, res *kb.Results) levelSet {
		if len(res.Answers) == 0 {
			return 0
		}
		return with.questionLevels[slices.Index(s.corpus.Questions, res.Answers[0].Question)]
	}
	for _, text := range []string{
		"chatgpt pour mes 4e en classe c'est permis ?",
		"mes eleves de 3e veulent utiliser chatgpt pour un expose",
		"eleve de 4e qui utilise gemini pour son dm",
	} {
		q := kb.Query{Text: text, Page: 1, Size: kb.DefaultSize}
		a, err := with.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := without.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if levelOf(with, a)&(1<<fourth) == 0 {
			t.Errorf("%q: first card %v is not of the 4e–3e", text, a.Answers)
		}
		if levelOf(without, b)&(1<<fourth) != 0 {
			t.Errorf("%q: without levels the first card is already of the 4e–3e (%v): the test proves nothing", text, b.Answers)
		}
	}
}
