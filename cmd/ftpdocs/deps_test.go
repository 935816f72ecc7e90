package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// doors is a statement of policy, in the spirit of go/build's deps_test:
// each third-party library (and html/template execution) enters the program
// through one package, so that replacing or upgrading it touches one place.
// The policy is for the program; tests may use what they check with (an
// HTML parser for a crawler, the browser driver where they drive a browser).
var doors = map[string][]string{
	"github.com/yuin/goldmark":      {"cmd/ftpdocs/internal/markdown"},
	"github.com/alecthomas/chroma":  {"cmd/ftpdocs/internal/markdown"},
	"github.com/blevesearch/":       {"search"},
	"github.com/goccy/go-yaml":      {"cmd/ftpdocs/internal/load", "cmd/ftpdocs/internal/locale"},
	"github.com/nicksnyder/go-i18n": {"cmd/ftpdocs/internal/locale"},
	"github.com/fsnotify/fsnotify":  {"cmd/ftpdocs/internal/serve"},
	"golang.org/x/net/html":         {"cmd/ftpdocs/internal/check"},
	"github.com/chromedp/":          {"cmd/ftpdocs/internal/browser"},
	"github.com/evanw/esbuild":      {"cmd/ftpdocs/internal/minify"},
	"html/template":                 {"cmd/ftpdocs/internal/render", "cmd/ftpdocs/internal/build"},
}

func TestDependencyDoors(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(repoRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, p)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules" || rel == "public" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		if strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for prefix, allowed := range doors {
				if !strings.HasPrefix(path, prefix) {
					continue
				}
				ok := false
				for _, a := range allowed {
					ok = ok || pkg == a
				}
				if !ok {
					t.Errorf("%s imports %s; only %v may", filepath.ToSlash(rel), path, allowed)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
