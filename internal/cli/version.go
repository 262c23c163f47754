package cli

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/load"
)

// versionInfo is what "reperes version" prints: enough for an
// administrator to tell two deployments apart, and to know whether an index
// built elsewhere can be opened by this binary.
type versionInfo struct {
	Module   string `json:"module"`   // module path and version ("(devel)" for a source build)
	Revision string `json:"revision"` // VCS revision the binary was built from, "+modifié" if the tree was dirty
	Content  string `json:"content"`  // digest of the content embedded in the binary
	Schema   int    `json:"schema"`   // index schema this binary reads and writes
	Go       string `json:"go"`
	// Index is the stamp of the index given by --index, if any.
	Index *index.Stamp `json:"index,omitempty"`
}

func (a *app) versionCmd() *cobra.Command {
	var (
		asJSON bool
		dir    string
	)
	cmd := &cobra.Command{
		Use:   "version [--json] [--index DIR]",
		Short: "Print the module version, VCS revision, content digest and index schema",
		Long: `Version prints the module version and the VCS revision the binary was
built from, the digest of the content embedded in it, and the schema of the
index it reads and writes. With --index, it also prints the stamp of that
index (schema, content digest, number of clauses), without opening it.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := versionInfo{Module: "github.com/reperes-ia/reperes (devel)", Revision: "inconnue", Schema: index.SchemaVersion}
			if bi, ok := debug.ReadBuildInfo(); ok {
				v.Module = bi.Main.Path + " " + bi.Main.Version
				v.Go = bi.GoVersion
				var rev, modified string
				for _, s := range bi.Settings {
					switch s.Key {
					case "vcs.revision":
						rev = s.Value
					case "vcs.modified":
						modified = s.Value
					}
				}
				if rev != "" {
					v.Revision = rev
					if modified == "true" {
						v.Revision += "+modifié"
					}
				}
			}
			digest, err := load.Digest(a.content)
			if err != nil {
				return fmt.Errorf("content digest: %w", err)
			}
			v.Content = digest
			if dir != "" {
				stamp, err := index.ReadStamp(dir)
				if err != nil {
					return err
				}
				v.Index = &stamp
			}
			if asJSON {
				out, err := json.MarshalIndent(v, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, string(out))
				return nil
			}
			fmt.Fprintf(a.stdout, "module    %s\nrevision  %s\ncontenu   %s\nschéma    %d\ngo        %s\n", v.Module, v.Revision, v.Content, v.Schema, v.Go)
			if v.Index != nil {
				fmt.Fprintf(a.stdout, "index     %s: schéma %d, contenu %s, %d clauses\n", dir, v.Index.Schema, v.Index.Digest, v.Index.Clauses)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the facts as JSON")
	cmd.Flags().StringVar(&dir, "index", "", "also print the stamp of the index in `DIR`")
	return cmd
}
