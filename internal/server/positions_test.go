package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// bundledServer serves the bundled content through a real index.
func bundledServer(t *testing.T) *httptest.Server {
	t.Helper()
	return corpusServer(t, testcorpus.Bundled(t))
}

// corpusServer serves a corpus through a real in-memory index.
func corpusServer(t *testing.T, c *kb.Corpus) *httptest.Server {
	t.Helper()
	ix, err := index.New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	s, err := server.New(search.New(ix), server.Config{Static: static.FS})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// cellLink is a cell of the positions map: the search it links to and
// the count it shows.
var cellLink = regexp.MustCompile(`<a class="nombre" href="([^"]+)" data-compte="(\d+)">`)

// TestPositionsCountsMatchSearches: every cell of the positions map of
// the bundled content shows the number of results of the search it links
// to, run by the server (the page and the API), and the map has a column
// per source and a point of disagreement.
func TestPositionsCountsMatchSearches(t *testing.T) {
	ts := bundledServer(t)
	r := get(t, ts, "/positions")
	if r.status != http.StatusOK {
		t.Fatalf("/positions: %d", r.status)
	}
	body := string(r.body)
	for _, want := range []string{">SE-Unsa<", ">UNSA Éducation<", ">Internationale de l&#39;Éducation<", ">Autres syndicats<", "Points de désaccord", `<th scope="row">Tous les thèmes</th>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the map lacks %s", want)
		}
	}
	cells := cellLink.FindAllStringSubmatch(body, -1)
	if len(cells) < 30 {
		t.Fatalf("%d cells with clauses, want at least 30", len(cells))
	}
	for _, c := range cells {
		href := strings.ReplaceAll(c[1], "&amp;", "&")
		want, _ := strconv.Atoi(c[2])
		if !strings.HasPrefix(href, "/recherche?") || !strings.Contains(href, "document=") {
			t.Fatalf("cell link %q is not a search restricted to a document", href)
		}
		api := get(t, ts, "/api/search"+strings.TrimPrefix(href, "/recherche"))
		var res struct{ Total int }
		if err := json.Unmarshal(api.body, &res); err != nil || api.status != http.StatusOK {
			t.Fatalf("%s: %d %s", href, api.status, api.body)
		}
		if res.Total != want {
			t.Errorf("%s: the map shows %d, the search finds %d", href, want, res.Total)
		}
		pg := string(get(t, ts, href).body)
		if !strings.Contains(pg, ">"+strconv.Itoa(want)+" résultat") {
			t.Errorf("%s: the search page does not show %d results", href, want)
		}
	}
	if n := strings.Count(body, `<article class="desaccord"`); n == 0 {
		t.Error("no point of disagreement")
	}

	// A search restricted to an unknown document is refused, not empty.
	if r := get(t, ts, "/api/search?document=inconnu"); r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "document inconnu") {
		t.Errorf("unknown document: %d %s", r.status, r.body)
	}
}
