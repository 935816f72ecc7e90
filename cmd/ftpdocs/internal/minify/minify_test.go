package minify_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/build"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/load"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/minify"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

const repoRoot = "../../../.."

var (
	jsDir   = filepath.Join(repoRoot, "static", "js")
	harness = filepath.Join(repoRoot, "search", "testdata", "harness.js")
	queries = filepath.Join(repoRoot, "search", "testdata", "queries.txt")
)

func TestFile(t *testing.T) {
	js, err := minify.File("a.js", []byte("// a comment\nfunction add(first, second) {\n  return first + second;\n}\nwindow.add = add;\n"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(js, []byte("comment")) || bytes.Contains(js, []byte("second")) || len(js) > 60 {
		t.Errorf("not minified: %q", js)
	}
	css, err := minify.File("a.css", []byte("/* c */\nbody {\n  color: #ff0000;\n  margin: 0px;\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if string(css) != "body{color:red;margin:0}\n" {
		t.Errorf("css: %q", css)
	}
	ru, _ := minify.File("r.js", []byte(`var s = "пассивный";`))
	if !bytes.Contains(ru, []byte("пассивный")) {
		t.Errorf("UTF-8 escaped: %q", ru)
	}
	if svg, _ := minify.File("a.svg", []byte("<svg> </svg>")); string(svg) != "<svg> </svg>" {
		t.Errorf("svg changed: %q", svg)
	}
	_, err = minify.File("static/js/bad.js", []byte("var a = 1;\nfunction (\n"))
	var me *minify.Error
	if !errors.As(err, &me) || me.Line != 2 || me.Col != 10 {
		t.Errorf("syntax error: %v, want line 2 col 10", err)
	}
}

// TestMinifiedSearchClientAgrees runs the search client in Node from its
// sources and minified, over the real site's index, and requires the same
// answers: analysis of every word of the site's texts, tokenizing, lower
// case over all of Unicode, and the checked-in queries (whole words and
// while typing). The search tests prove the sources against bleve; this
// carries the proof over to what readers download.
func TestMinifiedSearchClientAgrees(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found: the minified client is not compared (CI installs Node)")
	}
	minDir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(jsDir, "search*.js"))
	if len(files) < 4 {
		t.Fatalf("client files: %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		min, err := minify.File(f, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(min) >= len(src) {
			t.Errorf("%s: %d bytes minified, %d source", f, len(min), len(src))
		}
		if err := os.WriteFile(filepath.Join(minDir, filepath.Base(f)), min, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	res, err := build.Generate(os.DirFS(repoRoot), build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	sr, err := res.Search()
	if err != nil {
		t.Fatal(err)
	}
	// The pages' Markdown for words to analyse: a build lets go of it once
	// rendered (site.Page.Body), so it is read again.
	sources, errs := load.Load(os.DirFS(repoRoot), nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	pub := t.TempDir()
	for name, data := range sr.Files {
		p := filepath.Join(pub, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type query struct {
		Q      string `json:"q"`
		Typing bool   `json:"typing"`
	}
	byLang := map[string][]query{}
	f, err := os.Open(queries)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lang, q, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(lang, "#") {
			continue
		}
		typing := strings.HasSuffix(lang, "+")
		lang = strings.TrimSuffix(lang, "+")
		byLang[lang] = append(byLang[lang], query{q, typing})
	}
	f.Close()

	for _, lang := range site.Langs {
		var meta string
		var stop []string
		for name, data := range sr.Files {
			if strings.HasPrefix(name, "search/"+string(lang)+"/meta.") {
				meta = filepath.Join(pub, filepath.FromSlash(name))
				payload := data[bytes.IndexByte(data, '{') : bytes.LastIndexByte(data, '}')+1]
				var m struct{ Stop []string }
				if err := json.Unmarshal(payload, &m); err != nil {
					t.Fatal(err)
				}
				stop = m.Stop
			}
		}
		var words []string
		for _, p := range sources.Pages {
			if p.Lang == lang {
				words = append(words, strings.Fields(p.Title+" "+p.Summary+" "+string(p.Body))...)
			}
		}
		req := map[string]any{
			"analyze":  map[string]any{"lang": lang, "stop": stop, "texts": words},
			"tokenize": words[:min(len(words), 5000)],
			"search":   map[string]any{"meta": meta, "queries": byLang[string(lang)], "size": 10},
		}
		if lang == site.EN {
			req["lowerAll"] = true
		}
		want := runHarness(t, jsDir, req)
		got := runHarness(t, minDir, req)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the minified client answers differently from its sources (%d bytes of answers, %d)", lang, len(got), len(want))
		}
		if len(byLang[string(lang)]) < 50 || len(words) < 10000 || !bytes.Contains(want, []byte(`"hits":[{"id"`)) {
			t.Errorf("%s: too little compared: %d queries, %d words", lang, len(byLang[string(lang)]), len(words))
		}
	}
}

func runHarness(t *testing.T, dir string, req any) []byte {
	t.Helper()
	f := filepath.Join(t.TempDir(), "request.json")
	data, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd := exec.Command("node", "--stack-size=4000", harness, dir, f)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node harness.js %s: %v\n%s", dir, err, stderr.String())
	}
	return out
}
