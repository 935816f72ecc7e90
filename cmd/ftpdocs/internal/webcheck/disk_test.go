package webcheck

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// diskPage is what a page opened from disk offers.
type diskPage struct {
	Lang   string   `json:"lang"`
	H1     string   `json:"h1"`
	Links  []string `json:"links"`  // every link and resource, resolved
	Switch string   `json:"switch"` // the language switch, resolved
	Styled bool     `json:"styled"`
}

const diskPageJS = `(() => ({
  lang: document.documentElement.lang,
  h1: (document.querySelector("main h1") || {textContent: ""}).textContent.trim(),
  links: [...document.querySelectorAll("a[href], link[href], script[src], form[action]")].map((e) => e.href || e.src || e.action),
  switch: (document.querySelector("[data-lang-switch]") || {href: ""}).href,
  styled: getComputedStyle(document.querySelector("header.top")).display === "flex",
}))()`

// TestFromDisk opens the site from disk (file://), as a reader does with a
// saved copy. On every page type in both languages, every link and
// resource must reach a file, not a directory (a browser shows a listing
// for a directory), and the stylesheet must apply. Then a reader clicks:
// home → the code index → a code → the language switch → a command → the
// switch back; and a redirect page forwards to its target. (Search from
// disk: TestSearch.)
func TestFromDisk(t *testing.T) {
	t.Parallel()
	f := built(t)
	ctx := browser.Start(t, 90*time.Second)
	load := func(u string) diskPage {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[diskPage](diskPageJS))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		return v
	}
	checked := 0
	for _, pt := range pageTypes {
		if pt.name == "404" {
			continue // a web host serves it; from disk there are no missing addresses
		}
		for _, p := range []string{pt.en, pt.ru} {
			p, _, _ = strings.Cut(p, "?")
			if pt.name == "redirect" {
				continue // it forwards at once; checked below
			}
			v := load(f.fileURL(p))
			if !v.Styled {
				t.Errorf("%s: the stylesheet does not apply from disk", p)
			}
			for _, l := range v.Links {
				u, err := url.Parse(l)
				if err != nil || u.Scheme != "file" {
					continue
				}
				checked++
				st, err := os.Stat(filepath.FromSlash(u.Path))
				switch {
				case err != nil:
					t.Errorf("%s: link %s: no such file", p, l)
				case st.IsDir():
					t.Errorf("%s: link %s is a directory (a listing from disk)", p, l)
				}
			}
			if v.Switch == "" || !strings.HasSuffix(v.Switch, "index.html") {
				t.Errorf("%s: language switch %q", p, v.Switch)
			}
		}
	}
	t.Logf("from disk: %d links checked on %d page types", checked, len(pageTypes)-2)

	// A reader's path.
	var v diskPage
	click := func(sel, wantSuffix, wantLang string) {
		t.Helper()
		step, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Do(step, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
		// The new page, loaded (its stylesheet too).
		err := waitFor(step, `location.pathname.endsWith(`+jsString(wantSuffix)+`) && document.readyState === "complete"`, 10*time.Second)
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatalf("click %s: at %s, want …%s loaded: %v", sel, loc, wantSuffix, err)
		}
		if v, err = chromedp.Run(ctx, chromedp.Evaluate[diskPage](diskPageJS)); err != nil {
			t.Fatal(err)
		}
		if v.Lang != wantLang || v.H1 == "" || !v.Styled {
			t.Fatalf("click %s: at %s: lang %q, h1 %q, styled %v", sel, loc, v.Lang, v.H1, v.Styled)
		}
	}
	load(f.fileURL(""))
	click(`nav.nav a[href$="codes/index.html"]`, "/codes/index.html", "en")
	click(`main a[href="530/index.html"]`, "/codes/530/index.html", "en")
	click(`a[data-lang-switch]`, "/ru/codes/530/index.html", "ru")
	click(`.facts a[href$="commands/pass/index.html"]`, "/ru/commands/pass/index.html", "ru")
	click(`a[data-lang-switch]`, "/commands/pass/index.html", "en")
	click(`header .brand`, "/public/index.html", "en")

	// A redirect page forwards to its target from disk too (site.js).
	err := chromedp.Do(ctx, chromedp.Navigate(f.fileURL("ru/codes/400/")))
	if err == nil {
		err = waitFor(ctx, `location.pathname.endsWith("/ru/codes/4xx/index.html") && document.readyState === "complete"`, 10*time.Second)
	}
	if err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Errorf("the redirect page ru/codes/400/ from disk ends at %s: %v", loc, err)
	}
}
