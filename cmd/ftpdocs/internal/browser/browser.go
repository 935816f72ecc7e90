// Package browser starts a headless Chromium for the tests that check what
// readers see. It is the only package that imports chromedp, and only tests
// import it.
//
// Chromium is found on PATH (Debian's chromium, installed by .ci/run) or at
// $FTPDOCS_CHROMIUM. Without one, Start skips the test with a message: CI
// installs it, so there the browser tests always run.
package browser

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium executable, or "" when there is none.
func Path() string {
	if p := os.Getenv("FTPDOCS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start returns a browser tab context that ends with the test; every
// action on it is bounded by timeout. Use chromedp.Do and chromedp.Run
// (v0.20+ API) on it.
func Start(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		t.Skip("no Chromium found (install Debian's chromium, as .ci/run does, or set FTPDOCS_CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("allow-file-access-from-files", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	// The first call starts the browser; it must not carry the timeout,
	// which would stop the whole browser (chromedp.Run's documentation).
	if err := chromedp.Do(tab); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("cannot start Chromium at %s: %v", path, err)
	}
	ctx, cancelTime := context.WithTimeout(tab, timeout)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}
