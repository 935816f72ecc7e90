package webcheck

import (
	"context"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/build"
)

// repoRoot is the repository root, seen from this package's directory.
const repoRoot = "../../../.."

// prefix is the sub-path the site is served under, as on a GitHub Pages
// project site (https://owner.github.io/ftpdocs/).
const prefix = "/ftpdocs/"

var sharedTemp string

func TestMain(m *testing.M) {
	var err error
	if sharedTemp, err = os.MkdirTemp("", "ftpdocs-webcheck-"); err != nil {
		panic(err)
	}
	code := m.Run()
	if fx != nil {
		fx.srv.Close()
	}
	os.RemoveAll(sharedTemp)
	os.Exit(code)
}

// fixture is the real content/ built with the base URL of a local server
// and served by it under prefix.
type fixture struct {
	dir  string // the built site
	srv  *httptest.Server
	base string // "http://127.0.0.1:PORT/ftpdocs/"
}

var (
	fxOnce sync.Once
	fx     *fixture
	fxErr  error
)

// built builds the site once per test binary and starts its server.
func built(t testing.TB) *fixture {
	t.Helper()
	fxOnce.Do(func() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fxErr = err
			return
		}
		f := &fixture{dir: filepath.Join(sharedTemp, "public"), base: "http://" + ln.Addr().String() + prefix}
		root, _ := filepath.Abs(repoRoot)
		res, err := build.Build(os.DirFS(root), f.dir, build.Options{BaseURL: f.base})
		if err != nil {
			ln.Close()
			fxErr = fmt.Errorf("build --base-url %s: %v", f.base, err)
			return
		}
		res.Close() // the search indexes, in memory: the tests read the files
		f.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: pagesHandler(f.dir, prefix)}}
		f.srv.Start()
		fx = f
	})
	if fxErr != nil {
		t.Fatal(fxErr)
	}
	return fx
}

// url is the address of a path from the site root on the test server.
func (f *fixture) url(p string) string { return f.base + p }

// fileURL is the file:// address of a path from the site root.
func (f *fixture) fileURL(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return "file://" + filepath.ToSlash(filepath.Join(f.dir, filepath.FromSlash(p)))
}

// holdParam, in a query string, makes the test server strip the meta refresh
// from a redirect page, so that the page itself can be checked. GitHub Pages
// ignores query strings; this is the test server's only addition.
const holdParam = "webcheck-hold"

var metaRefresh = regexp.MustCompile(`<meta http-equiv="refresh"[^>]*>\n?`)

// pagesHandler serves dir under pre the way GitHub Pages serves a project
// site: "x" redirects to "x/" when x/index.html exists, "x/" serves
// x/index.html, and any missing path gets the root 404.html with status 404.
// It adds a strict Content-Security-Policy.
func pagesHandler(dir, pre string) http.Handler {
	notFound := func(w http.ResponseWriter) {
		data, _ := os.ReadFile(filepath.Join(dir, "404.html"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", csp)
		w.WriteHeader(http.StatusNotFound)
		w.Write(data)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if p+"/" == pre {
			http.Redirect(w, r, pre, http.StatusMovedPermanently)
			return
		}
		if !strings.HasPrefix(p, pre) {
			notFound(w)
			return
		}
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+strings.TrimPrefix(p, pre))))
		st, err := os.Stat(name)
		if err == nil && st.IsDir() {
			if _, err := os.Stat(filepath.Join(name, "index.html")); err != nil {
				notFound(w)
				return
			}
			if !strings.HasSuffix(p, "/") {
				http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
			st, err = os.Stat(name)
		}
		if err != nil || st.IsDir() {
			notFound(w)
			return
		}
		data, err := os.ReadFile(name)
		if err != nil {
			notFound(w)
			return
		}
		ctype := mime.TypeByExtension(filepath.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		if strings.HasPrefix(ctype, "text/html") && strings.Contains(r.URL.RawQuery, holdParam) {
			data = metaRefresh.ReplaceAll(data, nil)
		}
		w.Header().Set("Content-Type", ctype)
		// Stricter than GitHub Pages, which sends no policy: the pages
		// must work under it (TestAccessibility reports violations).
		w.Header().Set("Content-Security-Policy", csp)
		w.Write(data)
	})
}

// csp is the Content-Security-Policy the test server sends with every file.
const csp = "default-src 'self'"

// pageType is one kind of page, by its path from the site root in each
// language ("" when the kind has only one page).
type pageType struct {
	name   string
	en, ru string
}

// pageTypes are every kind of page the site has. The 404 page is reached
// through missing addresses (it is served at any depth), one of them a
// reply code so that its decoder shows; the redirect page is held (see
// holdParam).
var pageTypes = []pageType{
	{"home", "", "ru/"},
	{"code index", "codes/", "ru/codes/"},
	{"class", "codes/4xx/", "ru/codes/4xx/"},
	{"code", "codes/425/", "ru/codes/425/"},
	{"command index", "commands/", "ru/commands/"},
	{"command", "commands/pasv/", "ru/commands/pasv/"},
	{"guide index", "guides/", "ru/guides/"},
	{"guide", "guides/passive-mode/", "ru/guides/passive-mode/"},
	{"search", "search/?q=passive+mode", "ru/search/?q=пассивный+режим"},
	{"404", "codes/499/", "ru/codes/426x/"},
	{"redirect", "codes/400/?" + holdParam, "ru/codes/400/?" + holdParam},
}

// pages lists every page type in both languages as (label, path).
func pages() [][2]string {
	var out [][2]string
	for _, pt := range pageTypes {
		out = append(out, [2]string{pt.name + " (en)", pt.en})
		if pt.ru != "" {
			out = append(out, [2]string{pt.name + " (ru)", pt.ru})
		}
	}
	return out
}

// npmDir is where .ci/run installs the npm tools (npm ci --prefix .ci/npm),
// or $FTPDOCS_NPM_MODULES.
func npmDir() string {
	if d := os.Getenv("FTPDOCS_NPM_MODULES"); d != "" {
		return d
	}
	d, _ := filepath.Abs(filepath.Join(repoRoot, ".ci", "npm", "node_modules"))
	return d
}

// npmFile returns a file of an npm package, or skips the test.
func npmFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(npmDir(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not installed (run: npm ci --prefix .ci/npm, as .ci/run does, or set FTPDOCS_NPM_MODULES)", p)
	}
	return p
}

// waitFor evaluates the JavaScript condition every 50 ms until it is true,
// across navigations (which end a chromedp.Poll), or until timeout; it
// returns the last error when the condition never held.
func waitFor(ctx context.Context, cond string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("%s: still false after %v", cond, timeout)
			}
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
