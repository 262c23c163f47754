package cli

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// healthCmd asks a running server whether it answers. A container's
// HEALTHCHECK runs it: the image has no shell and no curl, only this binary.
func (a *app) healthCmd() *cobra.Command {
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "health [--url URL]",
		Short: "Check that a running server answers on /healthz",
		Long: `Health requests URL (by default the /healthz of a server on
127.0.0.1:8080) and exits with status 0 if it answers 200 within the
timeout, 1 otherwise. It is the HEALTHCHECK of the container image.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return usageError(fmt.Errorf("--url: %w", err))
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return fmt.Errorf("%s: %w", url, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("%s: %s", url, resp.Status)
			}
			fmt.Fprintf(a.stdout, "%s: %s\n", url, resp.Status)
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "url", "http://127.0.0.1:8080/healthz", "address to check (`URL`)")
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Second, "give up after `DURATION`")
	return cmd
}
