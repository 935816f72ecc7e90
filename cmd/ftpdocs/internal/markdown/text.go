package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// plainText returns the text of the document for the search index.
func plainText(src []byte, root ast.Node) string {
	var t textBuilder
	t.b.Grow(len(src)) // the text is at most about as long as its source
	t.node(src, root)
	return t.String()
}

// inlineText returns the text of a heading (or any node) on one line.
func inlineText(src []byte, n ast.Node) string {
	var t textBuilder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t.node(src, c)
	}
	return strings.ReplaceAll(t.String(), "\n", " ")
}

// textBuilder collects words: each run of white space becomes one newline if
// it holds a line break and one space otherwise; none leads or trails.
type textBuilder struct {
	b       strings.Builder
	space   bool
	newline bool
}

func (t *textBuilder) write(s []byte) {
	for len(s) > 0 {
		switch s[0] {
		case '\n':
			t.newline = true
			s = s[1:]
			continue
		case ' ', '\t', '\r', '\f', '\v':
			t.space = true
			s = s[1:]
			continue
		}
		word := 1
		for word < len(s) && !isSpace[s[word]] {
			word++
		}
		if t.b.Len() > 0 {
			if t.newline {
				t.b.WriteByte('\n')
			} else if t.space {
				t.b.WriteByte(' ')
			}
		}
		t.space, t.newline = false, false
		t.b.Write(s[:word])
		s = s[word:]
	}
}

// isSpace holds the bytes write takes for white space.
var isSpace = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, '\f': true, '\v': true}

func (t *textBuilder) String() string { return t.b.String() }

func (t *textBuilder) node(src []byte, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Value(src)
		if !n.IsRaw() {
			v = unescape(v)
		}
		t.write(v)
		if n.SoftLineBreak() || n.HardLineBreak() {
			t.space = true
		}
		return
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			t.write(n.Value)
		} else {
			t.write(unescape(n.Value))
		}
		return
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				t.write(c.Value(src))
			case *ast.String:
				t.write(c.Value)
			}
		}
		return
	case *ast.AutoLink:
		t.write(n.Label(src))
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			t.write(s.Value(src))
		}
		t.newline = true
		return
	case *ast.RawHTML, *ast.HTMLBlock, *east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
		return
	case *east.TableCell:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t.node(src, c)
		}
		t.space = true
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t.node(src, c)
	}
	if n.Type() == ast.TypeBlock {
		t.newline = true
	}
}

// unescape resolves backslash escapes and character references, as goldmark
// does when it writes text.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	return util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
}
