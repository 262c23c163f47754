// Package cli is the reperes command line: it wires the loader, the index,
// the search engine and the outputs together. Main is its only entry point,
// so tests run the real commands in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reperes-ia/reperes/content"
	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/load"
	"github.com/reperes-ia/reperes/internal/search"
)

// DefaultIndex is where "reperes build" (and so "make build") writes the
// index, relative to the working directory, and where the other commands
// look for it when no --index is given.
const DefaultIndex = "var/index"

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed: invalid content, unknown clause…
	exitUsage = 2 // the command was misused: bad flag, invalid query…
)

// errUsage marks errors that come from how the command was called.
var errUsage = errors.New("usage")

// usageError wraps err so that Main exits with exitUsage.
func usageError(err error) error { return fmt.Errorf("%w: %w", errUsage, err) }

// Main runs the reperes command with args (without the program name) and
// returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, content: content.FS}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	name := "reperes " + cmd.Name()
	if cmd == root {
		name = "reperes"
	}
	switch {
	case errors.Is(err, errReported):
		// The command printed its own diagnostics.
	case errors.Is(err, errUsage), errors.Is(err, kb.ErrInvalidQuery), isFlagError(err),
		cmd == root && strings.HasPrefix(err.Error(), "unknown command"):
		fmt.Fprintf(stderr, "%s: %v\n", name, trimUsage(err))
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", name)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
	}
	return exitError
}

// errReported is returned by a command that has already printed why it
// failed (check prints one problem per line).
var errReported = errors.New("reported")

// flagError is how cobra's own argument and flag errors are recognised: it
// returns them unwrapped, so they are told apart by where they come from.
type flagError struct{ err error }

func (e flagError) Error() string { return e.err.Error() }
func (e flagError) Unwrap() error { return e.err }

func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe)
}

func trimUsage(err error) string {
	msg := err.Error()
	if p := errUsage.Error() + ": "; len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return msg
}

// app holds what every command shares.
type app struct {
	stdout, stderr io.Writer
	content        fs.FS // the embedded content
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "reperes",
		Short: "Repères IA: the AI framework for French schools, as searchable clauses",
		Long: `Repères IA is a searchable knowledge base of the French Ministry of Education's
"Cadre d'usage de l'IA en éducation" (June 2025), of the union positions on it
and of Education International's conclusions on AI.

The content is embedded in this binary; --content and --index point elsewhere.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError{err} })
	root.AddCommand(
		a.checkCmd(),
		a.buildCmd(),
		a.searchCmd(),
		a.showCmd(),
		a.citeCmd(),
		a.evalCmd(),
		a.serveCmd(),
		a.exportCmd(),
		a.versionCmd(),
		a.healthCmd(),
	)
	return root
}

// sourceFlags says where a command reads the corpus from.
type sourceFlags struct {
	content string // a content directory to load and index in memory
	index   string // a built index directory
}

func (s *sourceFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.content, "content", "", "read the content from `DIR` (indexed in memory) instead of the embedded content")
	cmd.Flags().StringVar(&s.index, "index", "", "use the index built in `DIR` (default "+DefaultIndex+" if it is up to date, else the embedded content)")
}

func (s sourceFlags) check() error {
	if s.index != "" && s.content != "" {
		return usageError(errors.New("--content and --index cannot be used together"))
	}
	return nil
}

// loadContent loads and validates a content tree: the directory given, or
// the embedded one.
func (a *app) loadContent(dir string) (*kb.Corpus, error) {
	fsys, root := a.content, "content"
	if dir != "" {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, usageError(fmt.Errorf("--content: %w", err))
		}
		if !info.IsDir() {
			return nil, usageError(fmt.Errorf("--content: %s is not a directory", dir))
		}
		fsys, root = os.DirFS(dir), dir
	}
	return load.Load(fsys, load.Options{Root: root, Analyze: index.Terms})
}

// searcher opens the index a command should use: --index, else an
// in-memory index of --content, else the default index if it was built from
// the embedded content, else an in-memory index of the embedded content.
// The caller closes the index.
func (a *app) searcher(src sourceFlags) (*search.Searcher, *index.Index, error) {
	if err := src.check(); err != nil {
		return nil, nil, err
	}
	if src.index != "" {
		ix, err := index.Open(src.index)
		if err != nil {
			return nil, nil, err
		}
		return search.New(ix), ix, nil
	}
	if src.content == "" {
		if ix := a.defaultIndex(); ix != nil {
			return search.New(ix), ix, nil
		}
	}
	c, err := a.loadContent(src.content)
	if err != nil {
		return nil, nil, err
	}
	ix, err := index.New(c)
	if err != nil {
		return nil, nil, err
	}
	return search.New(ix), ix, nil
}

// corpus returns the corpus a command should read, from the same place as
// searcher would, without building a search index when there is none: show
// and cite need only the corpus. The caller calls done when finished.
func (a *app) corpus(src sourceFlags) (c *kb.Corpus, done func(), err error) {
	if err := src.check(); err != nil {
		return nil, nil, err
	}
	var ix *index.Index
	switch {
	case src.index != "":
		if ix, err = index.Open(src.index); err != nil {
			return nil, nil, err
		}
	case src.content == "":
		ix = a.defaultIndex()
	}
	if ix != nil {
		return ix.Corpus(), func() { ix.Close() }, nil
	}
	if c, err = a.loadContent(src.content); err != nil {
		return nil, nil, err
	}
	return c, func() {}, nil
}

// defaultIndex opens DefaultIndex if it exists and was built from the
// embedded content. A stale one is ignored, with a note: searching an
// out-of-date index would silently give old answers.
func (a *app) defaultIndex() *index.Index {
	stamp, err := index.ReadStamp(DefaultIndex)
	if err != nil {
		if !errors.Is(err, index.ErrNoIndex) {
			fmt.Fprintf(a.stderr, "note: ignoring %s: %v\n", DefaultIndex, err)
		}
		return nil
	}
	digest, err := load.Digest(a.content)
	if err != nil || digest != stamp.Digest {
		fmt.Fprintf(a.stderr, "note: %s was built from other content than this binary's; using the embedded content (run 'make build' to refresh it)\n", DefaultIndex)
		return nil
	}
	ix, err := index.Open(DefaultIndex)
	if err != nil {
		fmt.Fprintf(a.stderr, "note: ignoring %s: %v\n", DefaultIndex, err)
		return nil
	}
	return ix
}

// exactArgs is cobra.ExactArgs with errors that Main reports as usage errors.
// minArgs is cobra.MinimumNArgs, reported as a usage error.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return flagError{err}
		}
		return nil
	}
}

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return flagError{err}
		}
		return nil
	}
}
