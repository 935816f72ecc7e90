package render

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// view is what a template sees: one page in one language, with methods
// that turn model values into links and strings relative to that page.
type view struct {
	in   *Input
	Lang site.Lang
	// URL is the page's path from the site root ("ru/codes/425/").
	URL   string
	Kind  string
	Title string
	Page  *site.Page // nil for generated pages
	Body  Body

	Code    *site.Code
	Command *site.Command
	Class   *site.Class
	Target  string // redirect target, from the site root
	Explain string // redirect explanation: a UI string id

	// abs is the base path ("/repo/") for pages served at any depth
	// (404.html); empty for normal pages, which link relatively.
	abs string
}

func newView(in *Input, lang site.Lang, u string) *view {
	v := &view{in: in, Lang: lang, URL: u}
	if u == "404/" {
		v.abs = "/"
		if in.BaseURL != "" {
			if b, err := url.Parse(in.BaseURL); err == nil && b.Path != "" {
				v.abs = b.Path
			}
		}
	}
	return v
}

// Site is the whole model.
func (v *view) Site() *site.Site { return v.in.Site }

// Other is the other language.
func (v *view) Other() site.Lang { return v.Lang.Other() }

// Href returns a link from this page to a path from the site root.
func (v *view) Href(to string) string {
	if v.abs != "" {
		return v.abs + to
	}
	return site.Rel(v.URL, to)
}

// Home links to the home page of this page's language.
func (v *view) Home() string { return v.Href(site.URL(v.Lang, "")) }

// PageHref links to a page (in its own language).
func (v *view) PageHref(p *site.Page) string { return v.Href(p.URL()) }

// Key links to the page with a key in this page's language.
func (v *view) Key(key string) string { return v.Href(site.URL(v.Lang, key)) }

// CodeHref links to a code's page in this page's language.
func (v *view) CodeHref(c *site.Code) string { return v.Key("codes/" + c.Number) }

// CmdHref links to a command's page in this page's language.
func (v *view) CmdHref(c *site.Command) string { return v.Key("commands/" + c.Slug) }

// ClassHref links to a class overview.
func (v *view) ClassHref(digit int) string { return v.Key("codes/" + strconv.Itoa(digit) + "xx") }

// CodePage is a code's page in this page's language.
func (v *view) CodePage(c *site.Code) *site.Page { return c.Pages[v.Lang] }

// CmdPage is a command's page in this page's language.
func (v *view) CmdPage(c *site.Command) *site.Page { return c.Pages[v.Lang] }

// ClassPage is a class overview in this page's language.
func (v *view) ClassPage(c *site.Class) *site.Page { return c.Pages[v.Lang] }

// Note is a relation's one-line difference in this page's language.
func (v *view) Note(r site.Relation) string { return r.Note[v.Lang] }

// Guides are the guide pages of this page's language, in order.
func (v *view) Guides() []*site.Page { return v.in.Site.Guides(v.Lang) }

// SwitchHref links to the same page in the other language.
func (v *view) SwitchHref() string {
	return v.Href(v.twinURL())
}

func (v *view) twinURL() string {
	if v.Lang == site.EN {
		return string(site.RU) + "/" + v.URL
	}
	return strings.TrimPrefix(v.URL, string(v.Lang)+"/")
}

// T returns a UI string in this page's language.
func (v *view) T(id string) (string, error) { return v.in.Strings.T(v.Lang, id) }

// N returns a UI string with the plural form for n.
func (v *view) N(id string, n int) (string, error) { return v.in.Strings.N(v.Lang, id, n) }

// ClassName is the RFC 959 name of a reply class (first digit).
func (v *view) ClassName(digit int) (string, error) { return v.T("class." + strconv.Itoa(digit)) }

// GroupName is the RFC 959 name of a reply group (second digit).
func (v *view) GroupName(digit int) (string, error) { return v.T("group." + strconv.Itoa(digit)) }

// Asset links to a published static file by its logical name.
func (v *view) Asset(name string) (string, error) {
	p, ok := v.in.Assets[name]
	if !ok {
		return "", fmt.Errorf("no static file %q: add static/%s", name, name)
	}
	return v.Href(p), nil
}

// SearchIndex links to the search index entry for this page's language, or
// returns "" when the site has no search index.
func (v *view) SearchIndex() string {
	if p := v.in.SearchIndex[v.Lang]; p != "" {
		return v.Href(p)
	}
	return ""
}

// Absolute returns the absolute URL of a path from the site root, or ""
// when no base URL was given.
func (v *view) Absolute(to string) string {
	if v.in.BaseURL == "" {
		return ""
	}
	return v.in.BaseURL + to
}

// Canonical is this page's absolute URL, or "". The 404 page has none: it
// is served at whatever address was missing.
func (v *view) Canonical() string {
	if v.Kind == "404" {
		return ""
	}
	return v.Absolute(v.URL)
}

// Alternate is one language version of a page.
type Alternate struct {
	Lang string // hreflang: en, ru or x-default
	URL  string
}

// Alternates lists the absolute URLs of both language versions of this page
// and the x-default (English), or nothing when no base URL was given.
func (v *view) Alternates() []Alternate {
	if v.in.BaseURL == "" || v.Kind == "404" {
		return nil
	}
	en, ru := v.URL, v.twinURL()
	if v.Lang == site.RU {
		en, ru = ru, en
	}
	return []Alternate{
		{"en", v.in.BaseURL + en},
		{"ru", v.in.BaseURL + ru},
		{"x-default", v.in.BaseURL + en},
	}
}

// Description is the page's meta description.
func (v *view) Description() string {
	if v.Page != nil {
		return v.Page.Summary
	}
	return ""
}

// RFCHref links to a cited section on rfc-editor.org: numbered sections
// have anchors there ("#section-4.2.2"); appendices are linked by RFC only.
func (v *view) RFCHref(s site.Source) string {
	sec := strings.TrimSuffix(s.Section, ".")
	if sec != "" && sec[0] >= '0' && sec[0] <= '9' {
		return fmt.Sprintf("https://www.rfc-editor.org/rfc/rfc%d#section-%s", s.RFC, sec)
	}
	return fmt.Sprintf("https://www.rfc-editor.org/rfc/rfc%d", s.RFC)
}

// Cell is one cell of the reply-code matrix: the codes with one first and
// one second digit.
type Cell struct {
	Class, Group int
	Codes        []*site.Code
}

// Row is one class of the matrix.
type Row struct {
	Class *site.Class
	Cells []Cell
}

// Groups are the second digits the matrix shows (RFC 959 §4.2.1 defines
// 0–5).
func (v *view) Groups() []int { return []int{0, 1, 2, 3, 4, 5} }

// Matrix is the reply-code "periodic table": first digit by second digit.
func (v *view) Matrix() []Row {
	var rows []Row
	for _, cl := range v.in.Site.Classes {
		r := Row{Class: cl}
		for _, g := range v.Groups() {
			c := Cell{Class: cl.Digit, Group: g}
			for _, code := range cl.Codes {
				if code.Group() == g {
					c.Codes = append(c.Codes, code)
				}
			}
			r.Cells = append(r.Cells, c)
		}
		rows = append(rows, r)
	}
	return rows
}

// GroupCodes returns a class's codes with one second digit.
func (v *view) GroupCodes(cl *site.Class, group int) []*site.Code {
	var out []*site.Code
	for _, c := range cl.Codes {
		if c.Group() == group {
			out = append(out, c)
		}
	}
	return out
}

// NotReplies are the codes that are not FTP replies (Windows Sockets errors).
func (v *view) NotReplies() []*site.Code {
	var out []*site.Code
	for _, c := range v.in.Site.Codes {
		if !c.IsReply() {
			out = append(out, c)
		}
	}
	return out
}

// ReplyGroups lists a command's non-empty reply groups in order.
func (v *view) ReplyGroups(c *site.Command) []site.ReplyGroup {
	var out []site.ReplyGroup
	for _, g := range site.ReplyGroups {
		if len(c.Replies[g]) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// JSONLD returns the schema.org description of a code page.
func (v *view) JSONLD() template.JS { return jsonLD(v) }

// TIn returns a UI string in a given language (the bilingual 404 page).
func (v *view) TIn(lang string, id string) (string, error) {
	return v.in.Strings.T(site.Lang(lang), id)
}

// CodeList is the argument of the "codelist" partial.
type CodeList struct {
	V     *view
	Codes []*site.Code
}

// List wraps codes for the "codelist" partial.
func (v *view) List(codes []*site.Code) CodeList { return CodeList{v, codes} }

// The 404 page is bilingual and served at any depth; these methods let its
// template render one block per language and give its reply-code decoder
// (static/js/site.js) what it needs without another request.

// Langs are the site's languages in order.
func (v *view) Langs() []site.Lang { return site.Langs }

// In returns this page seen in another language: strings and links follow
// lang, the base path stays.
func (v *view) In(lang site.Lang) *view {
	w := *v
	w.Lang = lang
	return &w
}

// Digits are 0–9: the possible digits of a reply code.
func (v *view) Digits() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} }

// DecoderCodes lists the three-digit reply codes with their titles in this
// page's language, as JSON ([["110","Restart marker reply"],…]), for the
// 404 page's decoder to link the nearest real codes.
func (v *view) DecoderCodes() (string, error) {
	var list [][2]string
	for _, c := range v.in.Site.Codes {
		if c.IsReply() {
			list = append(list, [2]string{c.Number, c.Pages[v.Lang].Title})
		}
	}
	b, err := json.Marshal(list)
	return string(b), err
}
