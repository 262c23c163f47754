// Package static embeds the web assets: page templates, the stylesheet, the
// script that enhances search, and the OpenAPI description of the JSON API.
// Everything else takes an fs.FS, so tests and a development mode can use
// another tree.
package static

import "embed"

// FS holds templates/, css/, js/, openapi.json, and audit/: the record of
// the last accessibility audit, which the accessibility statement shows.
//
//go:embed templates css js openapi.json audit
var FS embed.FS
