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

// renderBodies renders every page's Markdown. It parses all pages first, so
// that Russian headings can take the IDs of their English twins and
// cross-links can be checked against the target's headings, then renders
// in parallel.
func renderBodies(s *site.Site, cache *Cache) (map[*site.Page]render.Body, map[*site.Page]string, diag.List) {
	var errs diag.List
	parsed := make([]*markdown.Doc, len(s.Pages))
	work.Each(len(s.Pages), func(i int) {
		p := s.Pages[i]
		// A parsed page is keyed by its file too: SetIDs changes a Doc,
		// so two pages with the same text must not share one.
		key := hash([]byte(p.File), p.Body)
		if d, ok := lookup(cache, key, docsOf, docsOf); ok {
			parsed[i] = d
			return
		}
		parsed[i] = markdown.Parse(p.Body)
		store(cache, key, parsed[i], docsOf)
	})
	docs := make(map[*site.Page]*markdown.Doc, len(s.Pages))
	for i, p := range s.Pages {
		docs[p] = parsed[i]
	}
	ids := map[*site.Page]map[string]bool{}
	for _, p := range s.Pages {
		if p.Lang != site.EN {
			en := s.Page(site.EN, p.Key)
			if en != nil {
				if msg := pairHeadings(docs[en], docs[p]); msg != nil {
					errs = append(errs, diag.Error{File: p.File, Line: msg.Line, Col: msg.Col, Msg: msg.Msg})
				}
			}
		}
		set := map[string]bool{}
		for _, id := range templateIDs[p.Kind] {
			set[id] = true
		}
		for _, h := range docs[p].Headings() {
			set[h.ID] = true
		}
		ids[p] = set
	}

	shape := siteShape(s, docs)
	results := make([]markdown.Result, len(s.Pages))
	work.Each(len(s.Pages), func(i int) {
		p := s.Pages[i]
		var key [32]byte
		if cache != nil {
			parts := [][]byte{shape[:], []byte(p.File), []byte(p.URL()), p.Body}
			for _, h := range docs[p].Headings() {
				parts = append(parts, []byte(h.ID))
			}
			key = hash(parts...)
			if r, ok := lookup(cache, key, bodiesOf, bodiesOf); ok {
				results[i] = r
				return
			}
		}
		results[i] = docs[p].Render(resolver(s, p, ids))
		store(cache, key, results[i], bodiesOf)
	})
	bodies := make(map[*site.Page]render.Body, len(s.Pages))
	texts := make(map[*site.Page]string, len(s.Pages))
	for i, p := range s.Pages {
		res := results[i]
		body := render.Body{HTML: template.HTML(res.HTML)}
		for _, h := range docs[p].Headings() {
			body.Headings = append(body.Headings, render.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
		}
		bodies[p] = body
		texts[p] = res.Text
		for _, e := range res.Errors {
			errs = append(errs, diag.Error{File: p.File, Line: e.Line, Col: e.Col, Msg: e.Msg})
		}
	}
	return bodies, texts, errs
}

// siteShape hashes what cross-links resolve against: which pages, codes,
// commands and classes exist, and every page's heading IDs.
func siteShape(s *site.Site, docs map[*site.Page]*markdown.Doc) [32]byte {
	var parts [][]byte
	for _, p := range s.Pages {
		parts = append(parts, []byte(string(p.Lang)+"\x00"+p.Key))
		for _, h := range docs[p].Headings() {
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
func pairHeadings(en, ru *markdown.Doc) *markdown.Error {
	eh, rh := en.Headings(), ru.Headings()
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
// pages in p's language.
func resolver(s *site.Site, p *site.Page, ids map[*site.Page]map[string]bool) markdown.Resolver {
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
		if frag != "" && !ids[tp][frag] {
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
