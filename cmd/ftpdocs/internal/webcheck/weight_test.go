package webcheck

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var writeBenchmarks = flag.Bool("write-benchmarks", false, "rewrite the \"## Page weight\" section of BENCHMARKS.md with the measured weights")

// budget is what a code page may weigh, HTML, CSS and JavaScript together,
// gzipped, before search is used: about what a server can send in its first
// round trip (TCP's initial window of 10 segments is 14,600 bytes).
const budget = 14 * 1024

// weight is what the browser downloads to show one page.
type weight struct {
	html, htmlGz int
	css, js      int // gzipped, summed over the files the page loads
	files        []string
}

func (w weight) total() int { return w.htmlGz + w.css + w.js }

func gz(data []byte) int {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	zw.Write(data)
	zw.Close()
	return b.Len()
}

// weigh measures a page of dir (a path from the site root, "codes/425/")
// and the stylesheets and scripts it loads without being asked to.
func weigh(t *testing.T, dir, p string) weight {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(p))
	if p == "" || strings.HasSuffix(p, "/") {
		name = filepath.Join(name, "index.html")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	w := weight{html: len(data), htmlGz: gz(data)}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	self, _ := url.Parse("/" + strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(name, dir)), "/"))
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			var ref string
			switch {
			case n.Data == "link" && a["rel"] == "stylesheet":
				ref = a["href"]
			case n.Data == "script" && a["src"] != "":
				ref = a["src"]
			}
			if ref != "" {
				u, err := self.Parse(ref)
				if err != nil || u.Host != "" {
					t.Errorf("%s: loads %q from elsewhere", p, ref)
				} else {
					// 404.html links from the base path.
					rel := strings.TrimPrefix(path.Clean(u.Path), strings.TrimSuffix(prefix, "/"))
					body, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
					if err != nil {
						t.Fatalf("%s: %v", p, err)
					}
					if n.Data == "link" {
						w.css += gz(body)
					} else {
						w.js += gz(body)
					}
					w.files = append(w.files, path.Base(u.Path))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return w
}

var fontFace = regexp.MustCompile(`(?i)@font-face|\.woff2?\b|\.ttf\b|\.otf\b`)

// TestPageWeight weighs every page type, and every code page against the
// budget: HTML, CSS and JS of a code page together at most 14 KB gzipped
// (gzip level 6) before search is used. Stylesheets use no web fonts. With
// -write-benchmarks it rewrites the "## Page weight" section of
// BENCHMARKS.md:
//
//	go test ./cmd/ftpdocs/internal/webcheck -run TestPageWeight -v -write-benchmarks
func TestPageWeight(t *testing.T) {
	f := built(t)
	css, _ := filepath.Glob(filepath.Join(f.dir, "css", "*.css"))
	for _, c := range css {
		data, _ := os.ReadFile(c)
		if m := fontFace.Find(data); m != nil {
			t.Errorf("%s uses a web font (%s): the site uses the reader's system fonts", filepath.Base(c), m)
		}
	}

	var rows []string
	for _, pt := range pageTypes {
		if pt.name == "redirect" {
			continue
		}
		p := pt.en
		if pt.name == "404" {
			p = "404.html"
		}
		p, _, _ = strings.Cut(p, "?")
		w := weigh(t, f.dir, p)
		rows = append(rows, fmt.Sprintf("| %s | `/%s` | %s | %s | %s | %s | **%s** |", pt.name, p,
			kib(w.html), kib(w.htmlGz), kib(w.css), kib(w.js), kib(w.total())))
	}

	// The budget holds for every code page, in both languages.
	var heaviest string
	var max weight
	codes, _ := filepath.Glob(filepath.Join(f.dir, "codes", "*", "index.html"))
	ru, _ := filepath.Glob(filepath.Join(f.dir, "ru", "codes", "*", "index.html"))
	n, over := 0, 0
	for _, name := range append(codes, ru...) {
		rel := filepath.ToSlash(strings.TrimPrefix(name, f.dir+string(filepath.Separator)))
		data, _ := os.ReadFile(name)
		if !bytes.Contains(data, []byte(`class="kind-code"`)) {
			continue // a class page or a redirect
		}
		n++
		w := weigh(t, f.dir, rel)
		if w.total() > max.total() {
			max, heaviest = w, rel
		}
		if w.total() > budget {
			over++
			t.Errorf("%s: %d bytes gzipped (HTML %d, CSS %d, JS %d: %v), over the budget of %d", rel, w.total(), w.htmlGz, w.css, w.js, w.files, budget)
		}
	}
	if n < 50 {
		t.Fatalf("only %d code pages found", n)
	}
	rows = append(rows, fmt.Sprintf("| heaviest code page | `/%s` | %s | %s | %s | %s | **%s** |", strings.TrimSuffix(heaviest, "index.html"),
		kib(max.html), kib(max.htmlGz), kib(max.css), kib(max.js), kib(max.total())))

	verdict := fmt.Sprintf("Every code page is within the budget; the heaviest leaves %.1f KB.", float64(budget-max.total())/1024)
	if over > 0 {
		verdict = fmt.Sprintf("**%d of %d code pages are over the budget**, the heaviest by %.1f KB.", over, n, float64(max.total()-budget)/1024)
	}
	section := fmt.Sprintf(`## Page weight

What a browser downloads to show a page before search is used: the HTML,
the stylesheet and the scripts the page loads by itself, each gzipped at
level 6 (sizes in KB of 1,024 bytes; "raw" is the HTML before compression).
No page loads a web font or anything from another origin. The budget for a
code page is %d KB in all, about what a server sends in its first round
trip; every code page (%d, both languages) is checked against it. A code page
loads %s.

%s

| page type | path | HTML raw | HTML gz | CSS gz | JS gz | total gz |
|---|---|---:|---:|---:|---:|---:|
%s

Measured from the built site by:

`+"```sh\ngo test ./cmd/ftpdocs/internal/webcheck -run TestPageWeight -v -write-benchmarks\n```\n",
		budget/1024, n, strings.Join(max.files, ", "), verdict, strings.Join(rows, "\n"))
	t.Log("\n" + section)
	if *writeBenchmarks {
		if err := writeSection(filepath.Join(repoRoot, "BENCHMARKS.md"), "## Page weight", section); err != nil {
			t.Fatal(err)
		}
	}
}

func kib(n int) string { return fmt.Sprintf("%.1f", float64(n)/1024) }

// writeSection replaces the section that starts with heading in the
// Markdown file (up to the next "## " heading), or appends it; it creates
// the file when there is none.
func writeSection(name, heading, section string) error {
	old, err := os.ReadFile(name)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(old)
	if s == "" {
		s = "# Benchmarks\n"
	}
	start := strings.Index(s, "\n"+heading+"\n")
	if start < 0 {
		return os.WriteFile(name, []byte(strings.TrimRight(s, "\n")+"\n\n"+section), 0o644)
	}
	start++
	end := len(s)
	if i := strings.Index(s[start+len(heading):], "\n## "); i >= 0 {
		end = start + len(heading) + i + 1
	}
	out := s[:start] + section
	if end < len(s) {
		out += "\n" + s[end:]
	}
	return os.WriteFile(name, []byte(out), 0o644)
}
