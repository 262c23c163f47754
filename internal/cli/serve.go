package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/spf13/cobra"

	"github.com/reperes-ia/reperes/internal/export"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/server"
	"github.com/reperes-ia/reperes/static"
)

func (a *app) serveCmd() *cobra.Command {
	var (
		src       sourceFlags
		cfg       server.Config
		accessLog bool
	)
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--index DIR] [--base-path /PATH] [--base-url URL]",
		Short: "Serve the web site and the JSON API",
		Long: `Serve starts the web server: the French site (search, clause pages, role,
theme and document pages) and the JSON API (/api/search, /api/clauses/{id},
/api/openapi.json, /healthz). It stops gracefully on SIGINT or SIGTERM,
letting requests in flight finish.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := render.CheckContact(cfg.Contact); err != nil {
				return usageError(fmt.Errorf("--contact: %w", err))
			}
			s, ix, err := a.searcher(src)
			if err != nil {
				return err
			}
			defer ix.Close()
			tuneGC()
			cfg.Static = static.FS
			if accessLog {
				cfg.Log = slog.New(slog.NewTextHandler(a.stderr, nil))
			} else {
				cfg.Log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
			}
			gin.SetMode(gin.ReleaseMode) // no debug log from gin in the program
			srv, err := server.New(s, cfg)
			if err != nil {
				return err
			}
			return srv.Serve(cmd.Context(), func(addr string) {
				fmt.Fprintf(a.stdout, "Repères IA : http://%s%s/ (%d clauses ; Ctrl-C pour arrêter)\n", addr, cfg.BasePath, s.Corpus().NumClauses())
				if f, ok := a.stdout.(*os.File); ok {
					f.Sync()
				}
			})
		},
	}
	src.add(cmd)
	cmd.Flags().StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	cmd.Flags().StringVar(&cfg.BasePath, "base-path", "", "serve under this path prefix, behind a reverse proxy (`/PATH`)")
	cmd.Flags().StringVar(&cfg.BaseURL, "base-url", "", "public address of the site, for citation links (`URL`)")
	cmd.Flags().StringVar(&cfg.Contact, "contact", "", "where readers report an accessibility problem, shown on /accessibilite (`EMAIL-OR-URL`)")
	cmd.Flags().StringSliceVar(&cfg.TrustedProxies, "trusted-proxy", nil, "trust X-Forwarded-For from this proxy `IP or CIDR` (repeatable); none by default")
	cmd.Flags().BoolVar(&accessLog, "access-log", true, "log every request to standard error")
	return cmd
}

// tuneGC trades memory for processor time: the server's live heap is small
// (about 20 MB on the bundled content), so collecting less often is cheap in
// memory and gave 37% more searches per second under load. A soft limit
// keeps the process small. GOGC and GOMEMLIMIT, when set, win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(80 << 20)
	}
}

func (a *app) exportCmd() *cobra.Command {
	var (
		src sourceFlags
		cfg export.Config
	)
	cmd := &cobra.Command{
		Use:   "export --out DIR",
		Short: "Write the whole site as static files, for an intranet",
		Long: `Export writes every page of the site into DIR as static files whose links
are relative, so that the copy works under any path of a web server and opened
from disk. The copy is written beside DIR, then swapped in; an existing DIR is
replaced only if it is an earlier export. The search page searches in the
browser, with the same engine, answers and results as the server; the
questions pratiques, the glossary, the role sheets and the dossier are
written too.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := render.CheckContact(cfg.Contact); err != nil {
				return usageError(fmt.Errorf("--contact: %w", err))
			}
			if cfg.Out == "" {
				return usageError(errors.New("--out is required"))
			}
			c, done, err := a.corpus(src)
			if err != nil {
				return err
			}
			defer done()
			cfg.Static = static.FS
			st, err := export.Write(c, cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "exported %d pages (%d files, %.1f MB) to %s in %s\n",
				st.Pages, st.Files, float64(st.Bytes)/1e6, cfg.Out, st.Took.Round(time.Millisecond))
			fmt.Fprintf(a.stdout, "search page payload: %.0f KB, %.0f KB gzipped (search data %.0f KB)\n",
				float64(st.SearchPayload)/1e3, float64(st.SearchPayloadGzip)/1e3, float64(st.SearchData)/1e3)
			return nil
		},
	}
	src.add(cmd)
	cmd.Flags().StringVar(&cfg.Out, "out", "", "write the site into `DIR`")
	cmd.Flags().StringVar(&cfg.BaseURL, "base-url", "", "public address of the copy, for citation links (`URL`)")
	cmd.Flags().StringVar(&cfg.Contact, "contact", "", "where readers report an accessibility problem, shown on the accessibility statement (`EMAIL-OR-URL`)")
	return cmd
}
