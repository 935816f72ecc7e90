// Package check walks the generated site before it is published and
// reports every internal link or #fragment that does not resolve, and every
// duplicate id, with the content file (and line, when the link was written
// in Markdown) that produced it.
package check

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/work"
)

// Page is one generated file with where it came from.
type Page struct {
	Data []byte
	// Source is the content file the page was made from, and Body gives
	// its Markdown (to find the line of a broken link: called only then);
	// both empty for generated pages.
	Source string
	Body   func() []byte
}

// Site is every generated file by its path from the output root.
type Site map[string]Page

// BasePath is the path that absolute links in 404.html start with ("/" or
// "/repo/"); such links are checked as if they were relative to the root.
type Options struct {
	BasePath string
	// Parse, when set, is called instead of parsing a page directly, so
	// that a caller may reuse the parse of a page that has not changed.
	// A parse depends on the page's path and bytes.
	Parse func(page string, data []byte, parse func(string, []byte) Parsed) Parsed
}

// formLinks are the attributes of the search form that hold addresses the
// scripts load: the index entry, the client and its analysis scripts, the
// other language's search page.
var formLinks = map[string]bool{
	"data-index": true, "data-script": true, "data-porter": true,
	"data-russian": true, "data-unicode": true, "data-other": true,
}

// link is one address a page holds, parsed and resolved against the page's
// own path once with the page (so that a cached parse saves that work).
type link struct {
	attr, href string
	malformed  bool
	external   bool   // a scheme or a host: not ours to check
	path, frag string // the URL's path and fragment
	// For a relative path: the file it names, and whether it climbs above
	// the root; absolute paths are resolved against Options.BasePath.
	target string
	above  bool
}

func newLink(name, attr, href string) link {
	l := link{attr: attr, href: href}
	u, err := url.Parse(href)
	switch {
	case err != nil:
		l.malformed = true
		return l
	case u.Scheme != "" || u.Host != "":
		l.external = true
		return l
	}
	l.path, l.frag = u.Path, u.Fragment
	switch {
	case l.path == "":
		l.target = name
	case !strings.HasPrefix(l.path, "/"):
		p := path.Join(path.Dir(name), l.path)
		if p == "." {
			p = ""
		}
		if strings.HasSuffix(l.path, "/") || l.path == "." || l.path == ".." || strings.HasSuffix(l.path, "/..") {
			p += "/"
		}
		l.above = strings.HasPrefix(p, "../") || p == ".."
		l.target = fileOf(p)
	}
	return l
}

// fileOf is the file a path from the root names: a directory's index.html.
func fileOf(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return strings.TrimPrefix(p+"index.html", "/")
	}
	return p
}

// Parsed is what the checker reads from one page: its ids, its links and
// any duplicate ids.
type Parsed struct {
	ids   map[string]bool
	links []link
	dups  []string
}

// Links checks every HTML file of s.
func Links(s Site, opt Options) diag.List {
	if opt.BasePath == "" {
		opt.BasePath = "/"
	}
	var names []string
	for name := range s {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	docs := make([]Parsed, len(names))
	work.Each(len(names), func(i int) {
		if opt.Parse != nil {
			docs[i] = opt.Parse(names[i], s[names[i]].Data, parse)
		} else {
			docs[i] = parse(names[i], s[names[i]].Data)
		}
	})
	ids := map[string]map[string]bool{}
	for i, name := range names {
		ids[name] = docs[i].ids
	}

	found := make([]diag.List, len(names))
	work.Each(len(names), func(i int) {
		name, page := names[i], s[names[i]]
		for _, id := range docs[i].dups {
			report(&found[i], name, page, "", fmt.Sprintf("duplicate id %q on the page: two headings or elements share it; give one an explicit {#id}", id))
		}
		for _, l := range docs[i].links {
			if msg := resolve(s, ids, name, l, opt); msg != "" {
				report(&found[i], name, page, l.href, msg)
			}
		}
	})
	var errs diag.List
	for _, f := range found {
		errs = append(errs, f...)
	}
	return errs.Sorted()
}

// resolve returns "" when a link of page name resolves, or what is wrong.
func resolve(s Site, ids map[string]map[string]bool, name string, l link, opt Options) string {
	href := l.href
	switch {
	case l.malformed:
		return fmt.Sprintf("malformed link %q", href)
	case l.external:
		return ""
	case l.above:
		return fmt.Sprintf("link %q goes above the site root", href)
	}
	target := l.target
	if strings.HasPrefix(l.path, "/") {
		if !strings.HasPrefix(l.path, opt.BasePath) {
			return fmt.Sprintf("link %q leaves the site's base path %s", href, opt.BasePath)
		}
		p := strings.TrimPrefix(l.path, opt.BasePath)
		if strings.HasPrefix(p, "../") || p == ".." {
			return fmt.Sprintf("link %q goes above the site root", href)
		}
		target = fileOf(p)
	}
	if l.path != "" {
		if _, ok := s[target]; !ok {
			if _, dir := s[target+"/index.html"]; dir {
				return fmt.Sprintf("link %q names a directory without a trailing slash: write %q", href, l.path+"/")
			}
			return fmt.Sprintf("broken link %q: no page %s", href, target)
		}
	}
	if l.frag != "" && strings.HasSuffix(target, ".html") {
		if !ids[target][l.frag] {
			return fmt.Sprintf("broken link %q: %s has no heading or element with id %q", href, target, l.frag)
		}
	}
	return ""
}

// report adds an error, pointing at the Markdown line where the link was
// written when it can be found there, else at the content file, else at
// the generated file.
func report(errs *diag.List, name string, p Page, href, msg string) {
	if p.Source == "" {
		errs.Add("public/"+name, 0, 0, "%s (in a template)", msg)
		return
	}
	if href != "" && p.Body != nil {
		body := p.Body()
		if i := bytes.Index(body, []byte("]("+href)); i >= 0 {
			line := 1 + bytes.Count(body[:i], []byte("\n"))
			col := i - bytes.LastIndexByte(body[:i], '\n')
			errs.Add(p.Source, line, col, "%s", msg)
			return
		}
	}
	errs.Add(p.Source, 0, 0, "%s (in public/%s)", msg, name)
}

func parse(page string, data []byte) Parsed {
	out := Parsed{ids: map[string]bool{}}
	record := func(tag []byte, attrs []attr) {
		for _, a := range attrs {
			out.add(page, tag, a.key, a.val)
		}
	}
	if scanTags(data, func(tag, key []byte) bool { return use(tag, key) != none }, record) {
		return out
	}
	out = Parsed{ids: map[string]bool{}} // the scanner gave up: start again
	tokenize(data, record)
	return out
}

// tokenize calls tag for every start tag of data as golang.org/x/net/html's
// Tokenizer reports it.
func tokenize(data []byte, tag func(name []byte, attrs []attr)) {
	z := html.NewTokenizer(bytes.NewReader(data))
	var attrs []attr
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		attrs = attrs[:0]
		for more {
			var a attr
			a.key, a.val, more = z.TagAttr()
			attrs = append(attrs, a)
		}
		tag(name, attrs)
	}
}

// What the check does with an attribute.
const (
	none   = iota
	anchor // an id, or the name of an <a>: a #fragment's target
	href   // an address to check
)

func use(tag, key []byte) int {
	switch t, k := string(tag), string(key); {
	case k == "id" || k == "name" && t == "a":
		return anchor
	case k == "href" && (t == "a" || t == "link" || t == "area"),
		k == "src" && (t == "script" || t == "img"),
		k == "action" && t == "form",
		t == "form" && formLinks[k]:
		return href
	}
	return none
}

// add records an attribute of a start tag (names in lower case).
func (out *Parsed) add(page string, tag, key, val []byte) {
	switch use(tag, key) {
	case anchor:
		id := string(val)
		if out.ids[id] && string(key) == "id" {
			out.dups = append(out.dups, id)
		}
		out.ids[id] = true
	case href:
		out.links = append(out.links, newLink(page, string(key), string(val)))
	}
}
