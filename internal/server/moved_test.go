package server_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/testcorpus"
)

// TestMergedQuestionsRedirect: the address of a question merged into
// another (replaces) leads to the new one, page and API, with a relative
// Location (the site may be published under any path), permanently.
func TestMergedQuestionsRedirect(t *testing.T) {
	ts := bundledServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var merged int
	for _, q := range testcorpus.Bundled(t).Questions {
		for _, old := range q.Replaces {
			merged++
			for _, base := range []string{"/questions/", "/api/questions/"} {
				res, err := client.Get(ts.URL + base + old)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != q.ID {
					t.Errorf("%s%s: %d, Location %q; want 301 to %q", base, old, res.StatusCode, res.Header.Get("Location"), q.ID)
					continue
				}
				to, _ := url.Parse(ts.URL + base + old)
				to = to.ResolveReference(&url.URL{Path: res.Header.Get("Location")})
				res, err = client.Get(to.String())
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s: %d after the redirect from %s", to, res.StatusCode, old)
					continue
				}
				if base == "/api/questions/" {
					var got struct{ ID string }
					if err := json.Unmarshal(body, &got); err != nil || got.ID != q.ID {
						t.Errorf("%s: id %q (%v), want %q", to, got.ID, err, q.ID)
					}
				} else if !strings.Contains(string(body), html.EscapeString(q.Question)) {
					t.Errorf("%s does not show the question %q", to, q.Question)
				}
			}
		}
	}
	if merged == 0 {
		t.Fatal("the bundled content merges no question: nothing was checked")
	}
	// An id that never existed is still a 404.
	res, err := client.Get(ts.URL + "/questions/jamais-vue")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("/questions/jamais-vue: %d, want 404", res.StatusCode)
	}
}
