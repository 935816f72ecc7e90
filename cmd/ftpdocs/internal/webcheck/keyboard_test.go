package webcheck

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// focused describes the element that has the focus.
type focused struct {
	ID      int     `json:"id"`   // a number given to each element on first focus
	Desc    string  `json:"desc"` // tag, class, href and text, for messages
	Body    bool    `json:"body"` // nothing has the focus
	Skip    bool    `json:"skip"`
	Main    bool    `json:"main"`
	After   bool    `json:"afterMain"` // inside main or after it
	Hash    string  `json:"hash"`
	Visible bool    `json:"visible"` // has a box inside the viewport
	Ring    bool    `json:"ring"`    // has an outline or box-shadow
	Width   float64 `json:"width"`   // outline width, px
	Color   string  `json:"color"`   // outline colour
	Behind  string  `json:"behind"`  // the colour behind it
}

// describeJS defines describe(e), the focused struct of an element, and
// starts recording one for each element that gets the focus in kbdLog.
const describeJS = `window.kbdLog = []; window.describe = (e) => {
  const cs = getComputedStyle(e), r = e.getBoundingClientRect();
  if (!e.dataset.kbd) e.dataset.kbd = window.kbdN = (window.kbdN || 0) + 1;
  let bg = "rgba(0, 0, 0, 0)";
  for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
  }
  const tabbable = [...document.querySelectorAll('a[href], input:not([type=hidden]), button, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((n) => !n.disabled && n.getClientRects().length > 0 && getComputedStyle(n).visibility !== "hidden").length;
  const main = document.querySelector("main");
  return {
    id: +e.dataset.kbd, desc: e.tagName + "." + e.className + " " + (e.getAttribute("href") || "") + " " + e.textContent.trim().slice(0, 30),
    body: e === document.body, skip: e.classList.contains("skip"), main: e === main, afterMain: e !== main && (main.contains(e) || !!(main.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)), hash: location.hash,
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    ring: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none",
    width: cs.outlineStyle === "none" ? 0 : parseFloat(cs.outlineWidth), color: cs.outlineColor, behind: bg,
  };
}; document.addEventListener("focusin", (ev) => kbdLog.push(describe(ev.target)));`

const focusedJS = `describe(document.activeElement)`

// tabbableJS counts the visible elements that Tab should reach.
const tabbableJS = `[...document.querySelectorAll('a[href], input:not([type=hidden]), button, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
  .filter((n) => !n.disabled && n.getClientRects().length > 0 && getComputedStyle(n).visibility !== "hidden").length`

// TestKeyboard works each page type from the keyboard. The first Tab
// reaches a visible skip link; Tab then goes around the whole page, reaching
// every visible focusable element, each inside the viewport with a focus
// ring at least 2 px wide whose colour has a contrast of at least 3:1 with
// what is behind it (WCAG 2.2 2.4.7, 1.4.11), and comes back to the skip
// link; Enter on it moves the focus to the main content, where the next Tab
// continues. In the dark scheme the English pages are checked again, for
// the rings of their first ten elements.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	f := built(t)
	ctx := browser.Start(t, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1024, 768)); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range schemes {
		if err := chromedp.Do(ctx, emulateScheme(scheme)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages() {
			if scheme == "dark" && strings.HasSuffix(pg[0], "(ru)") {
				continue // the same markup as the English page
			}
			label := pg[0] + ", " + scheme
			at := func() focused {
				v, err := chromedp.Run(ctx, chromedp.Evaluate[focused](focusedJS))
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				return v
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(f.url(pg[1])), chromedp.WaitReady(chromedp.CSS("main")), settleSearch(pg[1]),
				chromedp.Evaluate[chromedp.Void](describeJS)); err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](tabbableJS))
			if err != nil {
				t.Fatal(err)
			}
			presses := n + 1 // around the page and back to the start
			if scheme == "dark" {
				presses = min(n, 10)
			}
			tabs := make([]chromedp.Action[chromedp.Void], presses)
			for i := range tabs {
				tabs[i] = tabKey
			}
			if err := chromedp.Do(ctx, tabs...); err != nil {
				t.Fatal(err)
			}
			log, err := chromedp.Run(ctx, chromedp.Evaluate[[]focused](`kbdLog`))
			if err != nil {
				t.Fatal(err)
			}
			if len(log) == 0 || !log[0].Skip || !log[0].Visible {
				t.Errorf("%s: the first Tab does not reach a visible skip link (%v)", label, log[:min(1, len(log))])
				continue
			}
			seen := map[int]bool{}
			for _, v := range log {
				if seen[v.ID] {
					break
				}
				seen[v.ID] = true
				if !v.Visible {
					t.Errorf("%s: focused %q is outside the viewport", label, v.Desc)
				}
				checkRing(t, label, v)
			}
			if scheme == "dark" {
				continue
			}
			if len(seen) != n {
				t.Errorf("%s: Tab reached %d elements of %d", label, len(seen), n)
			}
			// Past the last element the focus may rest on the document
			// once before it comes round again.
			v := at()
			if v.Body {
				if err := chromedp.Do(ctx, tabKey); err != nil {
					t.Fatal(err)
				}
				v = at()
			}
			if !v.Skip {
				t.Errorf("%s: Tab around the page ends on %q, not back on the skip link", label, v.Desc)
				continue
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			if v := at(); !v.Main || v.Hash != "#main" {
				t.Errorf("%s: Enter on the skip link leaves the focus on %q (hash %q), not on main", label, v.Desc, v.Hash)
			}
			if err := chromedp.Do(ctx, tabKey); err != nil {
				t.Fatal(err)
			}
			if v := at(); !v.After {
				t.Errorf("%s: Tab after the skip link reaches %q, before main", label, v.Desc)
			}
		}
	}
}

// tabKey presses Tab. Chromium moves the focus on the key-down event; the
// key-up that chromedp.KeyEvent also sends would double the time of a walk
// around a page of two hundred links.
var tabKey = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
		Type: input.DispatchKeyEventTypeRawKeyDown, Key: "Tab", Code: "Tab", WindowsVirtualKeyCode: 9, NativeVirtualKeyCode: 9})
	return err
})

var rgb = regexp.MustCompile(`rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)`)

// checkRing reports a focused element without a clear focus ring.
func checkRing(t *testing.T, label string, v focused) {
	t.Helper()
	if !v.Ring || v.Width < 2 {
		t.Errorf("%s: focused %q shows no focus ring (outline %gpx)", label, v.Desc, v.Width)
		return
	}
	if c := contrast(v.Color, v.Behind); c < 3 {
		t.Errorf("%s: focus ring of %q: contrast %.2f:1 between %s and %s, want ≥ 3:1", label, v.Desc, c, v.Color, v.Behind)
	}
}

// contrast is the WCAG contrast ratio of two CSS rgb() colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c string) float64 {
	m := rgb.FindStringSubmatch(c)
	if m == nil {
		panic(fmt.Sprintf("colour %q", c))
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseFloat(m[i+1], 64)
		v /= 255
		if v <= 0.04045 {
			v /= 12.92
		} else {
			v = math.Pow((v+0.055)/1.055, 2.4)
		}
		l += w * v
	}
	return l
}
