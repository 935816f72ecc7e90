package search

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestZZExport(t *testing.T) {
	dir := os.Getenv("ZZ_DIR")
	if dir == "" {
		t.Skip()
	}
	docsPerFile = 1
	chunkTarget = 1500
	for _, lang := range []string{"en", "ru"} {
		_, entry := exportTo(t, dir, lang, generatedDocs(t, 15000, lang))
		t.Log(entry)
	}
}

func TestZZCost(t *testing.T) {
	dir := os.Getenv("ZZ_DIR")
	if dir == "" {
		t.Skip()
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var all []int
	var allMs []float64
	for _, lang := range []string{"en", "ru"} {
		m, _ := filepath.Glob(filepath.Join(dir, "public", "search", lang, "meta.*.js"))
		var qs []testQuery
		for _, q := range checkedInQueries(t) {
			if q.lang == lang {
				qs = append(qs, q)
			}
		}
		qs = append(qs, randomQueries(generatedDocs(t, 15000, lang), lang, 200, rng)...)
		b, ms, _ := firstQueryCost(t, m[0], qs)
		all = append(all, b...)
		allMs = append(allMs, ms...)
	}
	t.Logf("KB p50 %.1f p95 %.1f max %.1f; ms p50 %.2f p95 %.2f max %.2f", float64(percentile(all, .5))/1024, float64(percentile(all, .95))/1024, float64(slices.Max(all))/1024,
		percentile(allMs, .5), percentile(allMs, .95), slices.Max(allMs))
}

func TestZZSlow(t *testing.T) {
	if os.Getenv("ZZ_SLOW") == "" {
		t.Skip()
	}
	rng := rand.New(rand.NewPCG(3, 3))
	dir := t.TempDir()
	for _, lang := range []string{"en", "ru"} {
		_, entry := exportTo(t, dir, lang, contentDocs(t, lang))
		var qs []testQuery
		for _, q := range checkedInQueries(t) {
			if q.lang == lang {
				qs = append(qs, q)
			}
		}
		qs = append(qs, randomQueries(contentDocs(t, lang), lang, 200, rng)...)
		_, ms, _ := firstQueryCost(t, entry, qs)
		idx := make([]int, len(qs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			if ms[a] > ms[b] {
				return -1
			}
			return 1
		})
		for _, i := range idx[:12] {
			t.Logf("%s %.2fms %v", lang, ms[i], qs[i])
		}
	}
}
