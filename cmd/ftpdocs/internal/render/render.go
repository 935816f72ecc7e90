// Package render executes the html/template layouts in templates/ over the
// site model and returns the pages as files in memory; it writes nothing.
//
// It is the only package that executes templates. Every link it produces is
// relative to the page, so the same output works at a domain root, under a
// sub-path and from disk; the exceptions are 404.html, which GitHub Pages
// serves at any depth and which therefore links from the base path, and the
// absolute canonical and alternate URLs, which exist only when a base URL is
// given.
package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/locale"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/work"
)

// Dir is the templates directory, relative to the repository root.
const Dir = "templates"

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Body is a page's rendered Markdown.
type Body struct {
	HTML     template.HTML
	Headings []Heading
}

// buffers are the templates' output buffers, reused from page to page
// (each page is copied out), so that a buffer grows once rather than for
// every page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Input is everything the templates read.
type Input struct {
	Site    *site.Site
	Strings *locale.Catalog
	// Bodies are the pages' rendered Markdown; Pages takes them (and sets
	// Bodies to nil), so that each is let go of once its page is made.
	Bodies map[*site.Page]Body
	// Assets maps a logical static name ("css/site.css", "js/site.js") to
	// its published path from the site root ("css/site.3f2a91c0.css").
	Assets map[string]string
	// BaseURL is the absolute address of the site root with a trailing
	// slash ("https://owner.github.io/repo/"), or "".
	BaseURL string
	// SearchIndex maps a language to the path from the site root of the
	// search index entry file; empty when the site has no search index.
	SearchIndex map[site.Lang]string
	// Memo, when set, keeps pages between builds: a page whose template
	// kind, URL and body are unchanged, on a site whose Meta is unchanged,
	// is taken from it instead of executing its template again.
	Memo Memo
	// Meta is a hash of everything besides a page's own body that its HTML
	// depends on: every front matter, template, UI string, static file and
	// option. Used only with Memo.
	Meta [32]byte
}

// Memo stores rendered pages by key.
type Memo interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, data []byte)
}

// File is one output file.
type File struct {
	Path string // slash-separated, relative to the output root
	Data []byte
	// Source is the content file the page was made from, for error
	// messages about the output ("" for generated pages).
	Source string
}

func mustT(in *Input, lang site.Lang, id string) string {
	t, err := in.Strings.T(lang, id)
	if err != nil {
		return id
	}
	return t
}

// kinds maps each page kind to its template file.
var kinds = map[string]string{
	"home":     "home.html",
	"codes":    "codes.html",
	"commands": "commands.html",
	"guides":   "guides.html",
	"class":    "class.html",
	"code":     "code.html",
	"command":  "command.html",
	"guide":    "guide.html",
	"search":   "search.html",
	"404":      "404.html",
	"redirect": "redirect.html",
}

// Templates holds the parsed layouts, one set per page kind.
type Templates struct {
	sets map[string]*template.Template
}

// Parse reads templates/base.html, templates/partials/*.html and one file
// per page kind. Templates are named by their path so that an error names
// the right file.
func Parse(fsys fs.FS) (*Templates, diag.List) {
	var errs diag.List
	common := template.New("").Option("missingkey=error")
	partials, _ := fs.Glob(fsys, Dir+"/partials/*.html")
	sort.Strings(partials)
	for _, name := range append([]string{Dir + "/base.html"}, partials...) {
		if err := parseFile(common, fsys, name); err != nil {
			errs = append(errs, templateError(err, name))
		}
	}
	t := &Templates{sets: map[string]*template.Template{}}
	for _, kind := range sortedKeys(kinds) {
		name := Dir + "/" + kinds[kind]
		set, err := common.Clone()
		if err == nil {
			err = parseFile(set, fsys, name)
		}
		if err != nil {
			errs = append(errs, templateError(err, name))
			continue
		}
		t.sets[kind] = set
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	return t, nil
}

func parseFile(t *template.Template, fsys fs.FS, name string) error {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("%s: cannot read: %w", name, err)
	}
	_, err = t.New(name).Parse(string(src))
	return err
}

var templatePos = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)`)

// templateError turns an html/template error into a diag.Error with the
// template file and position.
func templateError(err error, fallback string) diag.Error {
	msg := err.Error()
	if m := templatePos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		file := m[1]
		if !strings.HasPrefix(file, Dir+"/") {
			file = fallback
		}
		return diag.Error{File: file, Line: line, Col: col, Msg: m[4]}
	}
	return diag.Error{File: fallback, Msg: msg}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Pages renders every page of the site: content pages in both languages,
// the search pages, 404.html and the redirects from class headings
// (/codes/400/) to class pages.
func (t *Templates) Pages(in *Input) ([]File, diag.List) {
	type job struct {
		kind string
		v    *view
	}
	var (
		jobs []job
		errs diag.List
	)
	emit := func(kind string, v *view) { jobs = append(jobs, job{kind, v}) }
	s := in.Site
	for _, p := range s.Pages {
		v := newView(in, p.Lang, p.URL())
		v.Page = p
		v.Title = p.Title
		v.Body = in.Bodies[p]
		kind := string(p.Kind)
		switch p.Kind {
		case site.KindHome:
			kind = "home"
		case site.KindSection:
			kind = p.Key
		case site.KindCode:
			v.Code = s.Code(strings.TrimPrefix(p.Key, "codes/"))
			v.Title = v.Code.Number + " " + p.Title
		case site.KindCommand:
			v.Command = s.Command(strings.TrimPrefix(p.Key, "commands/"))
			v.Title = v.Command.Name + " — " + p.Title
		case site.KindClass:
			v.Class = s.Class(int(strings.TrimPrefix(p.Key, "codes/")[0] - '0'))
		}
		v.Kind = kind
		emit(kind, v)
	}
	for _, lang := range site.Langs {
		v := newView(in, lang, site.URL(lang, "search"))
		v.Kind = "search"
		if title, err := in.Strings.T(lang, "search.title"); err == nil {
			v.Title = title
		} else {
			errs.Add(Dir+"/search.html", 0, 0, "%v", err)
		}
		emit("search", v)
	}
	v := newView(in, site.EN, "404/")
	v.Kind = "404"
	v.Title = "404"
	emit("404", v)
	// A class heading such as "400" is not a code; lists that show it as one
	// send readers to /codes/400/, which redirects to the class overview.
	for _, cl := range s.Classes {
		num := strconv.Itoa(cl.Digit * 100)
		if s.Code(num) != nil {
			continue
		}
		for _, lang := range site.Langs {
			v := newView(in, lang, site.URL(lang, "codes/"+num))
			v.Kind = "redirect"
			v.Title = strconv.Itoa(cl.Digit) + "xx · " + cl.Pages[lang].Title
			v.Target = site.URL(lang, "codes/"+strconv.Itoa(cl.Digit)+"xx")
			v.Explain = "redirect.class"
			emit("redirect", v)
		}
	}
	// Lists head the Windows Sockets errors "10000 Series".
	if hasNotReplies(s) && s.Code("10000") == nil {
		for _, lang := range site.Langs {
			v := newView(in, lang, site.URL(lang, "codes/10000"))
			v.Kind = "redirect"
			v.Title = mustT(in, lang, "codes.not_replies")
			v.Target = site.URL(lang, "codes") + "#not-replies"
			v.Explain = "redirect.winsock"
			emit("redirect", v)
		}
	}
	// From here on each body is in its page's view only, which lets go of
	// it once the page is made: the pages grow as the bodies go.
	in.Bodies = nil
	files := make([]File, len(jobs))
	failed := make([]error, len(jobs))
	work.Each(len(jobs), func(i int) {
		defer func() { jobs[i].v.Body = Body{} }()
		kind, v := jobs[i].kind, jobs[i].v
		var key [32]byte
		data, ok := []byte(nil), false
		if in.Memo != nil {
			h := sha256.New()
			h.Write(in.Meta[:])
			fmt.Fprintf(h, "%s\x00%s\x00%d\x00", kind, v.URL, len(v.Body.HTML))
			h.Write([]byte(v.Body.HTML))
			h.Sum(key[:0])
			data, ok = in.Memo.Get(key)
		}
		if !ok {
			buf := buffers.Get().(*bytes.Buffer)
			buf.Reset()
			defer buffers.Put(buf)
			if err := t.sets[kind].ExecuteTemplate(buf, Dir+"/base.html", v); err != nil {
				failed[i] = err
				return
			}
			// An exact copy: a buffer keeps up to as much again in spare
			// capacity, and a site's pages stay in memory until published.
			data = bytes.Clone(buf.Bytes())
			if in.Memo != nil {
				in.Memo.Put(key, data)
			}
		}
		files[i] = File{Path: v.URL + "index.html", Data: data}
		if v.URL == "404/" {
			files[i].Path = "404.html"
		}
		if v.Page != nil {
			files[i].Source = v.Page.File
		}
	})
	out := files[:0]
	for i, f := range files {
		if err := failed[i]; err != nil {
			e := templateError(err, Dir+"/"+kinds[jobs[i].kind])
			if p := jobs[i].v.Page; p != nil {
				e.Msg += " (rendering " + p.File + ")"
			}
			errs = append(errs, e)
			continue
		}
		out = append(out, f)
	}
	return out, errs.Sorted()
}

func hasNotReplies(s *site.Site) bool {
	for _, c := range s.Codes {
		if !c.IsReply() {
			return true
		}
	}
	return false
}
