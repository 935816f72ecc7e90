package serve

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// The benchmarks run on a copy of the repository's real site. Commands
// (BENCHMARKS.md has the figures):
//
//	go test -run '^$' -bench 'CachedPage' ./cmd/ftpdocs/internal/serve
//	go test -run '^$' -bench 'Load50' -benchtime 1x ./cmd/ftpdocs/internal/serve
//	go test -run '^$' -bench 'SaveToReload' -benchtime 20x ./cmd/ftpdocs/internal/serve

// startRealSite serves a copy of the repository's content/, templates/,
// static/ and i18n/, or skips when the content does not build right now.
func startRealSite(b *testing.B) *testServer {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	copyDirs(b, dir, "content", "templates", "static", "i18n")
	ts := start(b, dir, "/")
	if ts.srv.site.Load() == nil {
		b.Skipf("the real content does not build at the moment:\n%s", ts.log)
	}
	return ts
}

// BenchmarkCachedPage measures requests for pages of the built site, in
// turn: through the handler alone, and over HTTP on 127.0.0.1 with 50
// concurrent keep-alive clients.
func BenchmarkCachedPage(b *testing.B) {
	ts := startRealSite(b)
	urls := pageURLs(ts)
	b.Run("handler", func(b *testing.B) {
		paths := make([]string, len(urls))
		for i, u := range urls {
			paths[i] = strings.TrimPrefix(u, ts.origin)
		}
		h := ts.srv.Handler()
		var next atomic.Int64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, paths[next.Add(1)%int64(len(paths))], nil))
				if rec.Code != http.StatusOK {
					b.Errorf("%d", rec.Code)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	b.Run("http-50", func(b *testing.B) {
		b.SetParallelism((50 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := fetch(ts.client, urls[next.Add(1)%int64(len(urls))]); err != nil {
					b.Error(err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
}

// BenchmarkLoad50 is the load test on the real site: 50 clients for 3
// seconds across every page. Run it with -benchtime 1x.
func BenchmarkLoad50(b *testing.B) {
	ts := startRealSite(b)
	urls := pageURLs(ts)
	var all loadResult
	for range b.N {
		r := load(ts.client, urls, 50, 3*time.Second)
		all.requests += r.requests
		all.errors += r.errors
		all.elapsed += r.elapsed
		all.latencies = append(all.latencies, r.latencies...)
		if r.errors > 0 {
			b.Errorf("%d of %d requests failed; first: %v", r.errors, r.requests, r.firstErr)
		}
	}
	slices.Sort(all.latencies)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(all.perSecond(), "req/s")
	b.ReportMetric(ms(all.percentile(50)), "p50-ms")
	b.ReportMetric(ms(all.percentile(90)), "p90-ms")
	b.ReportMetric(ms(all.percentile(99)), "p99-ms")
	b.ReportMetric(ms(all.percentile(100)), "max-ms")
	b.ReportMetric(float64(len(urls)), "pages")
}

// BenchmarkSaveToReload measures, in Chromium, the time from saving a
// Markdown file to the open page having reloaded with the change: from
// just before the write to the new document's load event (both on the
// same machine's clock). One edit per iteration: run it with -benchtime
// 20x. It reports the median and the 90th percentile, and the median time
// the server spent building. On the small test site the build takes a few
// milliseconds, so that figure is the cost of serve itself (debounce,
// event stream, reload); on the real site the build is most of it.
func BenchmarkSaveToReload(b *testing.B) {
	b.Run("test-site", func(b *testing.B) {
		saveToReload(b, start(b, writeSite(b, "site.txtar"), "/"))
	})
	b.Run("real-site", func(b *testing.B) {
		saveToReload(b, startRealSite(b))
	})
}

func saveToReload(b *testing.B, ts *testServer) {
	ctx := browser.Start(b, 10*time.Minute)
	dir := ts.srv.opt.Dir
	const file = "content/ru/codes/425.md"
	orig := mustRead(b, dir, file)
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.url+"ru/codes/425/"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
	)
	if err != nil {
		b.Fatal(err)
	}
	logStart := len(ts.log.String())
	var latencies, reloads []float64 // save → load event, save → reload began
	b.ResetTimer()
	for i := range b.N {
		// A writer reads the page before saving again; the benchmark too
		// lets the browser and the server settle (the search index of the
		// last build is made after the reload), so that each save starts
		// from a quiet machine.
		time.Sleep(300 * time.Millisecond)
		token := fmt.Sprintf("Метка правки %d.", i)
		eval[bool](b, ctx, `window.ftpdocsMarker = true`)
		saved := float64(time.Now().UnixNano()) / 1e6
		saveFile(b, dir, file, orig+"\n"+token+"\n")
		poll(b, ctx, "the reload", `window.ftpdocsMarker === undefined && document.readyState === "complete" && document.body.innerText.includes(`+"`"+token+"`"+`)`)
		loaded := eval[float64](b, ctx, `performance.timeOrigin + performance.getEntriesByType("navigation")[0].loadEventEnd`)
		started := eval[float64](b, ctx, `performance.timeOrigin`)
		latencies = append(latencies, loaded-saved)
		reloads = append(reloads, started-saved)
		if os.Getenv("DBG") != "" {
			b.Log(eval[string](b, ctx, `JSON.stringify(performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).map(e => [e.name.slice(-30), Math.round(e.startTime), Math.round(e.responseEnd), Math.round(e.duration), e.domContentLoadedEventEnd|0, e.loadEventEnd|0]))`))
		}
	}
	b.StopTimer()
	slices.Sort(latencies)
	b.ReportMetric(latencies[len(latencies)/2], "median-ms")
	b.ReportMetric(latencies[(len(latencies)-1)*9/10], "p90-ms")
	slices.Sort(reloads)
	b.ReportMetric(reloads[len(reloads)/2], "reload-start-median-ms")
	var builds []float64
	for _, m := range regexp.MustCompile(`built \d+ files in (\S+)`).FindAllStringSubmatch(ts.log.String()[logStart:], -1) {
		if d, err := time.ParseDuration(m[1]); err == nil {
			builds = append(builds, float64(d)/float64(time.Millisecond))
		}
	}
	if len(builds) > 0 {
		slices.Sort(builds)
		b.ReportMetric(builds[len(builds)/2], "build-median-ms")
	}
}
