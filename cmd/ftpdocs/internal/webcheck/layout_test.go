package webcheck

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// narrow is the narrowest phone layout the site must read in.
const narrow = 320

// overflowJS measures horizontal overflow: the document's scroll width, the
// html and body overflow-x (which could hide overflow instead of avoiding
// it), and the boxes that stick out of the viewport without being inside a
// scrolling wrapper of their own (inline boxes aside: their rectangles take
// in the spaces that hang at the end of a wrapped line in a pre; overflowing
// text shows in the scroll width).
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (n) => { for (; n && n !== document.body; n = n.parentElement) { const o = getComputedStyle(n).overflowX; if (o === "auto" || o === "scroll") return true; } return false; };
  const out = [...document.body.querySelectorAll("*")].filter((n) => { const r = n.getBoundingClientRect(); return r.width > 0 && r.right > vw + 1 && getComputedStyle(n).display !== "inline" && !scrolls(n.parentElement); })
    .slice(0, 5).map((n) => n.tagName.toLowerCase() + (n.className ? "." + n.className : "") + " right=" + Math.round(n.getBoundingClientRect().right));
  return {scrollWidth: document.documentElement.scrollWidth, hidden: [document.documentElement, document.body].some((n) => /hidden|clip/.test(getComputedStyle(n).overflowX)), out};
})()`

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	Hidden      bool     `json:"hidden"`
	Out         []string `json:"out"`
}

// TestNarrowLayout lays out every page type in both languages at 320 px
// wide, and every other page with a table: nothing may scroll the page
// sideways (a table may scroll inside itself, and must then be reachable
// from the keyboard, as axe-core checks on the page types, with the size of
// touch targets). A full-page screenshot of each page type must be 320 px
// wide; FTPDOCS_SCREENSHOTS=DIR keeps them. (The dark scheme lays out the
// same: TestDarkSchemeOnlyColours.)
func TestNarrowLayout(t *testing.T) {
	t.Parallel()
	f := built(t)
	keep := os.Getenv("FTPDOCS_SCREENSHOTS")
	axeSrc, err := os.ReadFile(filepath.Join(npmDir(), "axe-core", "axe.min.js"))
	if err != nil {
		t.Logf("axe-core not installed (npm ci --prefix .ci/npm): scrolling boxes and touch targets not checked: %v", err)
	}
	ctx := browser.Start(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(narrow, 640, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	check := func(label, p string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(f.url(p)), chromedp.WaitReady(chromedp.CSS("main")), settleSearch(p)); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](overflowJS))
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if o.ScrollWidth > narrow || len(o.Out) > 0 {
			t.Errorf("%s: scrolls sideways at %d px: page %d px wide; sticking out: %v", label, narrow, o.ScrollWidth, o.Out)
		}
		if o.Hidden {
			t.Errorf("%s: html or body hides horizontal overflow; avoid it instead", label)
		}
	}
	typed := map[string]bool{}
	for _, pg := range pages() {
		label := pg[0]
		typed[strings.SplitN(pg[1], "?", 2)[0]] = true
		check(label, pg[1])

		// What only a narrow screen shows: boxes that scroll (they must
		// be reachable from the keyboard) and small touch targets.
		res, err := axeResult{}, error(nil)
		if axeSrc != nil {
			res, err = chromedp.Run(ctx, chromedp.Evaluate[axeResult](string(axeSrc)+`;
			axe.run(document, {resultTypes: ["violations"], runOnly: {type: "rule", values: ["scrollable-region-focusable", "target-size", "meta-viewport"]}})
			.then((r) => ({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
		}
		if err != nil {
			t.Fatalf("%s: axe: %v", label, err)
		}
		for _, v := range res.Violations {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, fmt.Sprint(n.Target))
			}
			t.Errorf("%s at %d px: %s [%s]: %v", label, narrow, v.Help, v.ID, where)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(70))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", label, err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(shot))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", label, err)
		}
		if cfg.Width != narrow {
			t.Errorf("%s: the full-page screenshot is %d px wide, want %d", label, cfg.Width, narrow)
		}
		if keep != "" {
			name := strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(label) + ".jpg"
			os.MkdirAll(keep, 0o755)
			os.WriteFile(filepath.Join(keep, name), shot, 0o644)
		}
	}

	// The search box's suggestions, open.
	check("search suggestions", "")
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](hasSearchJS)); ok {
		box := chromedp.CSS(`form.search input[name="q"]`)
		err := chromedp.Do(ctx, chromedp.Click(box), chromedp.SendKeys(box, "passive"))
		if err == nil {
			err = waitFor(ctx, suggestionsShown, 10*time.Second)
		}
		if err != nil {
			t.Fatalf("search suggestions: %v", err)
		}
		o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](overflowJS))
		if err != nil {
			t.Fatal(err)
		}
		if o.ScrollWidth > narrow || len(o.Out) > 0 {
			t.Errorf("search suggestions: scroll sideways at %d px: page %d px wide; sticking out: %v", narrow, o.ScrollWidth, o.Out)
		}
	}

	// Tables are what content adds that may be wide.
	n := 0
	filepath.WalkDir(f.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		rel := filepath.ToSlash(strings.TrimSuffix(strings.TrimPrefix(p, f.dir+string(filepath.Separator)), "index.html"))
		data, _ := os.ReadFile(p)
		if !typed[rel] && bytes.Contains(data, []byte("<table>")) {
			n++
			check(rel, rel)
		}
		return nil
	})
	t.Logf("%d page types and %d more pages with tables at %d px", len(pages()), n, narrow)
}

// printView is what the print stylesheet must do to a page.
type printView struct {
	Shown   []string `json:"shown"`   // screen-only parts still shown
	Ink     string   `json:"ink"`     // body text colour
	Paper   string   `json:"paper"`   // body background
	Clipped []string `json:"clipped"` // wrappers whose content is cut off
}

const printJS = `(() => {
  const shown = [...document.querySelectorAll("header.top, footer.foot, .skip, form.search, nav.toc, .anchor")]
    .filter((n) => n.getClientRects().length > 0).map((n) => n.tagName.toLowerCase() + "." + n.className);
  const clipped = [...document.querySelectorAll("main *")].filter((n) => n.scrollWidth > n.clientWidth + 1 && /auto|scroll|hidden|clip/.test(getComputedStyle(n).overflowX))
    .map((n) => n.tagName.toLowerCase() + "." + n.className + " " + n.scrollWidth + ">" + n.clientWidth);
  const b = getComputedStyle(document.body);
  return {shown, ink: b.color, paper: b.backgroundColor, clipped};
})()`

// TestPrint prints every page type, from the dark scheme (the harder
// case): the print stylesheet hides the header, search, footer, skip link
// and table of contents, prints black on white, and cuts nothing off at the
// width of an A4 page; Chromium's PDF of a code page is made.
func TestPrint(t *testing.T) {
	t.Parallel()
	f := built(t)
	ctx := browser.Start(t, 60*time.Second)
	// A4 at 96 px per inch, less 2 cm margins: 18 cm ≈ 680 px.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(680, 1000), emulateScheme("dark"), emulateScheme("print")); err != nil {
		t.Fatal(err)
	}
	for _, pg := range pages() {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.url(pg[1])), chromedp.WaitReady(chromedp.CSS("main")), settleSearch(pg[1])); err != nil {
			t.Fatalf("%s: %v", pg[0], err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[printView](printJS))
		if err != nil {
			t.Fatalf("%s: %v", pg[0], err)
		}
		if len(v.Shown) > 0 {
			t.Errorf("%s: printed: %v", pg[0], v.Shown)
		}
		if v.Ink != "rgb(0, 0, 0)" || v.Paper != "rgb(255, 255, 255)" {
			t.Errorf("%s: prints %s on %s, want black on white", pg[0], v.Ink, v.Paper)
		}
		if len(v.Clipped) > 0 {
			t.Errorf("%s: cut off on paper: %v", pg[0], v.Clipped)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.url("codes/425/"))); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(res.Data, []byte("%PDF")) || len(res.Data) < 10000 {
		t.Errorf("PDF of codes/425/: %d bytes", len(res.Data))
	}
}

// darkBlock is a prefers-color-scheme: dark block of the stylesheet.
var darkBlock = regexp.MustCompile(`@media\s*\(prefers-color-scheme:\s*dark\)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}`)

var (
	cssRule = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	// colourProps are the properties that only paint: the dark scheme may
	// set them, and backgrounds and custom properties (--bg) whose values
	// are colours; nothing that moves a box.
	colourProps = regexp.MustCompile(`^(color|background-color|border(-\w+)?-color|outline-color|text-decoration-color|caret-color|accent-color|fill|stroke|color-scheme)$`)
	// colourValue is a background that is only a colour.
	colourValue = regexp.MustCompile(`^(#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla|var)\([^()]*(\([^()]*\))?[^()]*\)|[a-z]+)$`)
)

// paintOnly reports the first declaration of css that does more than paint.
func paintOnly(css string) string {
	for _, r := range cssRule.FindAllStringSubmatch(css, -1) {
		for _, d := range strings.Split(r[2], ";") {
			prop, val, ok := strings.Cut(strings.TrimSpace(d), ":")
			prop, val = strings.TrimSpace(prop), strings.TrimSpace(val)
			switch {
			case !ok && strings.TrimSpace(d) == "":
			case colourProps.MatchString(prop):
			case (prop == "background" || strings.HasPrefix(prop, "--")) && colourValue.MatchString(val):
			default:
				return strings.TrimSpace(r[1]) + "{" + strings.TrimSpace(d) + "}"
			}
		}
	}
	return ""
}

// TestDarkSchemeOnlyColours reads the stylesheet: the dark scheme sets
// only colours (and custom properties), so it lays out exactly like the
// light one, and the layout tests need not run twice. It must exist, too.
func TestDarkSchemeOnlyColours(t *testing.T) {
	f := built(t)
	css, _ := filepath.Glob(filepath.Join(f.dir, "css", "*.css"))
	n := 0
	for _, c := range css {
		data, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range darkBlock.FindAllSubmatch(data, -1) {
			n++
			if d := paintOnly(string(m[1])); d != "" {
				t.Errorf("%s: the dark scheme sets %s, which may change the layout: set only colours there", filepath.Base(c), d)
			}
		}
	}
	if n == 0 {
		t.Error("the stylesheet has no @media (prefers-color-scheme: dark) block")
	}
}
