// Package content embeds the bundled knowledge base, so that the reperes
// binary works with no files around it.
//
// The tree holds taxonomy.yaml (every vocabulary), synonyms.yaml (search
// synonyms) and one Markdown file per source document, in any folder. The
// format is described in the repository's README.
package content

import "embed"

// FS is the bundled content tree. Go files in it are not content; the
// loader skips them.
//
//go:embed *
var FS embed.FS
