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
				if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "./"+q.ID {
					t.Errorf("%s%s: %d, Location %q; want 301 to %q", base, old, res.StatusCode, res.Header.Get("Location"), "./"+q.ID)
					continue
				}
				to, _ := url.Parse(ts.URL + base + old)
				rel, err := url.Parse(res.Header.Get("Location"))
				if err != nil {
					t.Fatal(err)
				}
				to = to.ResolveReference(rel)
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
	// The API's description says so.
	res, err := client.Get(ts.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Headers map[string]any `json:"headers"`
			} `json:"responses"`
		} `json:"paths"`
	}
	err = json.NewDecoder(res.Body).Decode(&doc)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := doc.Paths["/api/questions/{id}"]["get"].Responses["301"]; !ok || r.Headers["Location"] == nil {
		t.Error("openapi.json does not describe the 301 of /api/questions/{id} and its Location")
	}
	// The query string goes along.
	for _, q := range testcorpus.Bundled(t).Questions {
		if len(q.Replaces) == 0 {
			continue
		}
		res, err := client.Get(ts.URL + "/questions/" + q.Replaces[0] + "?x=1")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != "./"+q.ID+"?x=1" {
			t.Errorf("with a query string: Location %q, want %q", loc, "./"+q.ID+"?x=1")
		}
		break
	}
	// An id that never existed is still a 404.
	res, err = client.Get(ts.URL + "/questions/jamais-vue")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("/questions/jamais-vue: %d, want 404", res.StatusCode)
	}
}
