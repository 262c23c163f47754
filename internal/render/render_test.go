package render

import "testing"

func TestRelativeFile(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"/", "/recherche", "recherche/index.html"},
		{"/", "/", "index.html"},
		{"/clauses/x", "/recherche?q=a", "../../recherche/index.html?q=a"},
		{"/clauses/x", "/documents/d#x", "../../documents/d/index.html#x"},
		{"/roles", "/roles/aesh", "../roles/aesh/index.html"},
		{"/roles/aesh", "/static/v1/css/site.css", "../../static/v1/css/site.css"},
		{"/a-propos", "#contenu", "#contenu"},
	}
	for _, tt := range tests {
		if got := relativeFile(tt.from, tt.to); got != tt.want {
			t.Errorf("relativeFile(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}
