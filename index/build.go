package index

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/reperes-ia/reperes/internal/artifact"
	"github.com/reperes-ia/reperes/internal/kb"
)

// Build writes the index of corpus c at dir, atomically.
//
// dir is a symbolic link to a generation directory beside it
// (.NAME.gen-<time>). Build writes a new generation in a temporary directory,
// then points the link at it with one rename, which the system performs
// atomically: a reader sees the old index or the new one, never a mix, and
// a build killed at any point leaves the old one in place. Older
// generations and leftovers of interrupted builds are then removed.
//
// If dir is a real directory holding an index (from an older layout) or an
// empty one, it is replaced the same way; any other existing file or
// directory at dir is left alone and Build fails.
func Build(dir string, c *kb.Corpus) (err error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	if err := artifact.CheckReplaceable(dir, stampFile, "index"); err != nil {
		return err
	}

	tmp, err := os.MkdirTemp(parent, "."+base+".build-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeGeneration(tmp, c); err != nil {
		return err
	}
	if err := readableByAll(tmp); err != nil {
		return err
	}

	gen := filepath.Join(parent, "."+base+".gen-"+time.Now().UTC().Format("20060102T150405.000000000"))
	if err := os.Rename(tmp, gen); err != nil {
		return err
	}
	tmp = gen // on failure from here, remove the generation
	link := gen + ".link"
	if err := os.Symlink(filepath.Base(gen), link); err != nil {
		return err
	}
	if info, statErr := os.Lstat(dir); statErr == nil && info.IsDir() {
		// A real directory cannot be replaced by a rename: move it aside
		// first. checkReplaceable made sure it is an index or empty.
		if err := os.Rename(dir, gen+".old"); err != nil {
			os.Remove(link)
			return err
		}
	}
	if err := os.Rename(link, dir); err != nil {
		os.Remove(link)
		return err
	}
	syncDir(parent)
	removeStale(parent, base, filepath.Base(gen))
	return nil
}

// writeGeneration writes a complete index directory at dir.
func writeGeneration(dir string, c *kb.Corpus) error {
	m, err := Mapping(facetNames(c.Taxonomy))
	if err != nil {
		return err
	}
	// The builder writes one merged segment, offline; its scratch files go
	// inside our temporary directory so that a killed build leaves nothing
	// elsewhere.
	b, err := bleve.NewBuilder(filepath.Join(dir, bleveDir), m, map[string]any{"buildPathPrefix": dir})
	if err != nil {
		return err
	}
	// The word statistics read every clause too: on another core, while
	// bleve indexes.
	stats := make(chan WordStats, 1)
	go func() { stats <- ComputeWordStats(c, nil) }()
	for i, cl := range c.Clauses() {
		if err := b.Index(cl.ID, document(c, cl, i)); err != nil {
			b.Close()
			return fmt.Errorf("index clause %q: %w", cl.ID, err)
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	corpus, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(dir, corpusFile), corpus); err != nil {
		return err
	}
	words, err := json.Marshal(<-stats)
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(dir, wordsFile), words); err != nil {
		return err
	}
	stamp, err := json.MarshalIndent(Stamp{Schema: SchemaVersion, Digest: c.Digest, Clauses: c.NumClauses()}, "", "  ")
	if err != nil {
		return err
	}
	// The stamp is written last: a directory with a stamp is complete.
	return writeFileSync(filepath.Join(dir, stampFile), stamp)
}

func writeFileSync(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// removeStale deletes older generations and leftovers of interrupted builds
// of the index named base in parent, keeping the generation current.
func removeStale(parent, base, current string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := "." + base + ".gen-"
	for _, e := range entries {
		name := e.Name()
		ours := strings.HasPrefix(name, prefix) || strings.HasPrefix(name, "."+base+".build-")
		if ours && name != current {
			os.RemoveAll(filepath.Join(parent, name))
		}
	}
}

// readableByAll opens a generation to every user: the index holds only
// public content, and the server that reads it often runs as another user
// than the one who built it (systemd's DynamicUser, a container's non-root
// user). bleve and MkdirTemp create it private (0700, 0600).
func readableByAll(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if d.IsDir() {
			mode = 0o755
		}
		return os.Chmod(path, mode)
	})
}
