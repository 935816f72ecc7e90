package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// TestBench runs "ftpdocs bench --hugo" as the benchmarks do, on a corpus
// of the generator the scale benchmarks use (7 pages per language, its smallest): the
// corpus is converted into the article section and built twice, each time
// by a fresh process into a fresh directory, and the series is reported
// and kept.
func TestBench(t *testing.T) {
	script := filepath.Join(repoRoot, "..", "shared", "bench", "gen-corpus.py")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("no corpus generator at %s", script)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: cannot generate a corpus")
	}
	corpus := filepath.Join(t.TempDir(), "corpus")
	if out, err := exec.Command("python3", script, "7", corpus).CombinedOutput(); err != nil {
		t.Fatalf("gen-corpus.py: %v\n%s", err, out)
	}
	t.Setenv("FTPDOCS_AS_CLI", "1") // the builds bench starts are this test binary
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "--runs", "2", "--keep", "--hugo", corpus, "--dir", repoRoot}, &out, &errb); code != 0 {
		t.Fatalf("bench: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	report := out.String()
	kept := regexp.MustCompile(`(?m)^outputs kept in (.+)$`).FindStringSubmatch(report)
	if kept == nil {
		t.Fatalf("bench did not say where it kept the outputs:\n%s", report)
	}
	defer os.RemoveAll(kept[1])
	if !regexp.MustCompile(`(?m)^converted 14 pages from `).MatchString(report) {
		t.Errorf("bench did not convert the 14 pages:\n%s", report)
	}
	for _, run := range []string{"1", "2"} {
		if !regexp.MustCompile(`(?m)^run ` + run + `: wall \S+, cpu \S+, peak RSS [0-9.]+ MB$`).MatchString(report) {
			t.Errorf("no line for run %s:\n%s", run, report)
		}
	}
	m := regexp.MustCompile(`(?m)^median of 2: wall ([0-9.]+) s, cpu ([0-9.]+) s, peak RSS ([0-9.]+) MB, output ([0-9.]+) MB$`).FindStringSubmatch(report)
	if m == nil {
		t.Fatalf("no median line:\n%s", report)
	}
	for i, what := range []string{"wall", "cpu", "peak RSS", "output"} {
		if v, _ := strconv.ParseFloat(m[i+1], 64); v <= 0 {
			t.Errorf("median %s is %s", what, m[i+1])
		}
	}
	for _, out := range []string{"out0", "out1"} {
		pages, _ := filepath.Glob(filepath.Join(kept[1], out, "guides", "*", "index.html"))
		if len(pages) != 7 {
			t.Errorf("%s has %d guides, want the 7 English pages of the corpus", out, len(pages))
		}
		for _, f := range []string{"index.html", "ru/guides/index.html", "search/index.html"} {
			if _, err := os.Stat(filepath.Join(kept[1], out, f)); err != nil {
				t.Errorf("%s: %v", out, err)
			}
		}
	}
}
