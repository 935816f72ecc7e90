package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/browser"
)

// TestBrowser is the writer's path in a real Chromium: open a Russian code
// page, edit its Markdown, and see the page reload by itself; break its
// front matter and see the error, with its position, over the last good
// page (also on a page opened while it is broken); fix it and see the
// overlay go.
func TestBrowser(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, "site.txtar")
	ts := start(t, dir, "/")
	ctx := browser.Start(t, 2*time.Minute)
	const file = "content/ru/codes/425.md"

	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.url+"ru/codes/425/"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// A marker on window survives anything but a reload.
	eval[bool](t, ctx, `window.ftpdocsMarker = true`)
	replaceIn(t, dir, file, "Межсетевой экран.", "Межсетевой экран у клиента.")
	poll(t, ctx, "the page to reload with the edit",
		`window.ftpdocsMarker === undefined && document.body.innerText.includes("Межсетевой экран у клиента.")`)

	// Break it. The message quotes the bad key: it must appear as text.
	eval[bool](t, ctx, `window.ftpdocsMarker = true`)
	replaceIn(t, dir, file, "summary:", "<img src=x onerror=window.ftpdocsXSS=1>: 1\nsummary:")
	poll(t, ctx, "the error overlay", `document.getElementById("ftpdocs-errors") !== null`)
	text := eval[string](t, ctx, `document.getElementById("ftpdocs-errors").innerText`)
	want := `content/ru/codes/425.md:3:1: unknown front matter key "<img src=x onerror=window.ftpdocsXSS=1>"`
	if !strings.Contains(text, want) {
		t.Errorf("the overlay says:\n%s\nwant it to contain:\n%s", text, want)
	}
	if eval[bool](t, ctx, `document.querySelector("#ftpdocs-errors img") !== null || window.ftpdocsXSS === 1`) {
		t.Errorf("the error message was inserted as HTML")
	}
	if !eval[bool](t, ctx, `window.ftpdocsMarker === true && document.body.innerText.includes("Межсетевой экран у клиента.")`) {
		t.Errorf("the page reloaded or lost its text while the build was broken")
	}

	// A page opened now shows the overlay at once.
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.url+"codes/426/"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the error overlay on a new page", `document.getElementById("ftpdocs-errors") !== null`)

	replaceIn(t, dir, file, "<img src=x onerror=window.ftpdocsXSS=1>: 1\n", "")
	poll(t, ctx, "the overlay to go", `document.getElementById("ftpdocs-errors") === null`)
}

// eval evaluates JavaScript in the page.
func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// poll evaluates a JavaScript condition until it is true. Errors count as
// false: while the page reloads there is no page to evaluate in.
func poll(t testing.TB, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("waited in vain for %s (%s)", what, cond)
}
