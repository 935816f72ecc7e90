package webcheck

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/api"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// notFoundView is what the 404 page shows in the browser.
type notFoundView struct {
	Status   int      `json:"status"`   // of the document, from the Navigation Timing API
	Styled   bool     `json:"styled"`   // the site's stylesheet applies
	Sheets   int      `json:"sheets"`   // rules in the loaded stylesheets
	Langs    []string `json:"langs"`    // the lang of each half, in order
	H1       []string `json:"h1"`       // the lang of each part of the heading, in order
	Links    []string `json:"links"`    // every link and resource, resolved
	Failed   []string `json:"failed"`   // resources that did not load with status 200
	Decoded  []string `json:"decoded"`  // per half: the decoded number ("" when hidden)
	Class    []string `json:"class"`    // per half: the visible class entry
	Group    []string `json:"group"`    // per half: the visible group entry
	Near     []string `json:"near"`     // per half: the nearest codes' links, joined by " "
	NearText []string `json:"nearText"` // per half: the first nearest code's text
}

const notFoundJS = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const halves = [...document.querySelectorAll("#notfound section[lang]")];
  const txt = (el) => el ? el.textContent.trim().replace(/\s+/g, " ") : "";
  const shown = (h, sel) => txt([...h.querySelectorAll(sel)].find((e) => !e.hidden && e.offsetParent !== null));
  return {
    status: nav ? nav.responseStatus : 0,
    styled: getComputedStyle(document.querySelector("header.top")).display === "flex",
    sheets: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0),
    langs: halves.map((h) => h.lang),
    h1: [...document.querySelectorAll("#notfound h1 [lang]")].map((e) => e.lang),
    links: [...document.querySelectorAll("a[href], link[href], script[src]")].map((e) => e.href || e.src),
    failed: performance.getEntriesByType("resource").filter((r) => r.responseStatus !== 200).map((r) => r.name + " " + r.responseStatus),
    decoded: halves.map((h) => { const b = h.querySelector("[data-decode]"); return b && !b.hidden ? txt(b.querySelector("[data-n]")) : ""; }),
    class: halves.map((h) => shown(h, "[data-class]")),
    group: halves.map((h) => shown(h, "[data-group]")),
    near: halves.map((h) => [...h.querySelectorAll("[data-near] a")].map((a) => a.href).join(" ")),
    nearText: halves.map((h) => txt(h.querySelector("[data-near] a"))),
  };
})()`

func loadNotFound(t *testing.T, ctx context.Context, u string) notFoundView {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("#notfound"))); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[notFoundView](notFoundJS))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return v
}

// TestSubpathNotFound asks the sub-path server for a deep missing address:
// the answer is status 404 with the styled, bilingual 404 page, whose
// stylesheet, script and links all resolve under /ftpdocs/.
func TestSubpathNotFound(t *testing.T) {
	t.Parallel()
	f := built(t)
	missing := f.url("no/such/deep/page/at/all/")
	res, err := noRedirects.Get(missing)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want, _ := os.ReadFile(filepath.Join(f.dir, "404.html"))
	if res.StatusCode != http.StatusNotFound || string(body) != string(want) {
		t.Fatalf("GET %s: status %d, 404.html served: %v", missing, res.StatusCode, string(body) == string(want))
	}

	ctx := browser.Start(t, 60*time.Second)
	v := loadNotFound(t, ctx, missing)
	if v.Status != http.StatusNotFound {
		t.Errorf("document status %d, want 404", v.Status)
	}
	if !v.Styled || v.Sheets < 20 {
		t.Errorf("the stylesheet does not apply (header styled: %v, %d rules loaded)", v.Styled, v.Sheets)
	}
	if strings.Join(v.Langs, " ") != "en ru" {
		t.Errorf("halves %v, want en then ru", v.Langs)
	}
	if len(v.Failed) > 0 {
		t.Errorf("resources that failed: %v", v.Failed)
	}
	checked := 0
	for _, l := range v.Links {
		if !strings.HasPrefix(l, strings.TrimSuffix(f.base, prefix)) || strings.HasPrefix(l, missing+"#") {
			continue // the RFC links and such; the skip link
		}
		checked++
		if !strings.HasPrefix(l, f.base) {
			t.Errorf("link %s leaves %s", l, prefix)
			continue
		}
		res, err := noRedirects.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("link %s: status %d", l, res.StatusCode)
		}
	}
	if checked < 10 {
		t.Errorf("only %d links on the 404 page", checked)
	}
	if v.Decoded[0] != "" || v.Decoded[1] != "" {
		t.Errorf("decoder shown for a non-code address: %q", v.Decoded)
	}
}

// TestNotFoundDecoder opens missing reply-code addresses: the 404 page
// explains the digits (class and group, in both languages) and links the
// nearest codes that have pages: the same class and group first, then the
// same class, then any, each by distance. A Russian address puts the
// Russian half first.
func TestNotFoundDecoder(t *testing.T) {
	t.Parallel()
	f := built(t)
	data, err := os.ReadFile(filepath.Join(f.dir, "api", "codes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var codes api.Codes
	if err := json.Unmarshal(data, &codes); err != nil {
		t.Fatal(err)
	}
	byNum := map[string]api.Code{}
	var nums []string
	for _, c := range codes.Codes {
		if len(c.Code) == 3 {
			nums = append(nums, c.Code)
			byNum[c.Code] = c
		}
	}
	nearest := func(n string) []string {
		want, _ := strconv.Atoi(n)
		rank := func(c string) int {
			v, _ := strconv.Atoi(c)
			d := v - want
			if d < 0 {
				d = -d
			}
			switch {
			case c[:2] == n[:2]:
				return d
			case c[0] == n[0]:
				return 1000 + d
			}
			return 2000 + d
		}
		out := append([]string(nil), nums...)
		sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
		return out[:5]
	}

	ctx := browser.Start(t, 60*time.Second)
	for _, tc := range []struct {
		path       string
		n          string
		langs      string
		class, grp [2]string // substrings of the visible class and group entries, en and ru
		first      string    // the first nearest code
	}{
		{"codes/499/", "499", "en ru", [2]string{"4xx · Transient negative completion", "4xx · Временная ошибка"}, [2]string{"x9z: not a group", "x9z: такой группы нет"}, "452"},
		{"codes/299/", "299", "en ru", [2]string{"2xx · Positive completion", "2xx · Положительное завершение"}, [2]string{"x9z: not a group", "x9z: такой группы нет"}, "257"},
		{"ru/codes/426x/", "426", "ru en", [2]string{"4xx · Временная ошибка", "4xx · Transient negative completion"}, [2]string{"x2z: Соединения", "x2z: Connections"}, "426"},
		{"codes/799/", "799", "en ru", [2]string{"7xx: not a reply class", "7xx: такого класса нет"}, [2]string{"x9z: not a group", "x9z: такой группы нет"}, "633"},
		{"codes/531/index.html", "531", "en ru", [2]string{"5xx · Permanent negative completion", "5xx · Постоянная ошибка"}, [2]string{"x3z: Authentication and accounting", "x3z: Аутентификация и учётные записи"}, "530"},
	} {
		t.Run(strings.ReplaceAll(tc.path, "/", "_"), func(t *testing.T) {
			v := loadNotFound(t, ctx, f.url(tc.path))
			if got := strings.Join(v.Langs, " "); got != tc.langs {
				t.Errorf("halves in order %q, want %q", got, tc.langs)
			}
			if got := strings.Join(v.H1, " "); got != tc.langs {
				t.Errorf("heading in order %q, want %q", got, tc.langs)
			}
			want := nearest(tc.n)
			if want[0] != tc.first {
				t.Fatalf("the test's own ranking puts %s first, not %s", want[0], tc.first)
			}
			for i, lang := range v.Langs {
				if v.Decoded[i] != tc.n {
					t.Errorf("%s: decoded %q, want %q", lang, v.Decoded[i], tc.n)
				}
				if !strings.Contains(v.Class[i], tc.class[i]) {
					t.Errorf("%s: class entry %q, want %q", lang, v.Class[i], tc.class[i])
				}
				if !strings.Contains(v.Group[i], tc.grp[i]) {
					t.Errorf("%s: group entry %q, want %q", lang, v.Group[i], tc.grp[i])
				}
				var wantLinks []string
				for _, n := range want {
					wantLinks = append(wantLinks, f.url(byNum[n].URL[site.Lang(lang)]))
				}
				if got := v.Near[i]; got != strings.Join(wantLinks, " ") {
					t.Errorf("%s: nearest codes\n got %s\nwant %s", lang, got, strings.Join(wantLinks, " "))
				}
				if title := byNum[tc.first].Title[site.Lang(lang)]; v.NearText[i] != tc.first+" "+title {
					t.Errorf("%s: first nearest reads %q, want %q", lang, v.NearText[i], tc.first+" "+title)
				}
				for _, l := range strings.Fields(v.Near[i]) {
					res, err := noRedirects.Get(l)
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						t.Errorf("%s: nearest code link %s: status %d", lang, l, res.StatusCode)
					}
				}
			}
		})
	}
}
