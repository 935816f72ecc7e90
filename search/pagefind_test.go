package search

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// BenchmarkPagefind compares the search with Pagefind on a built site: the
// gzip bytes a first query downloads (client and data, cold cache) and
// whether the top result is the same, for the whole-word queries of
// testdata/queries.txt. It needs the site built with its search index and
// indexed by Pagefind, and Chromium:
//
//	go run ./cmd/ftpdocs build --out /tmp/site
//	npx pagefind@1.6.0 --site /tmp/site
//	FTPDOCS_SITE=/tmp/site go test ./search -run '^$' -bench Pagefind -benchtime 1x
func BenchmarkPagefind(b *testing.B) {
	site := os.Getenv("FTPDOCS_SITE")
	if site == "" {
		b.Skip("FTPDOCS_SITE is not set: see the comment of BenchmarkPagefind")
	}
	if _, err := os.Stat(filepath.Join(site, "pagefind", "pagefind.js")); err != nil {
		b.Skipf("no Pagefind index in %s: run npx pagefind --site %s", site, site)
	}
	exe := findChromium()
	if exe == "" {
		b.Skip("no Chromium")
	}
	// The server logs the paths it serves: Pagefind loads its index in a
	// web worker, whose requests a page cannot list.
	var (
		mu     sync.Mutex
		served []string
	)
	fileServer := http.FileServer(http.Dir(site))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Cache-Control", "no-store") // a cold cache for every query
		fileServer.ServeHTTP(w, r)
	}))
	defer srv.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	sizes := map[string]int{}
	size := func(path string) int {
		if n, ok := sizes[path]; ok {
			return n
		}
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		n := len(data)
		switch filepath.Ext(path) {
		case ".js", ".json", ".css", ".html":
			n = gzipSize(data) // Pagefind's index files are gzip already
		}
		sizes[path] = n
		return n
	}

	var ours, theirs []int
	same, total := 0, 0
	for _, lang := range []string{"en", "ru"} {
		var qs []testQuery
		for _, q := range checkedInQueries(b) {
			if q.lang == lang && !q.typing {
				qs = append(qs, q)
			}
		}
		metas, _ := filepath.Glob(filepath.Join(site, "search", lang, "meta.*.js"))
		if len(metas) != 1 {
			b.Fatalf("no search index for %s in %s", lang, site)
		}
		bytes, _, _ := firstQueryCost(b, metas[0], qs)
		// Our top results, from the client.
		var reqs []map[string]any
		for _, q := range qs {
			reqs = append(reqs, map[string]any{"q": q.q, "typing": false})
		}
		var resp struct{ Search []jsResult }
		runNode(b, map[string]any{"search": map[string]any{"meta": metas[0], "queries": reqs, "size": 1}}, &resp)

		home := srv.URL + "/"
		if lang == "ru" {
			home += "ru/"
		}
		for i, q := range qs {
			noCache := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
					return err
				}
				_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
				return err
			})
			if err := chromedp.Do(ctx, noCache, chromedp.Navigate(home)); err != nil {
				b.Fatal(err)
			}
			mu.Lock()
			served = nil
			mu.Unlock()
			js := `(async () => {
				const pf = await import('/pagefind/pagefind.js');
				await pf.options({});
				const r = await pf.search(` + jsString(q.q) + `);
				const top = await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
				return JSON.stringify({ top: top.length ? top[0].url : '' });
			})()`
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
			if err != nil {
				b.Fatalf("%v: %v", q, err)
			}
			var pf struct{ Top string }
			if err := json.Unmarshal([]byte(out), &pf); err != nil {
				b.Fatal(err)
			}
			n := 0
			mu.Lock()
			for _, p := range served {
				if strings.HasPrefix(p, "/pagefind/") {
					n += size(filepath.Join(site, filepath.FromSlash(p)))
				}
			}
			if os.Getenv("FTPDOCS_PAGEFIND_DEBUG") != "" {
				b.Logf("%v: %d bytes: %q", q, n, served)
			}
			mu.Unlock()
			theirs = append(theirs, n)
			ours = append(ours, bytes[i])
			var top string
			if h := resp.Search[i].Hits; len(h) > 0 {
				top = h[0].ID
			}
			total++
			if pageOf(pf.Top, lang) == top && (top != "" || pf.Top == "") {
				same++
			} else if testing.Verbose() {
				b.Logf("%v: ours %q, Pagefind %q", q, top, pf.Top)
			}
		}
	}
	b.ReportMetric(float64(percentile(ours, 0.5))/1024, "KB-p50-ours")
	b.ReportMetric(float64(percentile(theirs, 0.5))/1024, "KB-p50-pagefind")
	b.ReportMetric(float64(percentile(ours, 0.95))/1024, "KB-p95-ours")
	b.ReportMetric(float64(percentile(theirs, 0.95))/1024, "KB-p95-pagefind")
	b.ReportMetric(100*float64(same)/float64(max(total, 1)), "%-same-top")
	for range b.N {
	}
}

// pageOf turns a Pagefind result URL ("/ru/codes/425/") into a page key.
func pageOf(u, lang string) string {
	u = strings.TrimPrefix(u, "/")
	if lang != "en" {
		u = strings.TrimPrefix(u, lang+"/")
	}
	u = strings.TrimSuffix(strings.TrimSuffix(u, "index.html"), "/")
	return u
}
