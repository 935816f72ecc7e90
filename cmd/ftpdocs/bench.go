package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

// runBench measures "ftpdocs build" as a user runs it: each run is a fresh
// process building into a fresh directory, so peak memory (the child's
// maximum resident set size) and CPU time are per build. Outputs are
// deleted only after the series, because deleting thousands of files slows
// the creation of new ones for a while on some disks.
func runBench(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	runs := fs.Int("runs", 5, "number of builds")
	dir := fs.String("dir", ".", "repository root to build (content/, templates/, i18n/, static/)")
	hugo := fs.String("hugo", "", "build a corpus written by ../shared/bench/gen-corpus.py (Hugo layout) instead, converted into guides")
	verbose := fs.Bool("v", false, "print the time each stage of each build takes")
	convertTo := fs.String("convert-to", "", "with --hugo: only convert the corpus into this directory, then stop")
	keep := fs.Bool("keep", false, "keep the outputs (and say where), so that several series run without deleting files in between")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *hugo != "" {
		conv := *convertTo
		if conv == "" {
			var err error
			if conv, err = os.MkdirTemp("", "ftpdocs-corpus-"); err != nil {
				return err
			}
			defer os.RemoveAll(conv)
		}
		n, err := importHugo(*hugo, conv, *dir)
		if err != nil {
			return fmt.Errorf("converting %s: %w", *hugo, err)
		}
		fmt.Fprintf(stdout, "converted %d pages from %s\n", n, *hugo)
		if *convertTo != "" {
			return nil
		}
		*dir = conv
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ftpdocs-bench-")
	if err != nil {
		return err
	}
	if *keep {
		defer fmt.Fprintf(stdout, "outputs kept in %s\n", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	type sample struct {
		wall, cpu time.Duration
		rss       int64 // bytes
	}
	var samples []sample
	var outSize int64
	for i := 0; i < *runs; i++ {
		out := filepath.Join(tmp, fmt.Sprintf("out%d", i))
		cmd := exec.Command(self, "build", "--out", out)
		if *verbose {
			cmd.Args = append(cmd.Args, "-v")
			cmd.Stdout = stdout
		}
		cmd.Dir = *dir
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		wall := time.Since(start)
		cpu, rss := childUsage(cmd.ProcessState)
		samples = append(samples, sample{wall, cpu, rss})
		fmt.Fprintf(stdout, "run %d: wall %v, cpu %v, peak RSS %.1f MB\n", i+1, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), float64(rss)/(1<<20))
		if i == 0 {
			outSize = dirSize(out)
		}
	}
	median := func(get func(sample) float64) float64 {
		v := make([]float64, len(samples))
		for i, s := range samples {
			v[i] = get(s)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	fmt.Fprintf(stdout, "median of %d: wall %.3f s, cpu %.3f s, peak RSS %.1f MB, output %.1f MB\n", len(samples),
		median(func(s sample) float64 { return s.wall.Seconds() }),
		median(func(s sample) float64 { return s.cpu.Seconds() }),
		median(func(s sample) float64 { return float64(s.rss) / (1 << 20) }),
		float64(outSize)/(1<<20))
	return nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
