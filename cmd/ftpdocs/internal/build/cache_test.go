package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ftpdocs/ftpdocs/search"
)

// mapFS reads a repository's content, templates, UI strings and static
// files into memory, where a test can edit them.
func mapFS(tb testing.TB, root string) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	rfs := os.DirFS(root)
	for _, dir := range []string{"content", "templates", "i18n", "static"} {
		err := fs.WalkDir(rfs, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(rfs, name)
			fsys[name] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return fsys
}

// TestCacheMatchesFreshBuild edits the real site the ways a writer does
// (a page's text, a title, a heading, a new page, a deleted page, a
// template, a UI string) and checks after each edit that a build reusing
// the previous one's cache (the search index changed in place, front
// matter, Markdown, templates and link-check parses reused) is
// byte-identical to a build from scratch: for publishing, and for the
// preview of ftpdocs serve.
func TestCacheMatchesFreshBuild(t *testing.T) {
	for _, preview := range []bool{false, true} {
		t.Run(fmt.Sprintf("preview=%v", preview), func(t *testing.T) {
			cacheMatchesFreshBuild(t, preview)
		})
	}
}

func cacheMatchesFreshBuild(t *testing.T, preview bool) {
	fsys := mapFS(t, repoRoot)
	edit := func(name, old, new string) {
		data := string(fsys[name].Data)
		if !strings.Contains(data, old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
	}
	copyFile := func(from, to string) { fsys[to] = &fstest.MapFile{Data: fsys[from].Data} }
	remove := func(names ...string) {
		for _, n := range names {
			delete(fsys, n)
		}
	}
	cache := NewCache()
	defer cache.Close()
	opt := Options{BaseURL: "https://example.github.io/ftpdocs/", Preview: preview}
	steps := []struct {
		name string
		do   func()
	}{
		{"first build", func() {}},
		{"no change", func() {}},
		{"page text", func() { edit("content/en/codes/425.md", "## Causes", "## Causes\n\nAn edited sentence.\n") }},
		{"page text again", func() { edit("content/en/codes/425.md", "An edited sentence.", "A sentence edited twice.") }},
		{"title", func() { edit("content/ru/codes/426.md", "title: ", "title: Изменённый ") }},
		{"heading", func() {
			edit("content/en/codes/226.md", "## Example", "## An example")
		}},
		{"new page", func() {
			copyFile("content/en/guides/ftps.md", "content/en/guides/ftps-copy.md")
			copyFile("content/ru/guides/ftps.md", "content/ru/guides/ftps-copy.md")
		}},
		{"deleted page", func() { remove("content/en/guides/ftps-copy.md", "content/ru/guides/ftps-copy.md") }},
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
		cachedFiles, freshFiles := allFiles(t, cached), allFiles(t, fresh)
		fresh.Close()
		if len(cachedFiles) != len(freshFiles) {
			t.Fatalf("%s: %d files with the cache, %d without", st.name, len(cachedFiles), len(freshFiles))
		}
		for name, data := range freshFiles {
			if !bytes.Equal(cachedFiles[name], data) {
				t.Errorf("%s: %s differs between the cached and the fresh build", st.name, name)
			}
		}
		if preview != (cachedFiles[search.PreviewEntry("ru")] != nil) {
			t.Errorf("%s: preview %v, but the entry %s is there: %v", st.name, preview,
				search.PreviewEntry("ru"), cachedFiles[search.PreviewEntry("ru")] != nil)
		}
		if _, ok := cached.Files[search.PreviewEntry("ru")]; ok {
			t.Errorf("%s: a preview build's Files hold the search entry before Search", st.name)
		}
	}
}

// allFiles is every file of a build, the search index's included.
func allFiles(t *testing.T, res *Result) map[string][]byte {
	t.Helper()
	sr, err := res.Search()
	if err != nil {
		t.Fatal(err)
	}
	files := maps.Clone(res.Files)
	maps.Copy(files, sr.Files)
	return files
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

// BenchmarkGenerateEdit is the rebuild "ftpdocs serve" runs when a writer
// saves a page: a copy of the site on disk, where one Russian code page's
// text changes between builds. -v traces the stages of each rebuild.
func BenchmarkGenerateEdit(b *testing.B) {
	dir := b.TempDir()
	for name, f := range mapFS(b, benchRoot()) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	file := filepath.Join(dir, "content", "ru", "codes", "425.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	cache := NewCache()
	defer cache.Close()
	opt := Options{Cache: cache, Preview: true}
	if testing.Verbose() {
		opt.Trace = os.Stderr
	}
	if _, err := Generate(fsys, opt); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(file, fmt.Appendf(bytes.Clone(orig), "\nПравка %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := Generate(fsys, opt)
		if err != nil {
			b.Fatal(err)
		}
		res.Close()
	}
}
