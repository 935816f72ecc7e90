package webcheck

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// schemes are the colour schemes a reader's system may ask for.
var schemes = []string{"light", "dark"}

// rules are the axe-core rules to run in each scheme: all of them in light;
// in dark, where only colours change (TestDarkSchemeOnlyColours), the rules
// about colour.
var rules = map[string]string{
	"light": "",
	"dark":  `, runOnly: {type: "rule", values: ["color-contrast", "link-in-text-block"]}`,
}

// emulateScheme makes the page see prefers-color-scheme: scheme (and screen
// media; "print" as scheme asks for print media instead).
func emulateScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{Media: "screen", Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
		if scheme == "print" {
			p = emulation.SetEmulatedMediaParams{Media: "print"}
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p)
		return err
	})
}

// requestLog records every request the browser makes for the page, to
// prove that none goes to another origin.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) listen(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			l.mu.Lock()
			l.urls = append(l.urls, e.Request.URL)
			l.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// foreign returns the number of requests and those not made to origin,
// and forgets them all.
func (l *requestLog) foreign(origin string) (int, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	all := len(l.urls)
	var out []string
	for _, u := range l.urls {
		if !strings.HasPrefix(u, origin+"/") && !strings.HasPrefix(u, "data:") {
			out = append(out, u)
		}
	}
	l.urls = nil
	return all, out
}

// axeResult is what the test keeps of axe-core's results.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int      `json:"passes"`
	Fonts  int      `json:"fonts"`
	Dark   bool     `json:"dark"`
	CSP    []string `json:"csp"`
}

// TestAccessibility runs axe-core on every page type in both languages, in
// the light and the dark colour scheme, on the site served under a
// sub-path: zero violations of any rule axe runs by default (WCAG 2.0, 2.1
// and 2.2 A and AA, and axe's best practices); in the dark scheme, of the
// rules about colour. The open suggestions of the search box are checked
// too, when the pages have a search index. On the way it checks that no
// page requests anything from another origin, that no page uses a web font,
// and that nothing breaks the server's Content-Security-Policy.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	f := built(t)
	axeSrc, err := os.ReadFile(npmFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	origin := strings.TrimSuffix(f.base, prefix)
	ctx := browser.Start(t, 150*time.Second)
	var reqs requestLog
	reqs.listen(t, ctx)
	// Record what the Content-Security-Policy of the test server blocks.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.cspBlocked = []; document.addEventListener("securitypolicyviolation", (e) => cspBlocked.push(e.violatedDirective + " " + (e.blockedURI || "inline")));`,
	}); err != nil {
		t.Fatal(err)
	}
	type state struct{ label, path, typed string }
	var states []state
	for _, pg := range pages() {
		states = append(states, state{pg[0], pg[1], ""})
	}
	states = append(states, state{"search suggestions (en)", "", "pasv"}, state{"search suggestions (ru)", "ru/", "пассив"})
	runs := 0
	for _, scheme := range schemes {
		if err := chromedp.Do(ctx, emulateScheme(scheme)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range states {
			label := pg.label + ", " + scheme
			u := f.url(pg.path)
			var res axeResult
			err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("main")), settleSearch(pg.path))
			if err == nil && pg.typed != "" {
				// The suggestions under the search box, open.
				if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](hasSearchJS)); !ok {
					continue // no search index yet: TestSearch says so
				}
				box := chromedp.CSS(`form.search input[name="q"]`)
				err = chromedp.Do(ctx, chromedp.Click(box), chromedp.SendKeys(box, pg.typed))
				if err == nil {
					err = waitFor(ctx, suggestionsShown, 10*time.Second)
				}
			}
			if err == nil {
				_, err = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(axeSrc)))
			}
			if err == nil {
				res, err = chromedp.Run(ctx, chromedp.Evaluate[axeResult](`axe.run(document, {resultTypes: ["violations"]`+rules[scheme]+`}).then((r) => ({
					violations: r.violations, passes: r.passes.length, fonts: document.fonts.size, csp: window.cspBlocked || ["no record"],
					dark: matchMedia("(prefers-color-scheme: dark)").matches && getComputedStyle(document.body).backgroundColor === "rgb(15, 17, 21)"}))`, chromedp.EvalAwaitPromise))
			}
			if err != nil {
				t.Fatalf("%s: %s: %v", label, u, err)
			}
			runs++
			if res.Passes < 10 && scheme == "light" || res.Passes < 1 {
				t.Errorf("%s: axe-core checked only %d rules", label, res.Passes)
			}
			if res.Dark != (scheme == "dark") {
				t.Errorf("%s: the page is not in the %s scheme", label, scheme)
			}
			for _, v := range res.Violations {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
					if len(where) == 3 {
						where = append(where, fmt.Sprintf("… %d in all", len(v.Nodes)))
						break
					}
				}
				t.Errorf("%s (%s): %s [%s, %s]\n\t%s", label, pg.path, v.Help, v.ID, v.Impact, strings.Join(where, "\n\t"))
			}
			if len(res.CSP) > 0 {
				t.Errorf("%s: the Content-Security-Policy %q blocks: %v", label, csp, res.CSP)
			}
			if res.Fonts > 0 {
				t.Errorf("%s: %d web fonts (the site uses system fonts only)", label, res.Fonts)
			}
			if all, out := reqs.foreign(origin); len(out) > 0 {
				t.Errorf("%s: requests to other origins: %v", label, out)
			} else if all < 3 {
				t.Errorf("%s: only %d requests seen (the page, its stylesheet and script at least)", label, all)
			}
		}
	}
	t.Logf("axe-core: %d page states (page types × languages, and the open search suggestions) × %d schemes", runs, len(schemes))
}

// settleSearch waits, on the search page with a query, for the results to
// show (when the search client is on the page), so that checks see them too.
func settleSearch(p string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		u, _ := url.Parse(p)
		if !strings.HasSuffix(u.Path, "search/") {
			return nil
		}
		_, err := chromedp.Poll[bool](`!document.querySelector("form.search[data-index]") || !!document.querySelector("#search-page li a")`,
			chromedp.WithPollingTimeout(10*time.Second))(ctx, t)
		if err != nil {
			return fmt.Errorf("no search results on %s: %w", p, err)
		}
		return nil
	})
}
