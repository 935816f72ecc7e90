package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/build"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/search"
)

func runBuild(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	out := fs.String("out", "public", "output directory")
	baseURL := fs.String("base-url", "", "absolute URL of the site root, for canonical links and the sitemap (e.g. https://owner.github.io/repo/)")
	verbose := fs.Bool("v", false, "print the time each stage takes")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("build takes no arguments, got %q", fs.Args())
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	opt := build.Options{BaseURL: *baseURL, IndexDir: func(lang site.Lang) (string, error) {
		return search.CacheDir(".", string(lang))
	}}
	if base, err := os.UserCacheDir(); err == nil {
		opt.AssetCache = filepath.Join(base, "ftpdocs", "minified")
	}
	if *verbose {
		opt.Trace = stdout
	}
	res, err := build.Build(os.DirFS("."), *out, opt)
	if err != nil {
		return err
	}
	defer res.Close()
	fmt.Fprintf(stdout, "built %d pages, %d files into %s in %v\n",
		len(res.Site.Pages), len(res.Files), *out, time.Since(start).Round(time.Millisecond))
	return nil
}
