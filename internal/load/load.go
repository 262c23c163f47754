// Package load reads a content tree (Markdown documents, the taxonomy and
// the synonyms), validates it and returns the corpus.
//
// Validation reports every problem at once, each at its file, line and
// column: a content editor fixes them all in one pass. Positions come from
// the parsers' own nodes (YAML nodes, goldmark nodes), never from error text,
// except for YAML syntax errors, whose position exists only there.
package load

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/reperes-ia/reperes/internal/kb"
)

// MaxFileSize bounds a content file. A clause is a few sentences; a file
// larger than this is a mistake (a PDF saved as .md, a runaway paste).
const MaxFileSize = 1 << 20

// Options tune Load.
type Options struct {
	// Root is how messages name the content root: "content" gives
	// "content/cadre/x.md:12:3: …". Empty, paths are relative to the root.
	Root string
	// Analyze, when set, turns text into search terms. Load uses it to
	// report synonyms that could never match.
	Analyze func(string) []string
}

// Load reads and validates the content tree fsys. On any problem it returns
// a nil corpus and an error joining every problem; Errors lists them.
func Load(fsys fs.FS, opts Options) (*kb.Corpus, error) {
	l := &loader{fsys: fsys, opts: opts, p: &problems{}}
	return l.load()
}

type loader struct {
	fsys fs.FS
	opts Options
	p    *problems
	hash []byte
}

func (l *loader) display(name string) string {
	if l.opts.Root == "" {
		return name
	}
	return path.Join(l.opts.Root, name)
}

// read returns a file's bytes, reporting a missing, unreadable or oversized
// file. Every file read goes into the digest.
func (l *loader) read(name string) ([]byte, bool) {
	info, err := fs.Stat(l.fsys, name)
	if err != nil {
		l.p.add(l.display(name), 0, 0, "cannot read: %v", unwrapPathError(err))
		return nil, false
	}
	if info.Size() > MaxFileSize {
		l.p.add(l.display(name), 0, 0, "file is too large (%d bytes, %d at most)", info.Size(), MaxFileSize)
		return nil, false
	}
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.p.add(l.display(name), 0, 0, "cannot read: %v", unwrapPathError(err))
		return nil, false
	}
	sum := sha256.Sum256(b)
	l.hash = fmt.Appendf(l.hash, "%s\x00%x\n", name, sum)
	return b, true
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Digest returns the digest of a content tree without parsing it: the same
// value as the Digest of the corpus Load would return.
func Digest(fsys fs.FS) (string, error) {
	l := &loader{fsys: fsys, p: &problems{}}
	l.read(TaxonomyFile)
	l.read(SynonymsFile)
	for _, name := range l.answerFiles() {
		l.read(name)
	}
	for _, name := range l.markdownFiles() {
		l.read(name)
	}
	if err := l.p.err(); err != nil {
		return "", err
	}
	return l.digest(), nil
}

// digest sums the names and contents of every file read, in reading order.
func (l *loader) digest() string {
	sum := sha256.Sum256(l.hash)
	return hex.EncodeToString(sum[:])
}

func (l *loader) load() (*kb.Corpus, error) {
	var tax *kb.Taxonomy
	if src, ok := l.read(TaxonomyFile); ok {
		tax = parseTaxonomy(l.display(TaxonomyFile), src, l.p)
	}
	var synonyms [][]string
	if src, ok := l.read(SynonymsFile); ok {
		synonyms = parseSynonyms(l.display(SynonymsFile), src, l.opts.Analyze, l.p)
	}
	var ans *answers
	if tax != nil {
		ans = l.loadAnswers(tax, synonyms)
	}
	names := l.markdownFiles()
	if tax == nil {
		// Documents cannot be checked without vocabularies; say so once.
		if len(l.p.list) == 0 {
			l.p.add(l.display(TaxonomyFile), 0, 0, "no taxonomy")
		}
		return nil, l.p.err()
	}
	if len(names) == 0 {
		l.p.add(l.display("."), 0, 0, "no document: add Markdown files (*.md) to the content folder")
	}

	var docs []*kb.Document
	var refs []refAt
	files := make(map[*kb.Document]string)
	addressesAt := make(map[*kb.Document]int)
	for _, name := range names {
		src, ok := l.read(name)
		if !ok {
			continue
		}
		dp := newDocParser(l.display(name), src, tax, l.p)
		doc := dp.parse()
		if doc == nil {
			continue
		}
		doc.Path = name
		files[doc] = dp.path
		addressesAt[doc] = dp.addresses
		docs = append(docs, doc)
		refs = append(refs, dp.refs...)
	}
	l.crossCheck(docs, files, refs)
	l.checkAddresses(docs, files, addressesAt, refs, tax)
	l.checkPlacement(docs, files, tax)
	l.checkAnswers(ans, docs, tax)
	if err := l.p.err(); err != nil {
		return nil, err
	}

	// Official texts first, then by kind as the taxonomy orders them, then by
	// path: this is the corpus order, used when browsing.
	kindRank := make(map[string]int)
	for i, id := range tax.Kinds.IDs() {
		kindRank[id] = i
	}
	slices.SortStableFunc(docs, func(a, b *kb.Document) int {
		return cmp.Or(cmp.Compare(kindRank[a.Kind], kindRank[b.Kind]), cmp.Compare(a.Path, b.Path))
	})
	c := &kb.Corpus{Taxonomy: tax, Synonyms: synonyms, Documents: docs, Digest: l.digest(),
		Questions: ans.questions, Glossary: ans.glossary, Lexicon: ans.lexicon}
	if err := c.Link(); err != nil {
		return nil, fmt.Errorf("content: %w", err) // cannot happen after crossCheck
	}
	return c, nil
}

// markdownFiles lists the documents: *.md files anywhere in the tree, in
// lexical order, skipping names that start with "." or "_" (as go:embed
// does, so that the embedded and the on-disk trees agree).
func (l *loader) markdownFiles() []string {
	var names []string
	err := fs.WalkDir(l.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			l.p.add(l.display(name), 0, 0, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		base := d.Name()
		if name != "." && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(base, ".md") {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		l.p.add(l.display("."), 0, 0, "cannot list the content: %v", err)
	}
	return names
}

// crossCheck reports what no single file shows: ids used twice (naming
// both places) and references to clauses that do not exist.
func (l *loader) crossCheck(docs []*kb.Document, files map[*kb.Document]string, refs []refAt) {
	type place struct {
		path string
		line int
	}
	docIDs := make(map[string]place)
	clauseIDs := make(map[string]place)
	for _, d := range docs {
		if d.ID != "" {
			here := place{files[d], 1}
			if first, dup := docIDs[d.ID]; dup {
				l.p.add(here.path, here.line, 0, "duplicate document id %q (also at %s:%d)", d.ID, first.path, first.line)
				l.p.add(first.path, first.line, 0, "duplicate document id %q (also at %s:%d)", d.ID, here.path, here.line)
			} else {
				docIDs[d.ID] = here
			}
		}
		for _, c := range d.Clauses {
			if c.ID == "" {
				continue
			}
			here := place{files[d], c.Line}
			if first, dup := clauseIDs[c.ID]; dup {
				l.p.add(here.path, here.line, 0, "duplicate clause id %q (also at %s:%d)", c.ID, first.path, first.line)
				l.p.add(first.path, first.line, 0, "duplicate clause id %q (also at %s:%d)", c.ID, here.path, here.line)
			} else {
				clauseIDs[c.ID] = here
			}
		}
	}
	for _, r := range refs {
		switch {
		case r.to == r.from:
			l.p.add(r.path, r.line, r.col, "clause %q refers to itself", r.from)
		case !hasKey(clauseIDs, r.to):
			l.p.add(r.path, r.line, r.col, "clause %q refers to %q, which does not exist", r.from, r.to)
		}
	}
	l.cycles(refs)
}

// checkAddresses checks the documents named by addresses, and reserves the
// stances that take a side (soutient, critique) to references toward a
// document that the referring document's source discusses: anything else
// is the editors' reading and must say so with a milder stance.
func (l *loader) checkAddresses(docs []*kb.Document, files map[*kb.Document]string, at map[*kb.Document]int, refs []refAt, tax *kb.Taxonomy) {
	docOf := make(map[string]*kb.Document) // clause id → document
	byID := make(map[string]*kb.Document)
	for _, d := range docs {
		byID[d.ID] = d
		for _, c := range d.Clauses {
			docOf[c.ID] = d
		}
	}
	for _, d := range docs {
		if d.SourceText != "" && !slices.ContainsFunc(d.Clauses, func(c *kb.Clause) bool {
			return slices.ContainsFunc(c.Sources, func(s kb.Source) bool { return strings.Contains(s.Title, d.SourceText) })
		}) {
			l.p.add(files[d], 1, 0, "source_text: no clause of the document cites %q among its sources", d.SourceText)
		}
		for _, a := range d.Addresses {
			switch {
			case a == d.ID:
				l.p.add(files[d], at[d], 0, "addresses: %q is the document itself", a)
			case byID[a] == nil:
				l.p.add(files[d], at[d], 0, "addresses: no document has the id %q", a)
			}
		}
	}
	var mild []string
	for _, s := range tax.Stances.IDs() {
		if !tax.TakesSide(s) {
			mild = append(mild, s)
		}
	}
	for _, r := range refs {
		from, to := docOf[r.from], docOf[r.to]
		if from == nil || to == nil || from == to || !tax.TakesSide(r.stance) || slices.Contains(from.Addresses, to.ID) {
			continue
		}
		l.p.add(r.path, r.line, r.col, "%q %s %q, a clause of %q, which this document's source does not discuss: "+
			"if it does, add %q to addresses: in the front matter; otherwise use %s (a rapprochement éditorial)",
			r.from, r.stance, r.to, to.ID, to.ID, strings.Join(mild, ", "))
	}
}

// checkPlacement asks every clause of a reference text (the first kind)
// for its place in the original: a section and a page, or a placement
// that says why the page is not known.
func (l *loader) checkPlacement(docs []*kb.Document, files map[*kb.Document]string, tax *kb.Taxonomy) {
	if len(tax.Placements.Terms) == 0 {
		return
	}
	reference := tax.Kinds.IDs()[0]
	for _, d := range docs {
		if d.Kind != reference {
			continue
		}
		for _, c := range d.Clauses {
			switch {
			case len(c.Section) == 0:
				l.p.add(files[d], c.Line, 0, "clause %q of a reference text has no section: put it under a heading of the original's outline", c.ID)
			case c.Page == "" && c.Placement == "":
				l.p.add(files[d], c.Line, 0, "clause %q of a reference text has no page: add {page=N} to its section's heading, or placement: (%s) with a note that says why",
					c.ID, tax.Placements.Known())
			}
		}
	}
}

// cycles reports references that lead back to where they started
// (a → b → a): a comment comments on something else, so a cycle is a
// mistake, and a page following references would never end. Each cycle is
// reported once, at the reference that closes it.
func (l *loader) cycles(refs []refAt) {
	out := make(map[string][]refAt)
	var from []string
	for _, r := range refs {
		if r.to == r.from {
			continue // reported as such
		}
		if _, seen := out[r.from]; !seen {
			from = append(from, r.from)
		}
		out[r.from] = append(out[r.from], r)
	}
	slices.Sort(from)
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int)
	var path []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = onPath
		path = append(path, id)
		for _, r := range out[id] {
			switch state[r.to] {
			case onPath:
				i := slices.Index(path, r.to)
				loop := append(slices.Clone(path[i:]), r.to)
				l.p.add(r.path, r.line, r.col, "references go round in a cycle: %s", strings.Join(loop, " → "))
			case unseen:
				visit(r.to)
			}
		}
		path = path[:len(path)-1]
		state[id] = done
	}
	for _, id := range from {
		if state[id] == unseen {
			visit(id)
		}
	}
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
