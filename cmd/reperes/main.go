// Command reperes builds, checks and searches the Repères IA knowledge base.
// See "reperes --help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/reperes-ia/reperes/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
