// Package markdown renders page bodies: goldmark (GFM tables, footnotes,
// strikethrough), cross-links, stable heading IDs, chroma highlighting with
// CSS classes, and the FTP transcript lexer.
//
// It is the only package that imports goldmark and chroma. A body is parsed
// once (Parse), may get the heading IDs of its translation (SetIDs), and is
// rendered with a Resolver for cross-links (Render), which returns the HTML,
// the plain text for the search index and every problem found, each at a
// line and column of the source.
//
// # Positions
//
// Lines and columns are 1-based; columns count bytes, as go/scanner does, so
// a link after "Причины: " (9 runes, 16 bytes) is at column 17. Parse expects
// the whole file with the front matter blanked, so line N of the body is line
// N of the file.
//
// # Heading IDs
//
// Every heading gets an ID: the explicit one written after it
// ("## Причины {#causes}"), or one made from its plain text: lower-case ASCII
// words joined by '-' ("What to do" → "what-to-do", "Can't connect" →
// "cant-connect"), Cyrillic transliterated ("Причины" → "prichiny"), accents
// dropped, "section" when nothing is left, and "-1", "-2"… added to repeats.
// Auto IDs never take an explicit ID of the same page. Explicit IDs must be
// lower-case ASCII letters, digits, '-' and '_'.
//
// Headings h2–h4 end with a permalink to themselves:
//
//	<h2 id="causes">Causes <a class="anchor" href="#causes" aria-label="§ Causes">§</a></h2>
//
// The link's accessible name is "§" and the heading text, so it needs no
// translation: a screen reader says "section Causes" or "параграф Причины".
//
// # Cross-links
//
// A link whose destination starts with code:, cmd:, class: or guide: (the
// scheme in any case) is rewritten by the Resolver given to Render. A link the
// Resolver rejects renders with href="#" and yields an Error at the link's
// '['. An image or an autolink (<code:425>) with such a destination is an
// Error too, as is raw HTML, which is never rendered (goldmark's default: a
// "<script>" in a page must not run), except for HTML comments.
//
// # Highlighting
//
// Fenced code blocks with a language chroma knows (sh, ini, nginx, apache,
// yaml, powershell, …) and ```ftp blocks are written as
// <pre class="chroma"><code class="language-…"> with <span class="hl-…">
// tokens styled by static/css/highlight.css; see classOf for the classes and
// transcriptLexer for FTP transcripts, whose reply codes take the class of
// their first digit (chroma's generic token types):
//
//	1xx hl-gu  2xx hl-gi  3xx hl-ge  4xx hl-gs  5xx hl-gd  6xx hl-gl
//
// Blocks without a language are escaped inside <pre><code>; an unknown
// language is treated the same and is an Error.
//
// # Concurrency
//
// Parse, Render and SetIDs may be called from many goroutines; one Doc may be
// rendered concurrently, and SetIDs waits for renders of its Doc to finish.
package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is a heading of a page body.
type Heading struct {
	Level     int
	Text      string // plain text of the heading
	ID        string // the auto ID (from Text) or the explicit {#id}
	Explicit  bool   // ID came from {#id}
	Line, Col int    // 1-based position of the heading in src
}

// Error is a problem in a page body.
type Error struct {
	Line, Col int // 1-based position in src; Col counts bytes
	Msg       string
}

func (e Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Resolver maps a cross-link destination (everything inside the parentheses,
// e.g. "code:425", "cmd:pasv", "class:4", "guide:passive-mode",
// "code:425#causes") to an href, or returns an error whose text is the
// message for the author (e.g. "no page for code 999"). Only destinations with
// one of the schemes code:, cmd:, class:, guide: are passed to it.
type Resolver func(dest string) (string, error)

// Result is a rendered body.
type Result struct {
	HTML []byte
	// Text is the plain text of the body for the search index: headings,
	// paragraphs, list items, table cells and code blocks, words separated
	// by spaces and newlines, without markup.
	Text string
	// Errors lists every unresolved cross-link and every other problem,
	// sorted by position.
	Errors []Error
}

// Doc is a parsed body. Parse never fails; problems surface from Render.
type Doc struct {
	src   []byte
	root  ast.Node
	lines []int // offset of the start of each line

	text     string  // Result.Text, which does not depend on the Resolver
	problems []Error // found by Parse

	mu       sync.RWMutex
	heads    []Heading
	byNode   map[*ast.Heading]int // index into heads
	outlines *Error               // the SetIDs mismatch, if any
}

// md is shared by all Docs: goldmark's parser and renderer are safe for
// concurrent use, and what differs between renders travels in the writer
// (renderState).
//
// Heading IDs are not goldmark's (parser.WithAutoHeadingID): it makes them
// when a heading's block closes, before inline parsing, from the raw line, so
// "Using `PASV` with [NAT](guide:nat)" would slug the Markdown syntax too; and
// with auto IDs on, goldmark 1.8.7 panics on "## Title {id=5}". Doc.inspect
// gives them after parsing, from the heading's plain text.
var md = goldmark.New(
	goldmark.WithExtensions(
		// extension.GFM, except that table cells are aligned by inspect:
		// goldmark's table renderer writes the alignment style into the
		// node, so a Doc could be rendered only once, by one goroutine.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		extension.Footnote,
	),
	goldmark.WithParserOptions(parser.WithAttribute()),
	// The html renderer stays safe (no html.WithUnsafe): raw HTML in a page
	// is replaced by a comment, so content can never inject a script.
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100))),
)

// Parse parses a page body. src is the whole file with the front matter
// replaced by blank lines, so line N of src is line N of the file; positions
// refer to src. The Doc keeps src: do not modify it afterwards.
func Parse(src []byte) *Doc {
	d := &Doc{src: src, lines: lineStarts(src)}
	func() {
		defer func() {
			if v := recover(); v != nil {
				d.root = ast.NewDocument()
				d.problems = append(d.problems, Error{1, 1, fmt.Sprintf("internal error: the Markdown parser failed on this page (%v); please report it", v)})
			}
		}()
		d.root = md.Parser().Parse(text.NewReader(src))
	}()
	d.inspect()
	d.text = plainText(src, d.root)
	return d
}

// inspect collects the headings, gives the auto IDs, and records the problems
// that do not depend on the Resolver.
func (d *Doc) inspect() {
	var auto []int
	d.byNode = map[*ast.Heading]int{}
	ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, Text: inlineText(d.src, n)}
			h.Line, h.Col = d.position(n.Pos())
			d.headingAttributes(n, &h)
			if !h.Explicit {
				auto = append(auto, len(d.heads))
			}
			d.byNode[n] = len(d.heads)
			d.heads = append(d.heads, h)
		case *east.TableCell:
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("style", []byte("text-align:"+n.Alignment.String()))
			}
		case *ast.Image:
			if isCrossLink(n.Destination) {
				d.problem(n.Pos(), fmt.Sprintf("an image cannot show the page %q; to link to it write [text](%s)", n.Destination, n.Destination))
			}
		case *ast.AutoLink:
			if url := n.URL(d.src); isCrossLink(url) {
				d.problem(n.Pos(), fmt.Sprintf("<%s> would show the raw target to readers; write [text](%s)", url, url))
			}
		case *ast.RawHTML:
			if html := segmentsText(d.src, n.Segments); !strings.HasPrefix(html, "<!--") {
				d.problem(n.Pos(), fmt.Sprintf("raw HTML %s is not allowed and is left out of the page; put it in backticks to show it as code, or write \\< to show a literal <", shorten(html)))
			}
		case *ast.HTMLBlock:
			if html := segmentsText(d.src, n.Lines()); !strings.HasPrefix(strings.TrimSpace(html), "<!--") {
				d.problem(n.Pos(), fmt.Sprintf("raw HTML %s is not allowed and is left out of the page; use Markdown instead", shorten(html)))
			}
		}
		return ast.WalkContinue, nil
	})
	// Explicit IDs first, so that an auto ID never takes one, even one
	// further down the page.
	var ids slugger
	for _, h := range d.heads {
		if h.Explicit {
			ids.reserve(h.ID)
		}
	}
	for _, i := range auto {
		d.heads[i].ID = ids.unique(slug(d.heads[i].Text))
	}
}

// headingAttributes reads the {#id} of a heading into h and reports the
// attributes it does not support.
func (d *Doc) headingAttributes(n *ast.Heading, h *Heading) {
	for _, a := range n.Attributes() {
		name := string(a.Name)
		v, isText := a.Value.([]byte)
		switch {
		case name != "id":
			d.problem(n.Pos(), fmt.Sprintf("heading attribute %q is not supported; only {#id} may follow a heading", name))
		case !isText:
			d.problem(n.Pos(), fmt.Sprintf("write the heading ID as {#%v}", a.Value))
		case !validID(string(v)):
			d.problem(n.Pos(), fmt.Sprintf("heading ID %q must be lower-case Latin letters, digits and '-' (it is part of the page's URLs)", v))
		default:
			h.ID, h.Explicit = string(v), true
		}
	}
}

// Headings returns the headings of the body in document order.
func (d *Doc) Headings() []Heading {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return slices.Clone(d.heads)
}

// SetIDs gives the headings new IDs by position; headings with an explicit
// {#id} keep theirs, and an empty string keeps the heading's own ID. The build
// uses it to give a Russian page the IDs of its English twin, so that #causes
// survives a language switch.
//
// len(ids) must equal len(Headings()). If it does not, the IDs are given as
// far as both lists go and Render reports the mismatch at the first heading
// without a counterpart.
func (d *Doc) SetIDs(ids []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.heads {
		if i < len(ids) && ids[i] != "" && !d.heads[i].Explicit {
			d.heads[i].ID = ids[i]
		}
	}
	d.outlines = nil
	if len(ids) != len(d.heads) {
		e := Error{Line: 1, Col: 1}
		switch {
		case len(ids) < len(d.heads):
			e.Line, e.Col = d.heads[len(ids)].Line, d.heads[len(ids)].Col
		case len(d.heads) > 0:
			e.Line, e.Col = d.heads[len(d.heads)-1].Line, d.heads[len(d.heads)-1].Col
		}
		e.Msg = fmt.Sprintf("this page has %d headings but its English version has %d; both need the same headings in the same order so that links to #anchors work in both languages", len(d.heads), len(ids))
		d.outlines = &e
	}
}

// Render renders the body, resolving cross-links with resolve (nil resolves
// none). It may be called concurrently, also on the same Doc.
func (d *Doc) Render(resolve Resolver) Result {
	d.mu.RLock()
	defer d.mu.RUnlock()
	w := &writer{st: &renderState{doc: d, resolve: resolve}}
	w.Grow(len(d.src) + len(d.src)/2)
	func() {
		defer func() {
			if v := recover(); v != nil {
				w.st.errors = append(w.st.errors, Error{1, 1, fmt.Sprintf("internal error: the Markdown renderer failed on this page (%v); please report it", v)})
			}
		}()
		if err := md.Renderer().Render(w, d.src, d.root); err != nil {
			w.st.errors = append(w.st.errors, Error{1, 1, "internal error: " + err.Error()})
		}
	}()
	errs := append(slices.Clone(d.problems), w.st.errors...)
	errs = append(errs, d.duplicateIDs()...)
	if d.outlines != nil {
		errs = append(errs, *d.outlines)
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c < 0
		}
		if c := cmp.Compare(a.Col, b.Col); c != 0 {
			return c < 0
		}
		return a.Msg < b.Msg
	})
	// Exact copies: the buffers keep spare capacity, and every page's
	// result stays in memory for the rest of the build.
	return Result{HTML: bytes.Clone(w.Bytes()), Text: strings.Clone(d.text), Errors: errs}
}

// duplicateIDs reports headings whose ID an earlier heading already has.
// Auto IDs are unique by construction; explicit IDs and those from SetIDs may
// not be.
func (d *Doc) duplicateIDs() []Error {
	var errs []Error
	first := map[string]int{}
	for i, h := range d.heads {
		j, seen := first[h.ID]
		if !seen {
			first[h.ID] = i
			continue
		}
		errs = append(errs, Error{h.Line, h.Col, fmt.Sprintf("heading ID %q is already used by the heading on line %d; give this heading another {#id}", h.ID, d.heads[j].Line)})
	}
	return errs
}

func (d *Doc) problem(offset int, msg string) {
	line, col := d.position(offset)
	d.problems = append(d.problems, Error{line, col, msg})
}

// lineStarts returns the offset of the first byte of every line of src.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position converts a byte offset in src to a 1-based line and byte column.
// An unknown offset (-1) is 1:1.
func (d *Doc) position(offset int) (line, col int) {
	if offset < 0 {
		return 1, 1
	}
	offset = min(offset, len(d.src))
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > offset }) - 1
	return i + 1, offset - d.lines[i] + 1
}

// isCrossLink reports whether dest starts with one of the cross-link schemes,
// in any case.
func isCrossLink(dest []byte) bool {
	return crossLinkScheme(dest) != ""
}

func crossLinkScheme(dest []byte) string {
	for _, s := range [...]string{"code:", "cmd:", "class:", "guide:"} {
		if len(dest) >= len(s) && strings.EqualFold(string(dest[:len(s)]), s) {
			return s
		}
	}
	return ""
}

func segmentsText(src []byte, segs *text.Segments) string {
	var b strings.Builder
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		b.Write(s.Value(src))
	}
	return b.String()
}

// shorten quotes the first line of s, cut to 40 bytes, for an error message.
func shorten(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 40 {
		cut := 40
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return fmt.Sprintf("%q", s)
}
