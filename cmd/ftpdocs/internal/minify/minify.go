// Package minify makes the published scripts and stylesheets small: the
// sources in static/ stay readable, with their comments, and what readers
// download is minified by esbuild, the one import of it in the program.
//
// Minifying changes how code is written, never what it does; the test of
// this package runs the search client in Node from its sources and minified
// over the same inputs and requires the same answers, so the client that
// readers get is the one the search tests prove against bleve.
package minify

import (
	"fmt"
	"path"
	"runtime/debug"

	"github.com/evanw/esbuild/pkg/api"
)

// Error is a syntax error in a source, at a 1-based line and byte column.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// File minifies a script (.js) or stylesheet (.css) named name; other files
// come back unchanged. The output keeps UTF-8 as it is (no \u escapes, so
// Cyrillic in the Russian stemmer stays short) and targets the language
// the sources are written in: nothing is rewritten for older browsers.
func File(name string, src []byte) ([]byte, error) {
	loader, ok := loaders[path.Ext(name)]
	if !ok {
		return src, nil
	}
	opt := options(loader)
	opt.Sourcefile = name
	r := api.Transform(string(src), opt)
	if len(r.Errors) > 0 {
		m := r.Errors[0]
		e := &Error{Msg: m.Text}
		if m.Location != nil {
			e.Line, e.Col = m.Location.Line, m.Location.Column+1
		}
		return nil, e
	}
	return r.Code, nil
}

// Minifies reports whether File changes files named name.
func Minifies(name string) bool {
	_, ok := loaders[path.Ext(name)]
	return ok
}

var loaders = map[string]api.Loader{".js": api.LoaderJS, ".css": api.LoaderCSS}

func options(loader api.Loader) api.TransformOptions {
	return api.TransformOptions{
		Loader:            loader,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Target:            api.ESNext,
	}
}

// Version identifies what File makes of a given source: esbuild's version,
// from the program's build information, and the options File gives it. It
// is "" where the program does not know esbuild's version; what File makes
// then cannot be kept across runs.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/evanw/esbuild" {
			if d.Replace != nil {
				d = d.Replace
			}
			if d.Version == "" || d.Version == "(devel)" {
				return ""
			}
			return fmt.Sprintf("esbuild %s %s; js %+v; css %+v", d.Version, d.Sum, options(api.LoaderJS), options(api.LoaderCSS))
		}
	}
	return ""
}
