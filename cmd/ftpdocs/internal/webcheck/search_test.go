package webcheck

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// hasSearchJS is true when the page's search box has a search index to
// use; until the build makes one, the search tests skip.
const hasSearchJS = `!!document.querySelector("form.search[data-index]")`

// suggestionsShown is true when the search box shows its suggestions.
const suggestionsShown = `(() => { const o = document.querySelector('form.search [role="option"]'); return !!o && o.offsetParent !== null; })()`

// resultsJS returns the links of the search page's results, or null.
const resultsJS = `(() => { const a = [...document.querySelectorAll("#search-page li a")]; return a.length ? a.map((e) => e.href) : null; })()`

// TestSearch uses the search box the way readers do, from disk (file://)
// and on the sub-path server, in both languages: a code goes straight to
// its page; words open the search page, whose results lead to pages that
// exist; in the box, the arrow keys and Enter open a suggestion.
func TestSearch(t *testing.T) {
	t.Parallel()
	f := built(t)
	ctx := browser.Start(t, 90*time.Second)
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := chromedp.Do(c, actions...); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("%s (at %s): %v", what, loc, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.fileURL("")), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](hasSearchJS)); err != nil {
		t.Fatal(err)
	} else if !ok {
		t.Skip("the pages have no search index (form.search has no data-index): search not checked")
	}
	box := chromedp.CSS(`form.search input[name="q"]`)
	search := func(start, q string) {
		t.Helper()
		step("search for "+q+" from "+start,
			chromedp.Navigate(start), chromedp.WaitReady(chromedp.CSS("main")),
			chromedp.Click(box), chromedp.SendKeys(box, q))
		// Enter once the suggestions show: the client is loaded and has
		// answered, as when a reader looks before pressing Enter.
		if err := waitFor(ctx, suggestionsShown, 10*time.Second); err != nil {
			t.Fatalf("no suggestions for %q on %s: %v", q, start, err)
		}
		step("Enter", chromedp.KeyEvent(kb.Enter))
	}
	waitAt := func(suffix string) {
		t.Helper()
		if err := waitFor(ctx, `location.pathname.endsWith(`+jsString(suffix)+`) && document.readyState === "complete"`, 10*time.Second); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("want to be at …%s, at %s: %v", suffix, loc, err)
		}
	}
	results := func() []string {
		t.Helper()
		err := waitFor(ctx, `!!document.querySelector("#search-page li a")`, 10*time.Second)
		links, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](resultsJS))
		if err != nil || len(links) == 0 {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("no results on %s: %v", loc, err)
		}
		return links
	}
	onDisk := func(links []string) {
		t.Helper()
		for _, l := range links {
			u, err := url.Parse(l)
			if err != nil || u.Scheme != "file" {
				t.Errorf("result %s is not on disk", l)
				continue
			}
			if st, err := os.Stat(filepath.FromSlash(u.Path)); err != nil || st.IsDir() {
				t.Errorf("result %s: not a file (%v)", l, err)
			}
		}
	}

	// From disk.
	search(f.fileURL(""), "425")
	waitAt("/codes/425/index.html")
	search(f.fileURL(""), "passive mode")
	waitAt("/search/index.html")
	links := results()
	onDisk(links)
	inTop3(t, "passive mode", links, "/codes/227/")
	step("open the first result", chromedp.Click(chromedp.CSS("#search-page li a")))
	waitAt(strings.TrimPrefix(links[0], "file://"+filepath.ToSlash(f.dir)))
	search(f.fileURL("ru/"), "пассивный режим")
	waitAt("/ru/search/index.html")
	links = results()
	onDisk(links)
	inTop3(t, "пассивный режим", links, "/ru/codes/227/")
	search(f.fileURL("ru/codes/"), "10061")
	waitAt("/ru/codes/10061/index.html")

	// In the box: suggestions, chosen with the keyboard.
	step("suggestions for pasv",
		chromedp.Navigate(f.fileURL("")), chromedp.WaitReady(chromedp.CSS("main")),
		chromedp.Click(box), chromedp.SendKeys(box, "pasv"))
	if err := waitFor(ctx, suggestionsShown, 10*time.Second); err != nil {
		t.Fatalf("no suggestions for pasv: %v", err)
	}
	step("ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	chosen, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const o = document.querySelector('form.search [role="option"][aria-selected="true"]'),
			i = document.querySelector('form.search input[name="q"]');
		return o && i.getAttribute("aria-activedescendant") === o.id ? new URL(o.dataset.href, location.href).pathname : "";
	})()`))
	if err != nil || chosen == "" {
		t.Fatalf("ArrowDown selects no suggestion (aria-selected and aria-activedescendant): %v", err)
	}
	step("Enter on the suggestion", chromedp.KeyEvent(kb.Enter))
	waitAt(chosen)

	// On the sub-path server.
	step("search page under "+prefix, chromedp.Navigate(f.url("search/?q=passive+mode")))
	for _, l := range results() {
		if !strings.HasPrefix(l, f.base) {
			t.Errorf("result %s is outside %s", l, f.base)
			continue
		}
		res, err := noRedirects.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("result %s: status %d", l, res.StatusCode)
		}
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// inTop3 checks that a page is among the first three results of a query:
// a reader who searches for a mode expects its reply code right there.
func inTop3(t *testing.T, q string, links []string, page string) {
	t.Helper()
	for i, l := range links {
		if i < 3 && (strings.HasSuffix(l, page) || strings.HasSuffix(l, page+"index.html")) {
			return
		}
	}
	t.Errorf("%q: %s is not among the first three results: %v", q, page, links)
}
