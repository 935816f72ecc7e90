package webcheck

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHTMLValid runs the W3C Nu HTML checker (vnu-jar from npm) once over
// every HTML file of the built site: zero errors. A page known to be
// invalid goes along as a canary: the checker must report it, or the run
// proves nothing (without enough thread stack, for one, the checker fails
// on each file and still reports no error).
func TestHTMLValid(t *testing.T) {
	t.Parallel() // Java, not Chromium: runs beside the browser tests
	f := built(t)
	jar := npmFile(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("no java on PATH: the Nu checker needs Java 11 or later (apt-get install default-jre-headless)")
	}
	canary := filepath.Join(t.TempDir(), "canary.html")
	os.WriteFile(canary, []byte("<!doctype html><html lang=en><title>canary</title><p><div></span>\n"), 0o644)

	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, "-Xss8m", "-jar", jar, "--errors-only", "--skip-non-html", f.dir, canary)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	runErr := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("the Nu checker did not finish in time: %v\n%s", ctx.Err(), out.String())
	}
	canaryFound := false
	errs := 0
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		switch {
		case line == "":
		case strings.Contains(line, "canary.html"):
			canaryFound = true
		default:
			errs++
			t.Error(strings.Replace(line, "file:"+f.dir, "public", 1))
		}
	}
	if !canaryFound {
		t.Fatalf("the Nu checker did not report the invalid canary page (exit: %v):\n%s", runErr, out.String())
	}
	pages := 0
	filepath.WalkDir(f.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages++
		}
		return nil
	})
	t.Logf("Nu checker: %d HTML files, %d errors, in %v", pages, errs, time.Since(start).Round(time.Millisecond))
}
