package build

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/check"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/load"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/locale"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/publish"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/render"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/search"
)

// benchRoot is the repository the benchmarks build: the real one, or the
// one in $FTPDOCS_BENCH_ROOT (for example a corpus converted with
// "ftpdocs bench --hugo DIR --convert-to ROOT").
func benchRoot() string {
	if r := os.Getenv("FTPDOCS_BENCH_ROOT"); r != "" {
		return r
	}
	return repoRoot
}

func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS(benchRoot())
	for b.Loop() {
		if _, errs := load.Load(fsys, nil); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	s, errs := load.Load(os.DirFS(benchRoot()), nil)
	if errs != nil {
		b.Fatal(errs)
	}
	for b.Loop() {
		if _, _, errs := renderBodies(s, nil); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	fsys := os.DirFS(benchRoot())
	for b.Loop() {
		if _, err := Generate(fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPublish(b *testing.B) {
	res, err := Generate(os.DirFS(benchRoot()), Options{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		if err := publish.Write(filepath.Join(dir, "out", string(rune('a'+i%26))), res.Files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTemplates measures the templates alone: every page of both
// languages from its rendered Markdown.
func BenchmarkTemplates(b *testing.B) {
	fsys := os.DirFS(benchRoot())
	s, errs := load.Load(fsys, nil)
	strs, serrs := locale.Load(fsys)
	tmpl, terrs := render.Parse(fsys)
	assets, aerrs := readStatic(fsys, (*Cache)(nil).minify)
	if errs = append(append(append(errs, serrs...), terrs...), aerrs...); len(errs) > 0 {
		b.Fatal(errs)
	}
	bodies, _, errs := renderBodies(s, nil)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	in := &render.Input{Site: s, Strings: strs, Assets: map[string]string{}, SearchIndex: entryNames()}
	for _, a := range assets {
		in.Assets[a.name] = a.path
	}
	for b.Loop() {
		in.Bodies = bodies // Pages takes them
		if _, errs := tmpl.Pages(in); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

func entryNames() map[site.Lang]string {
	out := map[site.Lang]string{}
	for _, lang := range site.Langs {
		out[lang] = search.PreviewEntry(string(lang))
	}
	return out
}

// BenchmarkCheck measures the link check of every page.
func BenchmarkCheck(b *testing.B) {
	res, err := Generate(os.DirFS(benchRoot()), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer res.Close()
	pages := check.Site{}
	for name, data := range res.Files {
		pages[name] = check.Page{Data: data}
	}
	for b.Loop() {
		if errs := check.Links(pages, check.Options{}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
