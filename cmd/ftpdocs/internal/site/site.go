// Package site is the model of the reference: pages in two languages, reply
// codes, commands and the relations between them.
//
// The loader builds a Site once; after that it is read-only, and every stage
// that follows (Markdown, templates, search, API) reads from it. Each fact is
// stored once: a code's class and group are computed from its digits, the
// commands that return a code are computed from the command pages, and a
// relation between two codes is stored once and read from both sides.
package site

import (
	"sort"
	"strconv"
	"strings"
)

// Lang is a content language.
type Lang string

const (
	EN Lang = "en"
	RU Lang = "ru"
)

// Langs lists the languages in their canonical order; English is the
// source language that holds the language-neutral facts.
var Langs = []Lang{EN, RU}

// Other returns the other language.
func (l Lang) Other() Lang {
	if l == EN {
		return RU
	}
	return EN
}

// Kind says what a page is.
type Kind string

const (
	KindHome    Kind = "home"
	KindSection Kind = "section" // codes/, commands/, guides/ indexes
	KindClass   Kind = "class"   // codes/4xx
	KindCode    Kind = "code"
	KindCommand Kind = "command"
	KindGuide   Kind = "guide"
)

// Page is one Markdown file: one page in one language.
type Page struct {
	Key     string // "codes/425"; "" for the home page
	Kind    Kind
	Lang    Lang
	File    string // path from the repository root, e.g. content/en/codes/425.md
	Title   string
	Summary string
	Weight  int
	// Body is the whole file with the front matter replaced by blank lines,
	// so that line N of Body is line N of File. A build without a cache
	// sets it to nil once the page's Markdown is rendered.
	Body []byte
	// Front is the raw front matter. The model holds its decoded values;
	// the raw text lets a rebuild tell cheaply whether anything changed.
	Front []byte
}

// URL is the page's path from the site root, always ending in "/" (or empty
// for the English home page): "codes/425/", "ru/codes/425/".
func (p *Page) URL() string { return URL(p.Lang, p.Key) }

// URL returns the path from the site root of the page with key in lang.
func URL(lang Lang, key string) string {
	u := ""
	if lang != EN {
		u = string(lang) + "/"
	}
	if key != "" {
		u += key + "/"
	}
	return u
}

// Status says whether a code is defined by an RFC.
type Status string

const (
	Standard    Status = "standard"     // defined by RFC 959 or RFC 1123
	Extension   Status = "extension"    // defined by an extension RFC
	NonStandard Status = "non-standard" // used by some servers or lists, defined by no RFC
	NotFTP      Status = "not-ftp"      // not an FTP reply at all (Windows Sockets errors)
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case Standard, Extension, NonStandard, NotFTP:
		return true
	}
	return false
}

// Source is a citation: an RFC and a section, with the RFC's own text.
type Source struct {
	RFC     int    `json:"rfc"`
	Section string `json:"section"`
	Text    string `json:"text,omitempty"`
}

// Winsock describes a Windows Sockets error that clients print like a reply.
type Winsock struct {
	Constant string `json:"constant"`
	POSIX    string `json:"posix"`
}

// Code is one reply code with its facts and both language pages.
type Code struct {
	Number  string // "425", "10061"
	Status  Status
	Sources []Source
	Winsock *Winsock
	Origin  string
	Pages   map[Lang]*Page

	Related    []Relation // computed: both directions, sorted by number
	ReturnedBy []*Command // computed from the command pages, sorted by name
}

// Relation is a link between two codes with a one-line difference per language.
type Relation struct {
	Code *Code
	Note map[Lang]string
}

// IsReply reports whether the code is a three-digit FTP reply (as opposed
// to a Windows Sockets error).
func (c *Code) IsReply() bool { return len(c.Number) == 3 }

// Class is the first digit (1–6), or 0 when the code is not an FTP reply.
func (c *Code) Class() int {
	if !c.IsReply() {
		return 0
	}
	return int(c.Number[0] - '0')
}

// Group is the second digit (0–5 are defined by RFC 959 §4.2.1), or -1 when
// the code is not an FTP reply.
func (c *Code) Group() int {
	if !c.IsReply() {
		return -1
	}
	return int(c.Number[1] - '0')
}

// Int is the number as an integer, for sorting.
func (c *Code) Int() int {
	n, _ := strconv.Atoi(c.Number)
	return n
}

// Command is one FTP command with its facts and both language pages.
type Command struct {
	Name    string // "PASV"
	Slug    string // "pasv"
	Syntax  []string
	Sources []Source
	Replies Replies
	Pages   map[Lang]*Page
}

// ReplyGroup names one group of a command's replies, as RFC 959 §5.4 and
// the extension RFCs group them.
type ReplyGroup string

const (
	Preliminary  ReplyGroup = "preliminary"
	Following    ReplyGroup = "following" // may follow a preliminary reply
	Success      ReplyGroup = "success"
	Intermediate ReplyGroup = "intermediate"
	ErrorReply   ReplyGroup = "error"
	Practice     ReplyGroup = "practice" // seen in practice, not listed by the RFC
)

// ReplyGroups lists the groups in display order.
var ReplyGroups = []ReplyGroup{Preliminary, Following, Success, Intermediate, ErrorReply, Practice}

// Replies maps each group to its codes in the order the RFC lists them.
type Replies map[ReplyGroup][]*Code

// All returns every code the command may return, in group order, each once.
func (r Replies) All() []*Code {
	seen := map[*Code]bool{}
	var out []*Code
	for _, g := range ReplyGroups {
		for _, c := range r[g] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// Class is a reply class overview page (1xx … 6xx).
type Class struct {
	Digit int
	Pages map[Lang]*Page
	Codes []*Code // computed, sorted
}

// Site is the whole model.
type Site struct {
	Pages    []*Page // sorted by language, then key
	Codes    []*Code // sorted by number
	Commands []*Command
	Classes  []*Class

	// Unreadable holds the keys of pages whose files exist but could not be
	// read or parsed. Their errors are already reported; links to them are
	// not reported again.
	Unreadable map[string]bool

	page    map[Lang]map[string]*Page
	code    map[string]*Code
	command map[string]*Command
}

// Link is a relation between two codes as declared on one of them.
type Link struct {
	From, To *Code
	Note     map[Lang]string
}

// New indexes pages, codes, commands and classes and computes the derived
// relations: both sides of every link, and each code's "returned by" list.
// The loader calls it once with validated values.
func New(pages []*Page, codes []*Code, commands []*Command, classes []*Class, links []Link) *Site {
	s := &Site{
		Pages: pages, Codes: codes, Commands: commands, Classes: classes,
		page:    map[Lang]map[string]*Page{},
		code:    map[string]*Code{},
		command: map[string]*Command{},
	}
	sort.Slice(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Lang != b.Lang {
			return a.Lang < b.Lang
		}
		return a.Key < b.Key
	})
	for _, p := range s.Pages {
		if s.page[p.Lang] == nil {
			s.page[p.Lang] = map[string]*Page{}
		}
		s.page[p.Lang][p.Key] = p
	}
	sort.Slice(s.Codes, func(i, j int) bool { return s.Codes[i].Int() < s.Codes[j].Int() })
	for _, c := range s.Codes {
		s.code[c.Number] = c
	}
	sort.Slice(s.Commands, func(i, j int) bool { return s.Commands[i].Name < s.Commands[j].Name })
	for _, c := range s.Commands {
		s.command[c.Slug] = c
		for _, r := range c.Replies.All() {
			r.ReturnedBy = append(r.ReturnedBy, c)
		}
	}
	for _, l := range links {
		l.From.Related = append(l.From.Related, Relation{Code: l.To, Note: l.Note})
		l.To.Related = append(l.To.Related, Relation{Code: l.From, Note: l.Note})
	}
	for _, c := range s.Codes {
		sort.Slice(c.Related, func(i, j int) bool { return c.Related[i].Code.Int() < c.Related[j].Code.Int() })
	}
	sort.Slice(s.Classes, func(i, j int) bool { return s.Classes[i].Digit < s.Classes[j].Digit })
	for _, cl := range s.Classes {
		for _, c := range s.Codes {
			if c.Class() == cl.Digit {
				cl.Codes = append(cl.Codes, c)
			}
		}
	}
	return s
}

// Page returns the page with key in lang, or nil.
func (s *Site) Page(lang Lang, key string) *Page { return s.page[lang][key] }

// Code returns the code with that number, or nil.
func (s *Site) Code(number string) *Code { return s.code[number] }

// Command returns the command with that slug (lower-case name), or nil.
func (s *Site) Command(slug string) *Command { return s.command[slug] }

// Class returns the class overview for a digit, or nil.
func (s *Site) Class(digit int) *Class {
	for _, c := range s.Classes {
		if c.Digit == digit {
			return c
		}
	}
	return nil
}

// Guides returns the guide pages of one language ordered by weight, then title.
func (s *Site) Guides(lang Lang) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Lang == lang && p.Kind == KindGuide {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight < out[j].Weight
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// Rel returns the shortest relative link from the page at URL from to the
// page at URL to (both paths from the site root ending in "/", or "" for
// the root): Rel("codes/425/", "codes/426/") is "../426/".
func Rel(from, to string) string {
	f := strings.Split(strings.TrimSuffix(from, "/"), "/")
	t := strings.Split(strings.TrimSuffix(to, "/"), "/")
	if from == "" {
		f = nil
	}
	if to == "" {
		t = nil
	}
	i := 0
	for i < len(f) && i < len(t) && f[i] == t[i] {
		i++
	}
	r := strings.Repeat("../", len(f)-i)
	if rest := strings.Join(t[i:], "/"); rest != "" {
		r += rest
		if strings.HasSuffix(to, "/") {
			r += "/"
		}
	}
	if r == "" {
		return "./"
	}
	return r
}
