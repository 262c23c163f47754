package search

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestSnippetsFromMemoryAndFromIndex: a small corpus marks words from its
// texts analysed in memory, a large one from the index (see wordsUpTo).
// Both mark the words found by the query, and what the index marks, memory
// marks too.
func TestSnippetsFromMemoryAndFromIndex(t *testing.T) {
	ix := testcorpus.Index(t)
	memory, fromIndex := New(ix), New(ix)
	if memory.words == nil {
		t.Fatal("the fixture corpus keeps no words in memory")
	}
	fromIndex.words = nil
	mark := regexp.MustCompile(`<mark>(.*?)</mark>`)
	marks := func(snippet string) map[string]bool {
		out := make(map[string]bool)
		for _, m := range mark.FindAllStringSubmatch(snippet, -1) {
			out[strings.ToLower(m[1])] = true
		}
		return out
	}
	checked := 0
	for _, text := range []string{"donnees eleves", "fraude", "IA générative", "sobriete", "etablisement", "formation égale", "<script>"} {
		q := kb.Query{Text: text, Page: 1, Size: kb.MaxSize}
		a, err := memory.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := fromIndex.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Hits) != len(b.Hits) {
			t.Fatalf("%q: %d hits and %d", text, len(a.Hits), len(b.Hits))
		}
		for i := range a.Hits {
			ma, mb := marks(a.Hits[i].Snippet), marks(b.Hits[i].Snippet)
			for w := range mb {
				if !ma[w] {
					t.Errorf("%q, %s: the index marks %q, memory does not:\n%s\n%s", text, a.Hits[i].Clause.ID, w, a.Hits[i].Snippet, b.Hits[i].Snippet)
				}
			}
			if len(mb) > 0 && len(ma) == 0 {
				t.Errorf("%q, %s: nothing marked from memory", text, a.Hits[i].Clause.ID)
			}
			checked += len(ma)
		}
	}
	if checked < 10 {
		t.Errorf("only %d marked words", checked)
	}
}
