// Package browsertest drives a real headless Chromium (Debian's package)
// for the browser tests of the server and of the static export.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Chrome starts a headless Chromium (Debian's package) for one test, and
// fails the test on any uncaught exception or console error, CSP
// violations included. Without Chromium the test is skipped, except in CI,
// whose script installs it.
func Chrome(t *testing.T) context.Context {
	t.Helper()
	return ChromeWith(t, Options{})
}

// Options tune ChromeWith.
type Options struct {
	// Timeout bounds the whole test's browsing (60 s if zero).
	Timeout time.Duration
	// Allow lists console messages that are expected (a page that answers
	// 404 on purpose): a console error containing one of them is not a
	// failure.
	Allow []string
}

// ChromeWith is Chrome with options.
func ChromeWith(t *testing.T, o Options) context.Context {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run installs it")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	// Not t.TempDir: Chromium's helper processes may still write to their
	// profile for a moment after the browser is told to exit, and the
	// test would fail on a cleanup error.
	profile, err := os.MkdirTemp("", "reperes-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// Registered first, so run last: after the browser is told to exit.
	t.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	// Chromium may exit at start while the machine is loaded (seen once in
	// a full test run, with browser tests of two packages at once: Debian's
	// wrapper script failed a test on the memory size, and Chromium never
	// answered): that is not what the test is about, so the start is tried
	// again, three times at most.
	var (
		ctx                                context.Context
		cancelAlloc, cancel, cancelTimeout context.CancelFunc
		err2                               error
	)
	for attempt := 0; attempt < 3; attempt++ {
		var actx context.Context
		actx, cancelAlloc = chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel = chromedp.NewContext(actx)
		ctx, cancelTimeout = context.WithTimeout(ctx, o.Timeout)
		if err2 = chromedp.Run(ctx); err2 == nil {
			break
		}
		cancelTimeout()
		cancel()
		cancelAlloc()
		time.Sleep(200 * time.Millisecond)
	}
	if err2 != nil {
		t.Fatal(err2)
	}
	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			allowed := strings.Contains(ev.Entry.Text, "favicon.ico")
			for _, a := range o.Allow {
				allowed = allowed || strings.Contains(ev.Entry.Text, a)
			}
			if ev.Entry.Level == log.LevelError && !allowed {
				problems = append(problems, "console: "+ev.Entry.Text)
			}
		}
	})
	if err := chromedp.Run(ctx, log.Enable()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		for _, p := range problems {
			t.Errorf("browser: %s", p)
		}
		mu.Unlock()
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return ctx
}

// WaitFor polls a JavaScript expression until it is true (10 s at most).
func WaitFor(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(10*time.Second))
}
