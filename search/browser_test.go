package search

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser test drives the search box in Chromium on a small site made
// of the exported index, the client scripts and one page per document with
// the header form of templates/partials/search.html, opened from disk and
// served under a sub-path. (The build's own tests check the real pages.)

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func chromium(t *testing.T) string {
	p := findChromium()
	if p == "" {
		t.Skip("no Chromium found: the search box is not tested in a browser (CI installs chromium)")
	}
	return p
}

var browserStrings = map[string]map[string]string{
	"en": {"label": "Search the reference", "results-1": "1 result", "results-2": "2 results", "results-5": "5 results",
		"none": "Nothing found.", "stopwords": "Only stop words.", "other": "Search the Russian pages", "all": "All results",
		"more": "Show more", "error": "Search is unavailable.", "prompt": "Type a word."},
	"ru": {"label": "Поиск по справочнику", "results-1": "1 результат", "results-2": "2 результата", "results-5": "5 результатов",
		"none": "Ничего не найдено.", "stopwords": "Только служебные слова.", "other": "Искать на английских страницах", "all": "Все результаты",
		"more": "Показать ещё", "error": "Поиск недоступен.", "prompt": "Введите слово."},
}

// writeSite writes a site for the docs of both languages under dir and
// returns nothing; pages link relatively, as the real site does.
func writeSite(t *testing.T, dir string, corpus map[string][]Doc) {
	entries := map[string]string{}
	for lang, docs := range corpus {
		ix, err := Build("", lang, docs)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := ix.Export(ExportOptions{})
		ix.Close()
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range ex.Files {
			writeFile(t, filepath.Join(dir, name), data)
		}
		entries[lang] = ex.Entry
	}
	for _, f := range []string{"search.js", "search-porter.js", "search-russian.js", "search-unicode.js"} {
		data, err := os.ReadFile(filepath.Join(jsDir, f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "js", f), data)
	}
	css, _ := os.ReadFile(filepath.Join("..", "static", "css", "search.css"))
	writeFile(t, filepath.Join(dir, "search.css"), css)
	page := func(lang, url, title, main string) {
		rel := func(to string) string {
			up := strings.Repeat("../", strings.Count(url, "/"))
			return up + to
		}
		other, otherSearch := "ru", "ru/search/"
		if lang == "ru" {
			other, otherSearch = "en", "search/"
		}
		analysis := `data-porter="` + rel("js/search-porter.js") + `"`
		if lang == "ru" {
			analysis = `data-russian="` + rel("js/search-russian.js") + `"`
		}
		var s strings.Builder
		for k, v := range browserStrings[lang] {
			fmt.Fprintf(&s, ` data-s-%s="%s"`, k, html.EscapeString(v))
		}
		search := "search/"
		if lang == "ru" {
			search = "ru/search/"
		}
		doc := fmt.Sprintf(`<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s</title>
<link rel="stylesheet" href="%s"></head><body><header class="top">
<form class="search" role="search" action="%s" method="get" data-lang="%s" data-index="%s" %s data-unicode="%s" data-other="%s" data-other-lang="%s"%s>
<label for="search-q">%s</label><input id="search-q" name="q" type="search" autocomplete="off"></form>
<script src="%s" defer></script></header><main><h1>%s</h1>%s<p><input id="other" type="text"></p></main></body></html>`,
			lang, html.EscapeString(title), rel("search.css"), rel(search), lang, rel(entries[lang]), analysis, rel("js/search-unicode.js"),
			rel(otherSearch), other, s.String(), browserStrings[lang]["label"], rel("js/search.js"), html.EscapeString(title), main)
		writeFile(t, filepath.Join(dir, filepath.FromSlash(url), "index.html"), []byte(doc))
	}
	for lang, docs := range corpus {
		for _, d := range docs {
			page(lang, d.URL, d.Title, "")
		}
		u := "search/"
		if lang == "ru" {
			u = "ru/search/"
		}
		page(lang, u, "Search", `<div id="search-page" data-lang="`+lang+`"></div>`)
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowser(t *testing.T) {
	exe := chromium(t)
	corpus := map[string][]Doc{"en": contentDocs(t, "en"), "ru": contentDocs(t, "ru")}
	if len(corpus["ru"]) < 10 || len(corpus["en"]) < 10 {
		corpus = morphologyDocs
	}
	dir := t.TempDir()
	writeSite(t, dir, corpus)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe),
		chromedp.Flag("allow-file-access-from-files", false))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	srv := httptest.NewServer(http.StripPrefix("/sub", http.FileServer(http.Dir(dir))))
	defer srv.Close()
	fileRoot := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
	for _, root := range []string{fileRoot, srv.URL + "/sub/"} {
		t.Run(strings.SplitN(root, ":", 2)[0], func(t *testing.T) { browse(t, ctx, root, corpus) })
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, a ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, a...); err != nil {
		t.Fatal(err)
	}
}

func browse(t *testing.T, ctx context.Context, root string, corpus map[string][]Doc) {
	index := func(u string) string {
		if strings.HasPrefix(root, "file:") {
			return root + u + "index.html"
		}
		return root + u
	}
	start := "ru/codes/425/"
	if _, err := os.Stat(filepath.Join(strings.TrimPrefix(root, "file://"), start)); strings.HasPrefix(root, "file:") && err != nil {
		start = corpus["ru"][0].URL
	}
	// poll waits for expr to be a non-empty string, across navigations.
	poll := func(expr string) string {
		t.Helper()
		var last error
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(30 * time.Millisecond) {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
			if err == nil && v != "" {
				return v
			}
			last = err
		}
		t.Fatalf("waiting for %s: %v", expr, last)
		return ""
	}
	// typeQuery types q and waits until the list shows its results.
	typeQuery := func(q string) {
		t.Helper()
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('#search-q'); i.value = ''; i.focus(); })()`))
		do(t, ctx, chromedp.SendKeys("#search-q", q))
		poll(`document.querySelector('.search-pop').dataset.query === ` + jsString(q) + ` ? 'ok' : ''`)
	}

	// A Russian code page: "/" focuses the box; typing shows results with
	// marks and an announced count; ArrowDown and Enter open the first.
	do(t, ctx, chromedp.Navigate(index(start)))
	poll(`document.querySelector('form.search input[role=combobox]') ? 'ok' : ''`)
	do(t, ctx, chromedp.Focus("#other"), chromedp.KeyEvent("/"))
	if got := poll(`document.activeElement && document.activeElement.id === 'other' ? 'other' : document.activeElement.id`); got != "other" {
		t.Errorf(`"/" in a text field moved the focus to %q`, got)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("/"))
	if got := poll(`document.activeElement.id`); got != "search-q" {
		t.Errorf(`"/" focused %q, want the search box`, got)
	}
	typeQuery("пассивный режим")
	first := poll(`(() => { const o = document.querySelector('.search-item'); return o && !document.querySelector('.search-pop').hidden ? o.dataset.href : ''; })()`)
	expanded := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#search-q').getAttribute('aria-expanded')`))
	if expanded != "true" {
		t.Errorf("aria-expanded = %q with results shown", expanded)
	}
	marks := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.search-item mark').length`))
	if marks == 0 {
		t.Error("no <mark> in the results")
	}
	// The count is announced half a second after the last change.
	poll(`document.querySelector('form.search [aria-live]').textContent.includes('результат') ? 'ok' : ''`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	active := run(t, ctx, chromedp.Evaluate[string](`(() => { const i = document.querySelector('#search-q'); const a = i.getAttribute('aria-activedescendant'); return a && document.getElementById(a).getAttribute('aria-selected'); })()`))
	if active != "true" {
		t.Errorf("after ArrowDown the active option is not selected (%q)", active)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := waitURL(t, ctx, first); got != first {
		t.Errorf("Enter opened %s, want %s", got, first)
	}

	// A reply code: Enter opens its page.
	do(t, ctx, chromedp.Navigate(index(start)))
	poll(`document.querySelector('form.search input[role=combobox]') ? 'ok' : ''`)
	typeQuery("425")
	poll(`document.querySelector('.search-item') ? 'ok' : ''`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	want := index("ru/codes/425/")
	if _, ok := docByID(corpus["ru"], "codes/425"); !ok {
		want = ""
	}
	if want != "" {
		if got := waitURL(t, ctx, want); got != want {
			t.Errorf("425 and Enter opened %s, want %s", got, want)
		}
	}

	// Stop words only, and Escape.
	do(t, ctx, chromedp.Navigate(index(start)))
	poll(`document.querySelector('form.search input[role=combobox]') ? 'ok' : ''`)
	typeQuery("и не в")
	msg := poll(`document.querySelector('.search-msg').textContent`)
	if msg != browserStrings["ru"]["stopwords"] {
		t.Errorf("stop words: message %q", msg)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if hidden := poll(`document.querySelector('.search-pop').hidden ? 'hidden' : ''`); hidden != "hidden" {
		t.Error("Escape did not close the results")
	}

	// The search page in English: results with snippets, a count, and a
	// link to the Russian search.
	do(t, ctx, chromedp.Navigate(index("search/")+"?q=passive+mode"))
	poll(`document.querySelectorAll('.search-results li').length ? 'ok' : ''`)
	count := poll(`document.querySelector('.search-count').textContent`)
	if !strings.Contains(count, "result") {
		t.Errorf("search page count %q", count)
	}
	other := poll(`(document.querySelector('.search-other a') || {}).href || ''`)
	if !strings.Contains(other, "ru/search/") || !strings.Contains(other, "q=passive") {
		t.Errorf("link to the other language: %q", other)
	}
	_ = path.Join
}

// waitURL waits until the page is at want (through a navigation, which
// destroys the page's JavaScript context) and returns where it is.
func waitURL(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	var got string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		u, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === 'complete' ? location.href : ''`))
		if err == nil && u != "" {
			got = u
			if u == want {
				break
			}
		}
	}
	return got
}

func docByID(docs []Doc, id string) (Doc, bool) {
	for _, d := range docs {
		if d.ID == id {
			return d, true
		}
	}
	return Doc{}, false
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
