package build

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCacheMatchesFreshBuild edits the real site the ways a writer does
// (a page's text, a title, a heading, a template, a UI string) and checks
// after each edit that a build reusing the previous one's cache is
// byte-identical to a build from scratch.
func TestCacheMatchesFreshBuild(t *testing.T) {
	fsys := fstest.MapFS{}
	root := os.DirFS(repoRoot)
	for _, dir := range []string{"content", "templates", "i18n", "static"} {
		fs.WalkDir(root, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, name)
			fsys[name] = &fstest.MapFile{Data: data}
			return err
		})
	}
	edit := func(name, old, new string) {
		data := string(fsys[name].Data)
		if !strings.Contains(data, old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
	}
	cache := NewCache()
	opt := Options{BaseURL: "https://example.github.io/ftpdocs/"}
	steps := []struct {
		name string
		do   func()
	}{
		{"first build", func() {}},
		{"no change", func() {}},
		{"page text", func() { edit("content/en/codes/425.md", "## Causes", "## Causes\n\nAn edited sentence.\n") }},
		{"title", func() { edit("content/ru/codes/426.md", "title: ", "title: Изменённый ") }},
		{"heading", func() {
			edit("content/en/codes/226.md", "## Example", "## An example")
		}},
		{"template", func() { edit("templates/code.html", "</dl>", "</dl><!-- edited -->") }},
		{"UI string", func() { edit("i18n/site.ru.yaml", "nav.codes: Коды ответов", "nav.codes: Все коды") }},
	}
	for _, st := range steps {
		st.do()
		opt.Cache = cache
		cached, err := Generate(fsys, opt)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		opt.Cache = nil
		fresh, err := Generate(fsys, opt)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if len(cached.Files) != len(fresh.Files) {
			t.Fatalf("%s: %d files with the cache, %d without", st.name, len(cached.Files), len(fresh.Files))
		}
		for name, data := range fresh.Files {
			if !bytes.Equal(cached.Files[name], data) {
				t.Errorf("%s: %s differs between the cached and the fresh build", st.name, name)
			}
		}
	}
}

func BenchmarkGenerateCached(b *testing.B) {
	fsys := os.DirFS(benchRoot())
	cache := NewCache()
	if _, err := Generate(fsys, Options{Cache: cache}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Generate(fsys, Options{Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
}
