package build

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/markdown"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/render"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/work"
)

// templateIDs are the ids the templates give each page kind, so that a
// cross-link may point at them (code:425#related).
var templateIDs = map[site.Kind][]string{
	site.KindCode:    {"main", "meaning", "rfc-text", "related"},
	site.KindCommand: {"main", "syntax", "replies"},
	site.KindClass:   {"main", "codes", "group-0", "group-1", "group-2", "group-3", "group-4", "group-5"},
	site.KindSection: {"main", "matrix", "all", "not-replies", "class-1", "class-2", "class-3", "class-4", "class-5", "class-6"},
	site.KindHome:    {"main"},
	site.KindGuide:   {"main"},
}

// renderBodies renders every page's Markdown. English pages go first, so
// that each Russian page can take the heading IDs of its English twin
// before it is rendered.
//
// A cross-link to a #fragment is checked against the target's headings,
// which are only all known once every page is parsed. Without a cache, a
// page is rendered as soon as it is parsed and its syntax tree dropped (a
// site's trees together are larger than its HTML); its fragment links are
// checked afterwards, and a page with a broken one is rendered again with
// every heading known, for the positions of the errors. With a cache
// (ftpdocs serve), which keeps the trees anyway, all pages are parsed
// first and then rendered, each keyed by the site's shape.
func renderBodies(s *site.Site, cache *Cache) (map[*site.Page]render.Body, map[*site.Page]string, diag.List) {
	n := len(s.Pages)
	at := make(map[*site.Page]int, n)
	var en, others []int
	for i, p := range s.Pages {
		at[p] = i
		if p.Lang == site.EN {
			en = append(en, i)
		} else {
			others = append(others, i)
		}
	}
	var (
		heads   = make([][]markdown.Heading, n)
		paired  = make([]*markdown.Error, n)
		results = make([]markdown.Result, n)
		pending = make([][]fragment, n) // fragment links not yet checked
		docs    []*markdown.Doc         // with a cache: every page's tree
	)
	if cache != nil {
		docs = make([]*markdown.Doc, n)
	}
	// parse parses page i and gives it the heading IDs of its English
	// twin, which must be parsed already; it returns the pairing's error.
	parse := func(i int) (*markdown.Doc, *markdown.Error) {
		p := s.Pages[i]
		var d *markdown.Doc
		if cache != nil {
			// A parsed page is keyed by its file too: SetIDs changes a
			// Doc, so two pages with the same text must not share one.
			key := hash([]byte(p.File), p.Body)
			var ok bool
			if d, ok = lookup(cache, key, docsOf, docsOf); !ok {
				d = markdown.Parse(p.Body)
				store(cache, key, d, docsOf)
			}
		} else {
			d = markdown.Parse(p.Body)
		}
		if p.Lang != site.EN {
			if twin := s.Page(site.EN, p.Key); twin != nil {
				return d, pairHeadings(heads[at[twin]], d)
			}
		}
		return d, nil
	}
	for _, group := range [][]int{en, others} {
		work.Each(len(group), func(k int) {
			i := group[k]
			var d *markdown.Doc
			d, paired[i] = parse(i)
			heads[i] = d.Headings()
			if docs != nil {
				docs[i] = d
				return
			}
			results[i] = d.Render(resolver(s, s.Pages[i], func(target *site.Page, id string) bool {
				pending[i] = append(pending[i], fragment{target, id})
				return true
			}))
		})
	}

	ids := make(map[*site.Page]map[string]bool, n)
	for i, p := range s.Pages {
		set := map[string]bool{}
		for _, id := range templateIDs[p.Kind] {
			set[id] = true
		}
		for _, h := range heads[i] {
			set[h.ID] = true
		}
		ids[p] = set
	}
	known := func(target *site.Page, id string) bool { return ids[target][id] }

	if docs == nil {
		work.Each(n, func(i int) {
			for _, f := range pending[i] {
				if !known(f.target, f.id) {
					d, _ := parse(i)
					results[i] = d.Render(resolver(s, s.Pages[i], known))
					return
				}
			}
		})
	} else {
		shape := siteShape(s, heads)
		work.Each(n, func(i int) {
			p := s.Pages[i]
			parts := [][]byte{shape[:], []byte(p.File), []byte(p.URL()), p.Body}
			for _, h := range heads[i] {
				parts = append(parts, []byte(h.ID))
			}
			key := hash(parts...)
			if r, ok := lookup(cache, key, bodiesOf, bodiesOf); ok {
				results[i] = r
				return
			}
			results[i] = docs[i].Render(resolver(s, p, known))
			store(cache, key, results[i], bodiesOf)
		})
	}

	var errs diag.List
	bodies := make(map[*site.Page]render.Body, n)
	texts := make(map[*site.Page]string, n)
	for i, p := range s.Pages {
		res := results[i]
		body := render.Body{HTML: template.HTML(res.HTML)}
		for _, h := range heads[i] {
			body.Headings = append(body.Headings, render.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
		}
		bodies[p] = body
		texts[p] = res.Text
		if msg := paired[i]; msg != nil {
			errs = append(errs, diag.Error{File: p.File, Line: msg.Line, Col: msg.Col, Msg: msg.Msg})
		}
		for _, e := range res.Errors {
			errs = append(errs, diag.Error{File: p.File, Line: e.Line, Col: e.Col, Msg: e.Msg})
		}
	}
	return bodies, texts, errs
}

// fragment is a cross-link's #id on a target page.
type fragment struct {
	target *site.Page
	id     string
}

// siteShape hashes what cross-links resolve against: which pages, codes,
// commands and classes exist, and every page's heading IDs.
func siteShape(s *site.Site, heads [][]markdown.Heading) [32]byte {
	var parts [][]byte
	for i, p := range s.Pages {
		parts = append(parts, []byte(string(p.Lang)+"\x00"+p.Key))
		for _, h := range heads[i] {
			parts = append(parts, []byte(h.ID))
		}
	}
	for _, c := range s.Codes {
		parts = append(parts, []byte("code "+c.Number))
	}
	for _, c := range s.Commands {
		parts = append(parts, []byte("cmd "+c.Slug))
	}
	for _, c := range s.Classes {
		parts = append(parts, []byte{'c', byte(c.Digit)})
	}
	var unreadable []string
	for k := range s.Unreadable {
		unreadable = append(unreadable, k)
	}
	sort.Strings(unreadable)
	for _, k := range unreadable {
		parts = append(parts, []byte("unreadable "+k))
	}
	return hash(parts...)
}

// pairHeadings gives the Russian page the heading IDs of the English one,
// by position. Both must have the same outline.
func pairHeadings(eh []markdown.Heading, ru *markdown.Doc) *markdown.Error {
	rh := ru.Headings()
	for i := 0; i < len(eh) && i < len(rh); i++ {
		if eh[i].Level != rh[i].Level {
			return &markdown.Error{Line: rh[i].Line, Col: rh[i].Col, Msg: fmt.Sprintf(
				"heading outline differs from the English page: heading %d is level %d here but level %d (%q) there; "+
					"headings are paired by position so that #anchors match in both languages",
				i+1, rh[i].Level, eh[i].Level, eh[i].Text)}
		}
	}
	if len(eh) != len(rh) {
		line, col := 1, 1
		if len(rh) > len(eh) {
			line, col = rh[len(eh)].Line, rh[len(eh)].Col
		} else if len(rh) > 0 {
			line, col = rh[len(rh)-1].Line, rh[len(rh)-1].Col
		}
		return &markdown.Error{Line: line, Col: col, Msg: fmt.Sprintf(
			"heading outline differs from the English page: %d headings here, %d there; "+
				"translate every heading so that #anchors match in both languages", len(rh), len(eh))}
	}
	ids := make([]string, len(eh))
	for i, h := range eh {
		ids[i] = h.ID
	}
	ru.SetIDs(ids)
	return nil
}

// resolver resolves code:, cmd:, class: and guide: links from page p to
// pages in p's language; known tells whether a target page has an id.
func resolver(s *site.Site, p *site.Page, known func(target *site.Page, id string) bool) markdown.Resolver {
	return func(dest string) (string, error) {
		target, frag, _ := strings.Cut(dest, "#")
		scheme, arg, _ := strings.Cut(target, ":")
		if unreadable(s, scheme, arg) {
			return "#", nil // its own error is already reported; the build fails
		}
		var key, what string
		switch scheme {
		case "code":
			if s.Code(arg) == nil {
				return "", fmt.Errorf("no page for code %q: create content/en/codes/%s.md or fix the link", arg, arg)
			}
			key, what = "codes/"+arg, "code "+arg
		case "cmd":
			slug := strings.ToLower(arg)
			if s.Command(slug) == nil {
				return "", fmt.Errorf("no page for command %q: create content/en/commands/%s.md or fix the link", arg, slug)
			}
			key, what = "commands/"+slug, "command "+strings.ToUpper(arg)
		case "class":
			d, err := strconv.Atoi(arg)
			if err != nil || s.Class(d) == nil {
				return "", fmt.Errorf("no class %q: use class:1 … class:6", arg)
			}
			key, what = "codes/"+arg+"xx", "class "+arg+"xx"
		case "guide":
			if s.Page(p.Lang, "guides/"+arg) == nil {
				return "", fmt.Errorf("no guide %q: create content/en/guides/%s.md or fix the link", arg, arg)
			}
			key, what = "guides/"+arg, "guide "+arg
		default:
			return "", fmt.Errorf("unknown link scheme %q: use code:, cmd:, class: or guide:", scheme)
		}
		tp := s.Page(p.Lang, key)
		if tp == nil {
			// The target exists in the other language only; loading has
			// already reported the missing or unreadable translation.
			return "", fmt.Errorf("the %s page has no %s version", what, p.Lang)
		}
		if frag != "" && !known(tp, frag) {
			return "", fmt.Errorf("the %s page has no heading with id %q", what, frag)
		}
		href := site.Rel(p.URL(), tp.URL())
		if frag != "" {
			href += "#" + frag
		}
		return href, nil
	}
}

// unreadable reports whether a link points at a page whose file exists but
// could not be read or parsed.
func unreadable(s *site.Site, scheme, arg string) bool {
	switch scheme {
	case "code":
		return s.Unreadable["codes/"+arg]
	case "cmd":
		return s.Unreadable["commands/"+strings.ToLower(arg)]
	case "class":
		return s.Unreadable["codes/"+arg+"xx"]
	case "guide":
		return s.Unreadable["guides/"+arg]
	}
	return false
}
