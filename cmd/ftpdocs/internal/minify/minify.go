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
	var loader api.Loader
	switch path.Ext(name) {
	case ".js":
		loader = api.LoaderJS
	case ".css":
		loader = api.LoaderCSS
	default:
		return src, nil
	}
	r := api.Transform(string(src), api.TransformOptions{
		Loader:            loader,
		Sourcefile:        name,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Target:            api.ESNext,
	})
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
