package kb_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/reperes-ia/reperes/internal/kb"
)

// FuzzParseQuery: whatever the parameters, ParseQuery returns a query within
// the limits, or a QueryError; never anything else.
func FuzzParseQuery(f *testing.F) {
	f.Add("donnees eleves", "enseignant", "gdpr", "2", "10")
	f.Add("", "tous", "", "-1", "0")
	f.Add("\xff", "x,y,,z", "RGPD", "9999999999999999999", "50")
	f.Add("a\x00b", " Teacher ", "données personnelles", "20", "50")
	f.Fuzz(func(t *testing.T, q, role, theme, page, size string) {
		tax := taxonomy(t)
		got, err := tax.ParseQuery(kb.QueryParams{Q: q, Filters: kb.Filters{kb.FacetRole: {role}, kb.FacetTheme: {theme}}, Page: page, Size: size})
		if err != nil {
			var qe *kb.QueryError
			if !errors.As(err, &qe) || !errors.Is(err, kb.ErrInvalidQuery) || len(qe.Problems) == 0 {
				t.Fatalf("error of the wrong kind: %#v", err)
			}
			return
		}
		if !utf8.ValidString(got.Text) || utf8.RuneCountInString(got.Text) > kb.MaxQueryRunes {
			t.Fatalf("text %q accepted", got.Text)
		}
		if got.Size < 1 || got.Size > kb.MaxSize || got.Page < 1 || (got.Page > 1 && got.Page*got.Size > kb.MaxDepth) {
			t.Fatalf("page %d size %d accepted", got.Page, got.Size)
		}
		for _, r := range got.Filters(kb.FacetRole) {
			if !tax.Roles.Has(r) {
				t.Fatalf("role %q accepted", r)
			}
		}
		for _, th := range got.Filters(kb.FacetTheme) {
			if !tax.Themes.Has(th) {
				t.Fatalf("theme %q accepted", th)
			}
		}
	})
}
