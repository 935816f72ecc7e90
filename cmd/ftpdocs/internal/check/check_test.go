package check

import (
	"strings"
	"testing"
)

func TestLinks(t *testing.T) {
	page := func(html string) Page { return Page{Data: []byte(html)} }
	s := Site{
		"index.html":           page(`<a href="codes/">x</a><a href="codes/425/#causes">x</a><a href="https://example.com/">x</a><link href="css/site.css">`),
		"codes/index.html":     page(`<a href="../">x</a><a href="425/">x</a><a href="#top" id="top">x</a>`),
		"codes/425/index.html": page(`<h2 id="causes">C</h2><a href="../../">x</a><a href="../426/">x</a><a href="#nope">x</a><a href="../../codes">x</a>`),
		"css/site.css":         {},
		"search/index.html":    page(`<form action="./" data-lang="en" data-index="../search/en/meta.js" data-script="../js/search.js" data-s-none="No results/"></form>`),
		"js/search.js":         {},
		"404.html":             page(`<a href="/repo/codes/">x</a><a href="/other/">x</a>`),
		"ru/index.html": {Data: []byte(`<a href="../codes/427/">x</a>`), Source: "content/ru/_index.md",
			Body: func() []byte { return []byte("\n\n\nSee [it](../codes/427/).\n") }},
		"dup/index.html": page(`<h2 id="a">A</h2><h2 id="a">B</h2><a href="../../../x/">x</a>`),
	}
	got := Links(s, Options{BasePath: "/repo/"}).Error()
	want := strings.Join([]string{
		`content/ru/_index.md:4:8: broken link "../codes/427/": no page codes/427/index.html`,
		`public/404.html: link "/other/" leaves the site's base path /repo/ (in a template)`,
		`public/codes/425/index.html: broken link "#nope": codes/425/index.html has no heading or element with id "nope" (in a template)`,
		`public/codes/425/index.html: broken link "../426/": no page codes/426/index.html (in a template)`,
		`public/codes/425/index.html: link "../../codes" names a directory without a trailing slash: write "../../codes/" (in a template)`,
		`public/dup/index.html: duplicate id "a" on the page: two headings or elements share it; give one an explicit {#id} (in a template)`,
		`public/dup/index.html: link "../../../x/" goes above the site root (in a template)`,
		`public/search/index.html: broken link "../search/en/meta.js": no page search/en/meta.js (in a template)`,
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
