package server_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/static"
)

// schema is the subset of JSON Schema that openapi.json uses.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Required             []string           `json:"required"`
	Properties           map[string]*schema `json:"properties"`
	AdditionalProperties *bool              `json:"additionalProperties"`
	Items                *schema            `json:"items"`
}

type openAPI struct {
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema *schema `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

func (o *openAPI) validate(s *schema, v any, at string) []string {
	if s.Ref != "" {
		return o.validate(o.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")], v, at)
	}
	bad := func(format string, args ...any) []string { return []string{at + ": " + fmt.Sprintf(format, args...)} }
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return bad("want an object, got %T", v)
		}
		var errs []string
		for _, r := range s.Required {
			if _, ok := m[r]; !ok {
				errs = append(errs, at+": missing "+r)
			}
		}
		for k, val := range m {
			ps, ok := s.Properties[k]
			if !ok {
				if s.AdditionalProperties != nil && !*s.AdditionalProperties {
					errs = append(errs, at+": unexpected property "+k)
				}
				continue
			}
			errs = append(errs, o.validate(ps, val, at+"."+k)...)
		}
		return errs
	case "array":
		a, ok := v.([]any)
		if !ok {
			return bad("want an array, got %T", v)
		}
		var errs []string
		for i, item := range a {
			errs = append(errs, o.validate(s.Items, item, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return errs
	case "string":
		if _, ok := v.(string); !ok {
			return bad("want a string, got %T", v)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != math.Trunc(f) {
			return bad("want an integer, got %v", v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return bad("want a number, got %T", v)
		}
	}
	return nil
}

// TestOpenAPI checks real responses against /api/openapi.json, served by
// the server itself.
func TestOpenAPI(t *testing.T) {
	ts := newServer(t, server.Config{})
	r := get(t, ts, "/api/openapi.json")
	var doc openAPI
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	embedded, _ := fs.ReadFile(static.FS, "openapi.json")
	if string(embedded) != string(r.body) {
		t.Error("the served description differs from the embedded one")
	}
	tests := []struct {
		path, spec, status string
	}{
		{"/healthz", "/healthz", "200"},
		{"/api/search?q=fraude&role=enseignant", "/api/search", "200"},
		{"/api/search?role=aesh&theme=rgpd&page=1&size=50", "/api/search", "200"},
		{"/api/search?q=zzzz", "/api/search", "200"},
		{"/api/search?role=nope", "/api/search", "400"},
		{"/api/search?q=fraude&document=cadre", "/api/search", "200"},
		{"/api/search?document=nope", "/api/search", "400"},
		{"/api/clauses/c-fraude", "/api/clauses/{id}", "200"},
		{"/api/clauses/s-egal", "/api/clauses/{id}", "200"},
		{"/api/clauses/nope", "/api/clauses/{id}", "404"},
		{"/api/search?q=devoir+fait+par+une+ia", "/api/search", "200"},
		{"/api/questions/q-fraude-devoir", "/api/questions/{id}", "200"},
		{"/api/questions/nope", "/api/questions/{id}", "404"},
		{"/api/glossaire", "/api/glossaire", "200"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, ts, tt.path)
			if fmt.Sprint(r.status) != tt.status {
				t.Fatalf("status %d, want %s", r.status, tt.status)
			}
			op, ok := doc.Paths[tt.spec]["get"]
			if !ok {
				t.Fatalf("%s is not described", tt.spec)
			}
			resp, ok := op.Responses[tt.status]
			if !ok {
				t.Fatalf("status %s of %s is not described", tt.status, tt.spec)
			}
			var v any
			if err := json.Unmarshal(r.body, &v); err != nil {
				t.Fatal(err)
			}
			if errs := doc.validate(resp.Content["application/json"].Schema, v, "body"); len(errs) > 0 {
				t.Errorf("response does not match the description:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
	// Every described path is served.
	for p := range doc.Paths {
		if !slices.Contains([]string{"/healthz", "/api/search", "/api/clauses/{id}", "/api/questions/{id}", "/api/glossaire"}, p) {
			t.Errorf("described path %s is not tested", p)
		}
	}
}
