package search

import "testing"

func TestOneEdit(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"etablisement", "etablissement", true}, // insertion
		{"inteligence", "intelligence", true},
		{"donnees", "donnes", true},   // deletion
		{"classes", "clauses", true},  // substitution
		{"eleve", "élève", false},     // two substitutions (folding happens before)
		{"classes", "classes", false}, // no edit
		{"frode", "fraude", false},    // two edits
		{"ab", "ba", true},            // two neighbours swapped
		{"chatgtp", "chatgpt", true},
		{"abc", "cba", false},   // swapped, but not neighbours
		{"abcd", "badc", false}, // two swaps
		{"", "a", true},
	} {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := oneEdit(tt.b, tt.a); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}
