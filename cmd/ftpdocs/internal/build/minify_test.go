package build

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/minify"
)

// TestDiskMinifier checks the directory that keeps minified static files
// between builds: a result is kept once and read back, keyed by the
// minifier's version and the file's kind and bytes; files that are not
// minified and failures are not kept; old entries go.
func TestDiskMinifier(t *testing.T) {
	dir := t.TempDir()
	entries := func() int {
		es, _ := os.ReadDir(dir)
		return len(es)
	}
	js := []byte("function add(first, second) {\n  return first + second;\n}\nconsole.log(add(1, 2));\n")
	want, err := minify.File("a.js", js)
	if err != nil {
		t.Fatal(err)
	}
	min := diskMinifier(dir, "v1")
	for range 2 {
		got, err := min("static/js/a.js", js)
		if err != nil || string(got) != string(want) {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
		if n := entries(); n != 1 {
			t.Fatalf("%d entries, want 1", n)
		}
	}
	// What is kept is what the next build gets.
	es, _ := os.ReadDir(dir)
	kept := filepath.Join(dir, es[0].Name())
	if err := os.WriteFile(kept, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := min("static/js/other-name.js", js); string(got) != "kept" {
		t.Errorf("the kept result was not read back: %q", got)
	}
	// Another version of the minifier, another kind of file, other bytes.
	if got, _ := diskMinifier(dir, "v2")("static/js/a.js", js); string(got) != string(want) {
		t.Errorf("another version got %q", got)
	}
	if _, err := min("static/css/a.css", []byte("a { color : red ; }")); err != nil {
		t.Fatal(err)
	}
	if _, err := min("static/js/b.js", append(js, '\n')); err != nil {
		t.Fatal(err)
	}
	if n := entries(); n != 4 {
		t.Errorf("%d entries, want 4", n)
	}
	// Not minified, or not minifiable: nothing kept.
	if got, _ := min("static/favicon.svg", []byte("<svg/>")); string(got) != "<svg/>" {
		t.Errorf("an SVG came back as %q", got)
	}
	var me *minify.Error
	if _, err := min("static/js/bad.js", []byte("var a = 1;\nfunction (\n")); !errors.As(err, &me) || me.Line != 2 {
		t.Errorf("a syntax error came back as %v", err)
	}
	if n := entries(); n != 4 {
		t.Errorf("%d entries after an SVG and a syntax error, want 4", n)
	}
	// Writing an entry removes those not written for 30 days.
	old := time.Now().Add(-31 * 24 * time.Hour)
	if err := os.Chtimes(kept, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := min("static/js/c.js", append(js, ' ', '\n')); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kept); !os.IsNotExist(err) {
		t.Errorf("an entry 31 days old survived: %v", err)
	}
}
