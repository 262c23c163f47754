package server

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/reperes-ia/reperes/internal/kb"
)

// describeFacets returns the API description with a filter parameter of
// /api/search and a list of counts in its body for every facet the
// taxonomy declares beyond those the description names: adding a facet to
// taxonomy.yaml adds it to the API, and its description must say so. The
// description is returned as written when it names every facet.
func describeFacets(doc []byte, facets []kb.FacetVocabulary) ([]byte, error) {
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	get, ok := dig(d, "paths", "/api/search", "get").(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no GET /api/search")
	}
	params, _ := get["parameters"].([]any)
	counts, ok := dig(d, "components", "schemas", "SearchBody", "properties", "facets").(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no facets in SearchBody")
	}
	props, _ := counts["properties"].(map[string]any)
	required, _ := counts["required"].([]any)
	if props == nil {
		return nil, fmt.Errorf("SearchBody's facets have no properties")
	}
	named := func(name string) bool {
		return slices.ContainsFunc(params, func(p any) bool {
			m, _ := p.(map[string]any)
			return m["name"] == name
		})
	}
	added := false
	for _, f := range facets {
		if named(f.Name) {
			continue
		}
		added = true
		// After the other filters, before document, page and size.
		at := slices.IndexFunc(params, func(p any) bool {
			m, _ := p.(map[string]any)
			return m["name"] == "document" || m["name"] == "page"
		})
		if at < 0 {
			at = len(params)
		}
		params = slices.Insert(params, at, any(map[string]any{
			"name": f.Name, "in": "query", "explode": true,
			"description": fmt.Sprintf("%s: ids, labels or aliases (%s); repeatable, any of them", f.Legend, f.Vocab.Known()),
			"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		}))
		props[f.Name] = map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Facet"}}
		required = append(required, f.Name)
	}
	if !added {
		return doc, nil
	}
	get["parameters"], counts["required"] = params, required
	out, err := json.MarshalIndent(d, "", "  ")
	return append(out, '\n'), err
}

// dig returns the value at a path of keys in decoded JSON, or nil.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
