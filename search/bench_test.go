package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// Benchmarks of the build side (index and export) and of the client (bytes
// a first query downloads, compute time once the data is loaded). The
// generated corpus has FTPDOCS_BENCH_PAGES pages per language (default
// 2000; the scale target is 15000):
//
//	go test ./search -run '^$' -bench . -benchtime 1x
//	FTPDOCS_BENCH_PAGES=15000 go test ./search -run '^$' -bench . -benchtime 1x -timeout 30m

func benchPages() int {
	if n, err := strconv.Atoi(os.Getenv("FTPDOCS_BENCH_PAGES")); err == nil && n > 0 {
		return n
	}
	return 2000
}

func benchCorpora(b *testing.B) map[string]map[string][]Doc {
	out := map[string]map[string][]Doc{}
	if en, ru := contentDocs(b, "en"), contentDocs(b, "ru"); len(en) > 0 && len(ru) > 0 {
		out["content"] = map[string][]Doc{"en": en, "ru": ru}
	}
	n := benchPages()
	out[fmt.Sprintf("generated-%d", n)] = map[string][]Doc{"en": generatedDocs(b, n, "en"), "ru": generatedDocs(b, n, "ru")}
	return out
}

// BenchmarkIndexExport measures Build and Export of both languages, one
// after the other (the build runs them in parallel), and the peak heap.
func BenchmarkIndexExport(b *testing.B) {
	for name, corpus := range benchCorpora(b) {
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			var files, size int
			var peak uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { // sample the heap
				defer close(done)
				var ms runtime.MemStats
				for {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
					}
				}
			}()
			var build, export time.Duration
			b.ResetTimer()
			for range b.N {
				files, size = 0, 0
				build, export = 0, 0
				for _, lang := range []string{"en", "ru"} {
					t0 := time.Now()
					ix, err := Build(filepath.Join(dir, lang), lang, corpus[lang])
					if err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					ex, err := ix.Export(ExportOptions{})
					if err != nil {
						b.Fatal(err)
					}
					build += t1.Sub(t0)
					export += time.Since(t1)
					ix.Close()
					for _, d := range ex.Files {
						files++
						size += len(d)
					}
				}
			}
			b.StopTimer()
			close(stop)
			<-done
			b.ReportMetric(build.Seconds(), "s-build")
			b.ReportMetric(export.Seconds(), "s-export")
			b.ReportMetric(float64(files), "files")
			b.ReportMetric(float64(size)/1e6, "MB-exported")
			b.ReportMetric(float64(peak)/1e6, "MB-peak-heap")
		})
	}
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// firstQueryCost runs queries, each in a fresh client, and returns the gzip
// bytes each downloads (search.js, the stemmer, the data files; the dropdown
// shows 8 results) and the compute time of each once its data is loaded.
func firstQueryCost(t testing.TB, entry string, queries []testQuery) (bytes []int, ms []float64, cold float64) {
	var reqs []map[string]any
	for _, q := range queries {
		reqs = append(reqs, map[string]any{"q": q.q, "typing": q.typing})
	}
	var resp struct {
		Cost []struct {
			Files []string
			Ms    float64
			Cold  float64
		}
	}
	runNode(t, map[string]any{"cost": map[string]any{"meta": entry, "queries": reqs, "size": 8}}, &resp)
	sizes := map[string]int{}
	size := func(f string) int {
		if n, ok := sizes[f]; ok {
			return n
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sizes[f] = gzipSize(data)
		return sizes[f]
	}
	client := size(filepath.Join(jsDir, "search.js"))
	for _, c := range resp.Cost {
		n := client
		for _, f := range c.Files {
			n += size(f)
		}
		bytes = append(bytes, n)
		ms = append(ms, c.Ms)
	}
	return bytes, ms, resp.Cost[0].Cold
}

func percentile[T int | float64](v []T, p float64) T {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// BenchmarkFirstQuery reports the median and 95th percentile of the bytes a
// first query downloads and of the client's compute time once its files are
// loaded (the median of 5 runs in fresh clients; ms-cold-first is the very
// first query of a process, code not yet compiled, loading included), for
// the checked-in queries and 200 random ones per language, whole words and
// as typed.
func BenchmarkFirstQuery(b *testing.B) {
	if v, err := strconv.Atoi(os.Getenv("FTPDOCS_CHUNK")); err == nil {
		chunkTarget = v
	}
	if v, err := strconv.Atoi(os.Getenv("FTPDOCS_DOCS_PER_FILE")); err == nil {
		docsPerFile = v
	}
	if v, err := strconv.Atoi(os.Getenv("FTPDOCS_LONG")); err == nil {
		longPostings = v
	}
	for name, corpus := range benchCorpora(b) {
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			var all []int
			var allMs []float64
			var cold float64
			rng := rand.New(rand.NewPCG(3, 3))
			for _, lang := range []string{"en", "ru"} {
				_, entry := exportTo(b, dir, lang, corpus[lang])
				var qs []testQuery
				for _, q := range checkedInQueries(b) {
					if q.lang == lang {
						qs = append(qs, q)
					}
				}
				qs = append(qs, randomQueries(corpus[lang], lang, 200, rng)...)
				bytes, ms, c := firstQueryCost(b, entry, qs)
				cold = max(cold, c)
				all = append(all, bytes...)
				allMs = append(allMs, ms...)
			}
			b.ReportMetric(float64(percentile(all, 0.5))/1024, "KB-p50")
			b.ReportMetric(float64(percentile(all, 0.95))/1024, "KB-p95")
			b.ReportMetric(float64(slices.Max(all))/1024, "KB-max")
			b.ReportMetric(percentile(allMs, 0.5), "ms-p50")
			b.ReportMetric(percentile(allMs, 0.95), "ms-p95")
			b.ReportMetric(cold, "ms-cold-first")
			for range b.N {
			}
		})
	}
}
