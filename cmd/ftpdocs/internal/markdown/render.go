package markdown

import (
	"bytes"
	"fmt"
	"html"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// writer is the output of one Render. goldmark passes it on to every node
// renderer untouched (it is a util.BufWriter), which is how the renderers of
// the shared goldmark instance reach the state of this render.
type writer struct {
	bytes.Buffer
	st *renderState
}

func (w *writer) Buffered() int { return w.Len() }
func (w *writer) Flush() error  { return nil }

type renderState struct {
	doc     *Doc
	resolve Resolver
	errors  []Error
}

func (st *renderState) errorAt(offset int, msg string) {
	line, col := st.doc.position(offset)
	st.errors = append(st.errors, Error{line, col, msg})
}

// nodeRenderer renders the nodes this package treats specially: headings
// (IDs and permalinks), links (cross-links) and fenced code (highlighting).
// Everything else is goldmark's.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindFencedCodeBlock, renderFencedCode)
}

func state(w util.BufWriter) *renderState {
	if w, ok := w.(*writer); ok {
		return w.st
	}
	panic(fmt.Sprintf("markdown: rendering into %T, not *writer", w))
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	d := state(w).doc
	h := d.heads[d.byNode[n]]
	level := strconv.Itoa(n.Level)
	if entering {
		w.WriteString("<h" + level + ` id="` + escapeAttr(h.ID) + `">`)
		return ast.WalkContinue, nil
	}
	if 2 <= n.Level && n.Level <= 4 {
		id := escapeAttr(h.ID)
		w.WriteString(` <a class="anchor" href="#` + id + `" aria-label="§ ` + escapeAttr(h.Text) + `">§</a>`)
	}
	w.WriteString("</h" + level + ">\n")
	return ast.WalkContinue, nil
}

func renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	href := n.Destination
	if scheme := crossLinkScheme(href); scheme != "" {
		href = state(w).crossLink(n, scheme)
	}
	w.WriteString(`<a href="`)
	// The same filter goldmark applies: no javascript: and friends.
	if !ghtml.IsDangerousURL(href) {
		w.Write(util.EscapeHTML(util.URLEscape(href, true)))
	}
	w.WriteByte('"')
	if n.Title != nil {
		w.WriteString(` title="`)
		ghtml.DefaultWriter.Write(w, n.Title)
		w.WriteByte('"')
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

// crossLink resolves the destination of n, whose scheme is scheme, to an
// href; when the Resolver fails it records an Error at the link's '[' and
// returns "#".
func (st *renderState) crossLink(n *ast.Link, scheme string) []byte {
	dest := scheme + string(n.Destination[len(scheme):]) // the scheme in lower case
	var (
		href string
		err  error
	)
	if st.resolve == nil {
		err = fmt.Errorf("cross-link %q cannot be resolved here", dest)
	} else {
		href, err = st.resolve(dest)
	}
	if err != nil {
		// goldmark (since 1.8) records the offset of the link's '[' as its
		// position; TestCrossLinkPosition keeps it honest.
		st.errorAt(n.Pos(), err.Error())
		return []byte("#")
	}
	return []byte(href)
}

func renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	st := state(w)
	lang := language(src, n)
	code := segmentsText(src, n.Lines())
	if lang != "" {
		ok, unclosed := highlight(w.(*writer), lang, code)
		if unclosed >= 0 {
			line := n.Lines().At(unclosed)
			code := string(line.Value(src)[:3])
			st.errorAt(line.Start, fmt.Sprintf("multi-line reply %q is never closed: end it with a line that starts %q", code+"-", code+" "))
		}
		if ok {
			return ast.WalkSkipChildren, nil
		}
		st.errorAt(n.Pos(), fmt.Sprintf("unknown code block language %q: use one chroma knows (sh, ini, nginx, yaml, …), ftp for FTP transcripts, or none", lang))
	}
	w.WriteString("<pre><code>")
	w.WriteString(html.EscapeString(code))
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// language returns the first word of the info string of a fenced block. It
// does not use n.Language, which caches its result in the node: Render must
// not write to the AST, since one Doc may be rendered concurrently.
func language(src []byte, n *ast.FencedCodeBlock) string {
	if n.Info == nil {
		return ""
	}
	info := n.Info.Segment.Value(src)
	if i := bytes.IndexAny(info, " \t{"); i >= 0 {
		info = info[:i]
	}
	return string(info)
}

func escapeAttr(s string) string { return html.EscapeString(s) }
