package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// sharedTemp outlives single tests: the built site is shared by all.
var sharedTemp string

func TestMain(m *testing.M) {
	// A test binary that a test starts in place of ftpdocs (TestBench)
	// runs the command it is given.
	if os.Getenv("FTPDOCS_AS_CLI") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	var err error
	if sharedTemp, err = os.MkdirTemp("", "ftpdocs-test-"); err != nil {
		panic(err)
	}
	// The builds keep their bleve indexes in the user's cache directory,
	// one per repository path; the tests' repositories are temporary, so
	// their indexes go with them.
	os.Setenv("XDG_CACHE_HOME", filepath.Join(sharedTemp, "cache"))
	code := m.Run()
	os.RemoveAll(sharedTemp)
	os.Exit(code)
}

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  string
)

// builtSite builds the real content/ into a temporary directory once.
func builtSite(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir := filepath.Join(sharedTemp, "site")
		root, _ := filepath.Abs(repoRoot)
		var out, errb bytes.Buffer
		t.Chdir(root)
		if code := run([]string{"build", "--out", dir}, &out, &errb); code != 0 {
			builtErr = errb.String()
		}
		builtDir = dir
	})
	if builtErr != "" {
		t.Fatalf("build failed:\n%s", builtErr)
	}
	return builtDir
}

// readerPath follows the path of the README's "done when": home page → 425
// → PASV → switch to Russian, landing on the Russian PASV page. suffix is
// what a directory link ends with on this host ("" on a web host,
// "index.html" from disk).
func readerPath(t *testing.T, start, suffix string) {
	ctx := browser.Start(t, 60*time.Second)
	var loc, lang, h1 string
	err := chromedp.Do(ctx,
		chromedp.Navigate(start),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
		chromedp.Click(chromedp.CSS(`main a[href$="codes/425/`+suffix+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	if err != nil {
		t.Fatalf("home → 425: %v", err)
	}
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/codes/425/"+suffix) {
		t.Fatalf("after clicking 425: at %s", loc)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href$="commands/pasv/`+suffix+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.replies`)),
	)
	if err != nil {
		t.Fatalf("425 → PASV: %v", err)
	}
	if loc, _ = chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/commands/pasv/"+suffix) {
		t.Fatalf("after clicking PASV: at %s", loc)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[data-lang-switch]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] dl.replies`)),
	)
	if err != nil {
		t.Fatalf("switching language: %v", err)
	}
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	lang, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	h1, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main h1`)))
	if !strings.HasSuffix(loc, "/ru/commands/pasv/"+suffix) || lang != "ru" || !strings.Contains(h1, "PASV") {
		t.Fatalf("after switching: at %s, lang %q, h1 %q", loc, lang, h1)
	}
}

func TestBrowserFromDisk(t *testing.T) {
	dir := builtSite(t)
	readerPath(t, "file://"+filepath.ToSlash(filepath.Join(dir, "index.html")), "index.html")
}

func TestBrowserOverHTTP(t *testing.T) {
	dir := builtSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	readerPath(t, srv.URL+"/", "")
}

// TestBrowserRelatedAndDeepLink opens a code page, follows a related-code
// link, then switches language with a #fragment in the address: the Russian
// page has the same anchor, and the fragment survives.
func TestBrowserRelatedAndDeepLink(t *testing.T) {
	dir := builtSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ctx := browser.Start(t, 60*time.Second)
	var related string
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/codes/425/"),
		chromedp.WaitVisible(chromedp.CSS(`ul.related a`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	related, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("ul.related a").getAttribute("href")`))
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`ul.related a`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	code := strings.Trim(strings.TrimPrefix(related, "../"), "/")
	if !strings.HasSuffix(loc, "/codes/"+code+"/") {
		t.Fatalf("related link %q led to %s", related, loc)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/codes/425/#causes"),
		chromedp.WaitVisible(chromedp.CSS(`#causes`)),
		chromedp.Click(chromedp.CSS(`a[data-lang-switch]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] #causes`)),
	)
	if err != nil {
		t.Fatalf("deep link across the language switch: %v", err)
	}
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/ru/codes/425/#causes") {
		t.Fatalf("after switching: %s", loc)
	}
}
