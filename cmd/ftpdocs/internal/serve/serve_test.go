package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/build"
)

// TestEditShowsOnNextRequest edits a page on disk: once the event stream
// announces the new version, the very next request serves the change.
func TestEditShowsOnNextRequest(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	events := ts.stream(t)
	if _, body := ts.get(t, "/ru/codes/425/"); !strings.Contains(body, "Межсетевой экран.") {
		t.Fatalf("before the edit, the page does not have its text:\n%s", body)
	}
	replaceIn(t, dir, "content/ru/codes/425.md", "Межсетевой экран.", "Межсетевой экран на стороне клиента.")
	events.newVersion(t)
	resp, body := ts.get(t, "/ru/codes/425/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Межсетевой экран на стороне клиента.") {
		t.Fatalf("after the rebuild: %s, the page does not show the edit", resp.Status)
	}
	// Templates, UI strings and static files are watched too.
	replaceIn(t, dir, "i18n/site.ru.yaml", "\n", "\n# edited\n")
	replaceIn(t, dir, "templates/404.html", `{{define "main"}}`, `{{define "main"}}<p hidden data-edited></p>`)
	events.newVersion(t)
	if _, body := ts.get(t, "/nowhere/"); !strings.Contains(body, "data-edited") {
		t.Fatalf("the template edit is not served")
	}
}

// TestBrokenFrontMatterKeepsLastGoodSite breaks a page: the last good site
// keeps being served and the event stream carries the error with its
// position; fixing the page clears it.
func TestBrokenFrontMatterKeepsLastGoodSite(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	events := ts.stream(t)
	good := events.last.Version
	_, before := ts.get(t, "/codes/426/")

	replaceIn(t, dir, "content/en/codes/426.md", "title: Connection", "title: [Connection")
	st := events.wait(t, "the error", func(st status) bool { return len(st.Errors) > 0 })
	want := problem{Pos: "content/en/codes/426.md:3:1", Msg: "invalid YAML in front matter: ',' or ']' must be specified"}
	if !slices.Contains(st.Errors, want) {
		t.Errorf("errors %+v do not include %+v", st.Errors, want)
	}
	if st.Version != good {
		t.Errorf("version %q while broken, want the last good %q", st.Version, good)
	}
	resp, body := ts.get(t, "/codes/426/")
	if resp.StatusCode != http.StatusOK || body != before {
		t.Errorf("while broken: %s; the last good page is not served unchanged", resp.Status)
	}
	// A page opened now learns the errors at once.
	if fresh := ts.stream(t); len(fresh.last.Errors) == 0 {
		t.Errorf("a new event stream starts without the errors: %+v", fresh.last)
	}

	replaceIn(t, dir, "content/en/codes/426.md", "title: [Connection", "title: Connection")
	st = events.wait(t, "the fix", func(st status) bool { return len(st.Errors) == 0 })
	if st.Version != good {
		t.Errorf("after the fix the site is the same as before, but the version changed: %q, was %q", st.Version, good)
	}
}

// TestFirstBuildFails starts on a broken site: a placeholder page carries
// the reload client, and the site appears once it is fixed.
func TestFirstBuildFails(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	replaceIn(t, dir, "content/en/codes/426.md", "title: Connection", "title: [Connection")
	ts := start(t, dir, "/")
	events := ts.stream(t)
	if len(events.last.Errors) == 0 || events.last.Version != "" {
		t.Fatalf("first status: %+v, want errors and no version", events.last)
	}
	resp, body := ts.get(t, "/codes/425/")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, liveDir+"live.js") {
		t.Fatalf("with no good build: %s\n%s", resp.Status, body)
	}
	replaceIn(t, dir, "content/en/codes/426.md", "title: [Connection", "title: Connection")
	events.newVersion(t)
	if resp, _ := ts.get(t, "/codes/425/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the fix: %s", resp.Status)
	}
}

// TestWatchesNewDirectories creates a directory after the server started:
// files added to it later are seen too.
func TestWatchesNewDirectories(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	events := ts.stream(t)
	svg := func(s string) string {
		return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>` + s + `</title></svg>`
	}
	served := func(name string) bool {
		for n := range ts.srv.site.Load().files {
			if strings.HasPrefix(n, name+".") {
				return true
			}
		}
		return false
	}
	writeFile(t, dir, "static/img/deep/a.svg", svg("a"))
	events.newVersion(t)
	if !served("img/deep/a") {
		t.Fatal("static/img/deep/a.svg is not served")
	}
	// Only a watch on the new directory sees this one.
	writeFile(t, dir, "static/img/deep/b.svg", svg("b"))
	events.newVersion(t)
	if !served("img/deep/b") {
		t.Fatal("static/img/deep/b.svg is not served")
	}
}

func mustRead(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestLikeGitHubPages checks redirects, 404s, listings, dotfiles, content
// types and revalidation against what GitHub Pages does.
func TestLikeGitHubPages(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	site := ts.srv.site.Load()
	asset := func(prefix, ext string) string {
		for name := range site.files {
			if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ext) {
				return "/" + name
			}
		}
		t.Fatalf("no %s*%s in the site", prefix, ext)
		return ""
	}
	tests := []struct {
		path     string
		status   int
		location string // for redirects
		ctype    string // for 200
	}{
		{"/", 200, "", "text/html; charset=utf-8"},
		{"/codes/425/", 200, "", "text/html; charset=utf-8"},
		{"/codes/425/index.html", 200, "", "text/html; charset=utf-8"},
		{"/ru/codes/425/?from=log", 200, "", "text/html; charset=utf-8"},
		{"/codes/425", 301, "/codes/425/", ""},
		{"/ru/codes/425?from=log", 301, "/ru/codes/425/?from=log", ""},
		{"/codes", 301, "/codes/", ""},
		{"/codes/999/", 404, "", ""},
		{"/codes/999", 404, "", ""},
		{"/codes/425/index.htm", 404, "", ""},
		{"/api/", 404, "", ""}, // a directory without index.html: no listing
		{"/css/", 404, "", ""},
		{"/api", 404, "", ""},
		{"/.nojekyll", 404, "", ""},
		{"/.ftpdocs/", 404, "", ""},
		{"/404.html", 200, "", "text/html; charset=utf-8"},
		{"/api/codes.json", 200, "", "application/json; charset=utf-8"},
		{"/sitemap.xml", 200, "", "application/xml"},
		{"/robots.txt", 200, "", "text/plain; charset=utf-8"},
		{asset("css/site.", ".css"), 200, "", "text/css; charset=utf-8"},
		{asset("js/site.", ".js"), 200, "", "text/javascript; charset=utf-8"},
		{asset("favicon.", ".svg"), 200, "", "image/svg+xml"},
		{"/.ftpdocs/live.js", 200, "", "text/javascript; charset=utf-8"},
		{"/.ftpdocs/live.js?" + liveVersion, 200, "", "text/javascript; charset=utf-8"},
		{"/search/en/meta.js", 200, "", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		resp, body := ts.get(t, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: %s, want %d", tt.path, resp.Status, tt.status)
			continue
		}
		switch tt.status {
		case 200:
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.ctype)
			}
			// Files with a content hash in their name may be kept; the rest
			// are revalidated, since a rebuild may change them any time.
			cache := "no-cache"
			if regexp.MustCompile(`\.[0-9a-f]{8}\.[a-z]+$|live\.js\?`).MatchString(tt.path) {
				cache = "max-age=31536000, immutable"
			}
			if resp.Header.Get("ETag") == "" || resp.Header.Get("Cache-Control") != cache {
				t.Errorf("GET %s: ETag %q, Cache-Control %q, want %q", tt.path, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"), cache)
			}
		case 301:
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("GET %s: Location %q, want %q", tt.path, got, tt.location)
			}
		case 404:
			if body != string(site.files["404.html"].data) {
				t.Errorf("GET %s: 404 without the site's 404 page:\n%s", tt.path, body)
			}
		}
	}

	// Revalidation: the ETag gives 304; HEAD has headers and no body.
	resp, _ := ts.get(t, "/codes/425/")
	etag := resp.Header.Get("ETag")
	if resp, body := ts.get(t, "/codes/425/", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match %s: %s with %d bytes", etag, resp.Status, len(body))
	}
	if resp, body := ts.do(t, http.MethodHead, "/codes/425/"); resp.StatusCode != 200 || body != "" || resp.ContentLength <= 0 {
		t.Errorf("HEAD: %s, %d bytes, Content-Length %d", resp.Status, len(body), resp.ContentLength)
	}
	if resp, _ := ts.do(t, http.MethodPost, "/codes/425/"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s", resp.Status)
	}
}

// TestBasePath serves the site under /repo/ as GitHub Pages serves a
// project site, then clicks through the whole site: every link and asset
// of every page, 404.html included, resolves.
func TestBasePath(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/repo/")
	tests := []struct {
		path     string
		status   int
		location string
	}{
		{"/repo/", 200, ""},
		{"/repo/ru/codes/425/", 200, ""},
		{"/repo", 301, "/repo/"},
		{"/repo?q=1", 301, "/repo/?q=1"},
		{"/repo/codes/425", 301, "/repo/codes/425/"},
		{"/", 404, ""},
		{"/codes/425/", 404, ""},
		{"/index.html", 404, ""},
		{"/repository/", 404, ""},
		{"/repo/nowhere/", 404, ""},
		{"/repo//codes/425/", 404, ""},
		{"/repo/.ftpdocs/live.js", 200, ""},
		{"/.ftpdocs/live.js", 404, ""},
	}
	for _, tt := range tests {
		resp, _ := ts.get(t, tt.path)
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
			t.Errorf("GET %s: %s %q, want %d %q", tt.path, resp.Status, resp.Header.Get("Location"), tt.status, tt.location)
		}
	}
	// 404.html is served at any depth, so it links from the base path.
	if resp, body := ts.get(t, "/nowhere/at/all/"); resp.StatusCode != 404 || !strings.Contains(body, `href="/repo/`) {
		t.Errorf("404.html does not link from the base path:\n%s", body)
	}

	if n := len(crawl(t, ts)); n < 30 {
		t.Errorf("the crawl reached only %d URLs", n)
	}
}

// TestRealSiteBasePath serves a copy of the real content under /ftpdocs/
// and clicks through all of it.
func TestRealSiteBasePath(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "site")
	copyDirs(t, dir, "content", "templates", "static", "i18n")
	ts := start(t, dir, "/ftpdocs/")
	if ts.srv.site.Load() == nil {
		t.Skipf("the real content does not build at the moment (the build package's tests report it):\n%s", ts.log)
	}
	seen := crawl(t, ts)
	var unreached []string
	for _, u := range pageURLs(ts) {
		if !seen[u] {
			unreached = append(unreached, strings.TrimPrefix(u, ts.url))
		}
	}
	// Not an error of serve's: pages no link leads to (the redirect pages
	// of old addresses, for instance).
	if len(unreached) > 0 {
		t.Logf("%d pages no link leads to: %v", len(unreached), unreached)
	}
}

// crawl clicks through the site as a reader would: from the home page, and
// from the 404 page at a deep missing URL, it follows every link and asset
// on this host, and reports the ones that fail or leave the base path. It
// returns the URLs visited.
func crawl(t *testing.T, ts *testServer) map[string]bool {
	t.Helper()
	base, _ := url.Parse(ts.url)
	notFoundURL := ts.origin + "/nowhere/at/all/"
	queue := []string{ts.url, notFoundURL}
	from := map[string]string{}
	seen := map[string]bool{}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		resp, body := ts.get(t, u)
		if u == notFoundURL && resp.StatusCode == http.StatusNotFound {
			resp.StatusCode = http.StatusOK
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("broken link on %s: %s: %s", from[u], u, resp.Status)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, ref := range links(t, body, u == notFoundURL) {
			if strings.HasPrefix(ref, "#") {
				continue // on this page, whatever its URL
			}
			next, err := resp.Request.URL.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad link %q", u, ref)
				continue
			}
			if next.Host != base.Host {
				continue
			}
			next.Fragment = ""
			if !strings.HasPrefix(next.Path, base.Path) {
				t.Errorf("%s: link %q leaves the base path", u, ref)
				continue
			}
			if n := next.String(); !seen[n] {
				if _, ok := from[n]; !ok {
					from[n] = u
				}
				queue = append(queue, n)
			}
		}
	}
	return seen
}

// links returns the href and src attributes of a page. On the 404 page it
// leaves out the canonical link and og:url: the build gives 404.html the
// canonical URL BASE/404/, which no host serves (a render issue, reported;
// nothing a reader clicks).
func links(t testing.TB, page string, is404 bool) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if is404 && n.Data == "link" && slices.Contains(n.Attr, html.Attribute{Key: "rel", Val: "canonical"}) {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" {
				out = append(out, a.Val)
			}
		}
	}
	return out
}

// TestHostilePaths sends request targets meant to leave the site. Each is
// answered 400 or 404, and never with a file from outside the site: not
// the secret beside the site directory, nor one inside it that is not part
// of the build.
func TestHostilePaths(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	const secret = "SECRET-7f3a9c"
	outside := filepath.Join(filepath.Dir(dir), "secret.txt")
	writeFile(t, filepath.Dir(dir), "secret.txt", secret)
	writeFile(t, dir, "secret.txt", secret)
	writeFile(t, dir, ".git/config", secret)
	ts := start(t, dir, "/")

	tests := []struct {
		target string
		status int
	}{
		{"/../secret.txt", 400},
		{"/..", 400},
		{"/codes/../../secret.txt", 400},
		{"/codes/425/..", 400},
		{"/./index.html", 400},
		{"/codes/425/%2e", 400},
		{"/%2e%2e/secret.txt", 400},
		{"/%2E%2E/%2e%2e/secret.txt", 400},
		{"/.%2e/secret.txt", 400},
		{"/..%2fsecret.txt", 400},
		{"/%2e%2e%2fsecret.txt", 400},
		{"/%2fsecret.txt", 400},
		{"/codes%2F425/", 400},
		{"/..\\secret.txt", 400},
		{"/..%5csecret.txt", 400},
		{"/%5C%5Csecret.txt", 400},
		{"/C:%5cWindows%5cwin.ini", 400},
		{"/index.html%00", 400},
		{"/%00/../secret.txt", 400},
		{"/codes/%0a425/", 400},
		{"/" + strings.Repeat("a", 10_000), 400},
		{"/" + strings.Repeat("../", 3_000) + "secret.txt", 400},
		{"/" + strings.Repeat("a/", 200_000), 400},
		{"http://" + ts.addr + "/../secret.txt", 400},
		{"http://evil.example/index.html", 400},
		{"evil.example:80", 400},
		{"*", 400},
		{"//secret.txt", 404},
		{"///etc/passwd", 404},
		{"/etc/passwd", 404},
		{filepath.ToSlash(outside), 404},
		{"/secret.txt", 404},
		{"/.git/config", 404},
		{"/%2egit/config", 404},
		{"/codes/.hidden/", 404},
		{"/C:/Windows/win.ini", 404},
		{"/%252e%252e/secret.txt", 404},
		{"/%c0%ae%c0%ae/secret.txt", 404},
		{"/codes/425/index.html/", 404},
	}
	for _, tt := range tests {
		status, body := ts.raw(t, tt.target)
		if status != tt.status {
			t.Errorf("GET %.80q: %d, want %d", tt.target, status, tt.status)
		}
		if strings.Contains(body, secret) {
			t.Errorf("GET %.80q: the answer contains a file from outside the site", tt.target)
		}
		if status == 400 && body != "Bad Request\n" {
			t.Errorf("GET %.80q: 400 with an unexpected body %q", tt.target, body)
		}
	}
	// Methods other than GET and HEAD never reach a file.
	if resp, _ := ts.do(t, http.MethodPut, "/secret.txt"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %s", resp.Status)
	}
}

// TestNoLiveScriptInBuild checks that the reload client exists only in the
// server's responses: not in what "ftpdocs build" publishes, and not in
// the build result the server holds.
func TestNoLiveScriptInBuild(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(os.DirFS(dir), out, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range res.Files {
		if strings.Contains(string(data), liveDir) || strings.Contains(string(data), "EventSource") {
			t.Errorf("build output %s contains the reload client", name)
		}
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if strings.Contains(string(data), liveDir) || strings.Contains(string(data), "EventSource") {
			t.Errorf("published %s contains the reload client", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	ts := start(t, dir, "/")
	_, body := ts.get(t, "/codes/425/")
	tag := `<script src="/.ftpdocs/live.js?` + liveVersion + `" data-version="` + ts.srv.site.Load().version + `"></script></body>`
	if !strings.Contains(body, tag) {
		t.Errorf("a served page does not end with the reload tag %s", tag)
	}
	if _, body := ts.get(t, "/api/codes.json"); strings.Contains(body, liveDir) {
		t.Errorf("the reload tag was added to JSON")
	}
}

// TestLoad runs 50 clients for 3 seconds across every page, then stops the
// server: no request fails and no goroutine is left behind.
func TestLoad(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	urls := pageURLs(ts)
	events := ts.stream(t) // an open page, to be closed by the shutdown
	_ = events

	r := load(ts.client, urls, 50, 3*time.Second)
	t.Logf("%d pages, 50 clients, %v: %d requests (%.0f/s), p50 %v, p90 %v, p99 %v, max %v",
		len(urls), r.elapsed.Round(time.Millisecond), r.requests, r.perSecond(),
		r.percentile(50), r.percentile(90), r.percentile(99), r.percentile(100))
	if r.errors > 0 || r.requests == 0 {
		t.Fatalf("%d of %d requests failed; first: %v", r.errors, r.requests, r.firstErr)
	}

	ts.stop()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		var b strings.Builder
		pprof.Lookup("goroutine").WriteTo(&b, 1)
		t.Fatalf("%d goroutines before, %d after stopping:\n%s", before, n, b.String())
	}
}

// pageURLs lists the URL of every page of the served site.
func pageURLs(ts *testServer) []string {
	var urls []string
	for name := range ts.srv.site.Load().files {
		if dir, ok := strings.CutSuffix(name, "index.html"); ok {
			urls = append(urls, ts.url+dir)
		}
	}
	slices.Sort(urls)
	return urls
}

// loadResult is what a load run measured.
type loadResult struct {
	requests, errors int
	firstErr         error
	elapsed          time.Duration
	latencies        []time.Duration // sorted
}

func (r loadResult) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func (r loadResult) percentile(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := (len(r.latencies) - 1) * p / 100
	return r.latencies[i]
}

// load has clients request urls in turn, each starting at another one,
// for d, and reports every failure: a transport error, a status other
// than 200, or an empty body.
func load(client *http.Client, urls []string, clients int, d time.Duration) loadResult {
	var (
		mu  sync.Mutex
		res loadResult
		wg  sync.WaitGroup
	)
	start := time.Now()
	stop := start.Add(d)
	for c := range clients {
		wg.Go(func() {
			var lat []time.Duration
			var errs int
			var first error
			for i := c; time.Now().Before(stop); i++ {
				t0 := time.Now()
				err := fetch(client, urls[i%len(urls)])
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs++
					if first == nil {
						first = err
					}
				}
			}
			mu.Lock()
			res.requests += len(lat)
			res.errors += errs
			if res.firstErr == nil {
				res.firstErr = first
			}
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

func fetch(client *http.Client, u string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		return fmt.Errorf("GET %s: reading the body: %w", u, err)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	case n == 0:
		return fmt.Errorf("GET %s: empty body", u)
	}
	return nil
}

// TestShutdown ends the server while a page follows the event stream: the
// stream ends and Serve returns.
func TestShutdown(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	events := ts.stream(t)
	ts.stop() // fails the test if Serve does not return in time
	select {
	case _, open := <-events.statuses:
		if open {
			t.Error("a status after shutdown")
		}
	case <-time.After(10 * time.Second):
		t.Error("the event stream did not end with the server")
	}
}

func TestCleanBasePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"repo", "/repo/"},
		{"/repo", "/repo/"},
		{"/repo/", "/repo/"},
		{"/a/b.c-d_e/", "/a/b.c-d_e/"},
		{"/../", ""},
		{"/a/../b/", ""},
		{"/.git/", ""},
		{"/a//b/", ""},
		{"/a b/", ""},
		{"/a%2fb/", ""},
		{"/a\\b/", ""},
		{"/a?b/", ""},
		{"/ftp/коды/", ""},
	}
	for _, tt := range tests {
		got, err := CleanBasePath(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("CleanBasePath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestWithHTTPTest uses the parts Serve is made of with an httptest
// server: Handler, Run and Close.
func TestWithHTTPTest(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	hs := httptest.NewUnstartedServer(nil)
	srv, err := New(Options{FS: os.DirFS(dir), Dir: dir, BaseURL: "http://" + hs.Listener.Addr().String() + "/"})
	if err != nil {
		t.Fatal(err)
	}
	hs.Config.Handler = srv.Handler()
	hs.Start()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		srv.Close() // before hs.Close, which waits for event streams
		hs.Close()
	}()

	ts := &testServer{srv: srv, url: hs.URL + "/", origin: hs.URL, client: hs.Client()}
	ts.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	events := ts.stream(t)
	replaceIn(t, dir, "content/en/codes/426.md", "A timeout.", "A timeout, at last.")
	events.newVersion(t)
	if _, body := ts.get(t, hs.URL+"/codes/426/"); !strings.Contains(body, "A timeout, at last.") {
		t.Errorf("the edit is not served")
	}
}

// TestBrokenSources breaks a template and the UI strings in turn: each
// error names its file, the last good site is served meanwhile, and the
// fix clears it.
func TestBrokenSources(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	events := ts.stream(t)
	_, good := ts.get(t, "/nowhere/")
	tests := []struct{ file, old, new string }{
		{"templates/404.html", `{{define "main"}}`, `{{define "main"}}{{if}}`},
		{"i18n/site.ru.yaml", "\n", "\n\t: [\n"},
	}
	for _, tt := range tests {
		replaceIn(t, dir, tt.file, tt.old, tt.new)
		st := events.wait(t, "an error in "+tt.file, func(st status) bool { return len(st.Errors) > 0 })
		// (The UI strings' YAML errors put line:col in the message, not the
		// position: the locale package's concern.)
		if !slices.ContainsFunc(st.Errors, func(p problem) bool { return p.Pos == tt.file || strings.HasPrefix(p.Pos, tt.file+":") }) {
			t.Errorf("%s broken: errors %+v do not point into it", tt.file, st.Errors)
		}
		if resp, body := ts.get(t, "/nowhere/"); resp.StatusCode != http.StatusNotFound || body != good {
			t.Errorf("%s broken: the last good 404 page is not served", tt.file)
		}
		replaceIn(t, dir, tt.file, tt.new, tt.old)
		events.wait(t, "the fix of "+tt.file, func(st status) bool { return len(st.Errors) == 0 })
	}
}

// TestSearchEndpoint asks the preview's JSON search endpoint, backed by the
// bleve index of the current build, and sees an edit reach the index.
func TestSearchEndpoint(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	type result struct {
		Total int `json:"total"`
		Hits  []struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"hits"`
	}
	ask := func(q, lang string) result {
		resp, body := ts.get(t, ts.url+".ftpdocs/search?q="+url.QueryEscape(q)+"&lang="+lang)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %s %s", q, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		var r result
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("%s: %v: %s", q, err, body)
		}
		return r
	}
	if r := ask("425", "en"); r.Total == 0 || r.Hits[0].ID != "codes/425" {
		t.Errorf("425: %+v", r)
	}
	if r := ask("межсетевой", "ru"); r.Total == 0 {
		t.Errorf("межсетевой: no Russian hits")
	}
	if resp, _ := ts.get(t, ts.url+".ftpdocs/search?q=x&lang=de"); resp.StatusCode != 400 {
		t.Errorf("lang=de: %d", resp.StatusCode)
	}
	events := ts.stream(t)
	replaceIn(t, dir, "content/en/codes/426.md", "A timeout.", "A timeout, quuxword.")
	events.newVersion(t)
	if r := ask("quuxword", "en"); r.Total != 1 || r.Hits[0].ID != "codes/426" {
		t.Errorf("after the edit: %+v", r)
	}
	// The static index the pages load has the edit too: its entry keeps
	// its name, and one of the term chunks it lists has the new term.
	resp, body := ts.get(t, ts.url+"search/en/meta.js")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("search/en/meta.js: %s, Cache-Control %q", resp.Status, resp.Header.Get("Cache-Control"))
	}
	var meta struct {
		Gen    string   `json:"gen"`
		Bounds []string `json:"bounds"`
	}
	payload := strings.TrimSuffix(strings.TrimPrefix(body, `ftpdocsSearch("en/meta.js",`), ");\n")
	if err := json.Unmarshal([]byte(payload), &meta); err != nil {
		t.Fatalf("search/en/meta.js: %v: %.80s", err, body)
	}
	found := false
	for i := range meta.Bounds {
		resp, chunk := ts.get(t, fmt.Sprintf("%ssearch/en/%s/t%d.js", ts.url, meta.Gen, i))
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "max-age=31536000, immutable" {
			t.Fatalf("chunk %d: %s, Cache-Control %q", i, resp.Status, resp.Header.Get("Cache-Control"))
		}
		found = found || strings.Contains(chunk, `"quuxword"`)
	}
	if !found {
		t.Errorf("no term chunk of the static index has the edited word")
	}
}
