package check

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// tokenizerTags lists the start tags of data and their attributes as
// golang.org/x/net/html's Tokenizer reports them.
func tokenizerTags(data []byte) []string {
	var out []string
	tokenize(data, func(name []byte, attrs []attr) {
		out = append(out, fmt.Sprintf("<%q>", name))
		for _, a := range attrs {
			out = append(out, fmt.Sprintf("%q=%q", a.key, a.val))
		}
	})
	return out
}

// scannedTags is the same list by scanTags, and whether it answered.
func scannedTags(data []byte) ([]string, bool) {
	var out []string
	ok := scanTags(data, func(tag, key []byte) bool { return true }, func(name []byte, attrs []attr) {
		out = append(out, fmt.Sprintf("<%q>", name))
		for _, a := range attrs {
			out = append(out, fmt.Sprintf("%q=%q", a.key, a.val))
		}
	})
	return out, ok
}

var scanSeeds = []string{
	`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>425 <b>x</b></title>
<link rel="stylesheet" href="../../css/site.1a2b.css"><script src="../../js/site.js" defer></script>
<script type="application/ld+json">{"a":"<\/script>"}</script></head>
<body class="kind-code"><a class="skip" href="#main">Skip</a><!-- a comment <a href="no"> -->
<form class="search" action="../../search/" data-index="../../search/en/meta.js" data-s-none='None'>
<input id=search-q name=q type=search autocomplete=off></form><h2 id="causes">Causes</h2>
<pre><code>USER anna<br/>331 Password required</code></pre><img src="x.png" alt="a > b"></body></html>`,
	`<A HREF="X" Href="y" id=a ID=b>`, `<a href="1"/><br/><p/>`, `<a =b c==d e = f>`, `<a href="x`, `<a`, `<`,
	`</a href=">" id=x><b id=y>`, `</>`, `</ x><a id=z>`, `<!-- -- --!><a id=1>`, `<!--><a id=2>`, `<!---><a id=3>`,
	`<!-- --!-><a id=4> -->`, `<!DOCTYPE html><a id=5>`, `<!x><a id=6>`, `<?xml ?><a id=7>`, `<<a id=8>`, `a < b <a id=9>`,
	`<script>if (a<b) {}</script ><a id=10>`, `<script><!--<script></script>--></script><a id=11>`,
	`<style>a{}</STYLE/><a id=12>`, `<title><a id=no></title><a id=13>`, `<textarea></textare></textarea x><a id=14>`,
	`<plaintext><a id=no>`, `<xmp></xmp><a id=15>`, `<noscript><a id=16></noscript>`, `<a href="a&amp;b">`,
	"<a href='x\ry'>", "<a\thref\n=\f'x'\r>", `<a href=x/>`, `<a / href=x>`, `<a href=/>`, `<a id= >`, `<a id=>`,
	`<a b/c=d>`, `<script/><a id=17></script><a id=18>`, `<iframe><a id=no></iframe><a id=19>`, "<a id=\x00>",
}

func FuzzScanTags(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		got, ok := scannedTags(data)
		if !bytes.Equal(data, orig) {
			t.Fatalf("scanTags changed its input %q to %q", orig, data)
		}
		if !ok {
			return
		}
		if want := tokenizerTags(data); !slicesEqual(got, want) {
			t.Errorf("%q:\nscanTags  %s\nTokenizer %s", data, strings.Join(got, " "), strings.Join(want, " "))
		}
	})
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestScanTagsAnswers checks that the fast path answers for pages like the
// site's (else it would only cost time), and falls back where it must.
func TestScanTagsAnswers(t *testing.T) {
	if _, ok := scannedTags([]byte(scanSeeds[0])); !ok {
		t.Error("scanTags gave up on a page like the site's")
	}
	for _, s := range []string{`<a href="a&amp;b">`, "<a href='x\ry'>", `<script><!--</script>`} {
		if _, ok := scannedTags([]byte(s)); ok {
			t.Errorf("scanTags answered for %q, where the Tokenizer reads something else", s)
		}
	}
	// The values the check does not use may hold anything.
	page := []byte(`<meta content="Q&amp;A"><a href="x" title="a&amp;b">`)
	ok := scanTags(page, func(tag, key []byte) bool { return use(tag, key) != none }, func([]byte, []attr) {})
	if !ok {
		t.Error("scanTags gave up on a character reference in an attribute the check does not use")
	}
}
