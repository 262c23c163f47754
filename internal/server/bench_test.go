package server_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/search"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// BenchmarkAPISearch measures a whole /api/search request (parameters,
// search, facets, highlighting, JSON) on the bundled content, over the
// query mix of the load test.
func BenchmarkAPISearch(b *testing.B) {
	ix, err := index.New(testcorpus.Bundled(b))
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.New(search.New(ix), server.Config{Static: static.FS})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	paths := loadPaths(b)
	i := 0
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", paths[i%len(paths)], nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", paths[i%len(paths)], rec.Code)
		}
		i++
	}
}

// loadPaths reads the paths of the load test's wrk script.
func loadPaths(b *testing.B) []string {
	f, err := os.Open("testdata/search.lua")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	re := regexp.MustCompile(`"(/api/search[^"]*)"`)
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}
