package markdown

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
)

// formatter writes tokens as <span class="hl-…"> without the <pre> and
// per-line wrappers (PreventSurroundingPre): the caller writes the <pre>. The
// prefix keeps chroma's short class names ("c", "s", "k") apart from the
// site's own (site.css has a .c). It is safe for concurrent use.
var formatter = chromahtml.New(
	chromahtml.WithClasses(true),
	chromahtml.ClassPrefix("hl-"),
	chromahtml.PreventSurroundingPre(true),
)

// style is required by the formatter's API but unused with classes: the
// colours live in static/css/highlight.css.
var style = chroma.MustNewStyle("ftpdocs", chroma.StyleEntries{})

// lexerCache maps a lower-case language name to its lexer, or to a nil
// chroma.Lexer when chroma has none: a miss in chroma's registry scans every
// lexer's file patterns, which is too slow to repeat for every block.
var (
	lexerMu    sync.RWMutex
	lexerCache = map[string]chroma.Lexer{}
)

const lexerCacheMax = 512 // keeps made-up language names from growing the cache without bound

// lexerFor returns the lexer for a fenced block's language, or nil.
func lexerFor(lang string) chroma.Lexer {
	lang = strings.ToLower(lang)
	if lang == "ftp" {
		return transcriptLexer{}
	}
	lexerMu.RLock()
	l, ok := lexerCache[lang]
	lexerMu.RUnlock()
	if ok {
		return l
	}
	l = lexers.Get(lang)
	lexerMu.Lock()
	if len(lexerCache) < lexerCacheMax {
		lexerCache[lang] = l
	}
	lexerMu.Unlock()
	return l
}

// classOf maps a chroma token type onto the few types highlight.css styles,
// so that the HTML carries only classes that have a style (and fewer spans).
// The classes, all prefixed "hl-":
//
//	c   comments                          gp  prompts and line prefixes
//	k   keywords, builtins, FTP commands  go  client output
//	s   strings, FTP command arguments    gr  errors
//	m   numbers                           gu gi ge gs gd gl  FTP reply codes 1xx–6xx
//	na  attributes, keys, tags                (the same types colour diffs)
//	nv  variables
//
// Everything else (names, operators, punctuation, plain text) is unstyled.
func classOf(t chroma.TokenType) chroma.TokenType {
	switch {
	case t.InCategory(chroma.Comment):
		return chroma.Comment
	case t.InCategory(chroma.Keyword), t.InSubCategory(chroma.NameBuiltin):
		return chroma.Keyword
	case t.InSubCategory(chroma.LiteralString):
		return chroma.LiteralString
	case t.InSubCategory(chroma.LiteralNumber):
		return chroma.LiteralNumber
	case t == chroma.NameAttribute, t == chroma.NameTag, t == chroma.NameProperty, t == chroma.NameLabel:
		return chroma.NameAttribute
	case t.InSubCategory(chroma.NameVariable):
		return chroma.NameVariable
	}
	switch t {
	case chroma.GenericSubheading, chroma.GenericInserted, chroma.GenericEmph,
		chroma.GenericStrong, chroma.GenericDeleted, chroma.GenericUnderline,
		chroma.GenericPrompt, chroma.GenericOutput, chroma.GenericError:
		return t
	case chroma.GenericHeading:
		return chroma.GenericSubheading
	case chroma.GenericTraceback:
		return chroma.GenericError
	}
	return chroma.Text
}

// classTokens maps the tokens onto classOf and merges neighbours of the same
// class.
func classTokens(it chroma.Iterator) []chroma.Token {
	var (
		out  []chroma.Token
		run  []string
		last = chroma.None
	)
	flush := func() {
		if len(run) > 0 {
			out = append(out, chroma.Token{Type: last, Value: strings.Join(run, "")})
			run = run[:0]
		}
	}
	for t := it(); t != chroma.EOF; t = it() {
		if t.Value == "" {
			continue
		}
		c := classOf(t.Type)
		if c != last {
			flush()
			last = c
		}
		run = append(run, t.Value)
	}
	flush()
	return out
}

// plainLangs are the language names of chroma's plain-text lexer.
var plainLangs = map[string]bool{"text": true, "plaintext": true, "txt": true, "plain": true}

// highlight writes code as a highlighted block:
//
//	<pre class="chroma"><code class="language-sh">…</code></pre>
//
// It reports false, having written nothing, when there is no lexer for lang.
// For an ftp block it also returns the line (0-based, within code) of a
// multi-line reply that is never closed, or -1.
func highlight(w *writer, lang, code string) (ok bool, unclosed int) {
	unclosed = -1
	l := lexerFor(lang)
	if l == nil {
		return false, -1
	}
	var it chroma.Iterator
	if plainLangs[strings.ToLower(lang)] {
		// Plain text has nothing to colour; skipping chroma's regular
		// expressions makes such blocks about 50 times cheaper.
		it = chroma.Literator(chroma.Token{Type: chroma.Text, Value: code})
	} else if _, ftp := l.(transcriptLexer); ftp {
		var tokens []chroma.Token
		unclosed = lexTranscript(code, func(t chroma.TokenType, s string) {
			tokens = append(tokens, chroma.Token{Type: t, Value: s})
		})
		it = chroma.Literator(tokens...)
	} else {
		var err error
		if it, err = l.Tokenise(nil, code); err != nil {
			return false, -1
		}
	}
	w.WriteString(`<pre class="chroma"><code class="language-`)
	w.WriteString(escapeAttr(strings.ToLower(lang)))
	w.WriteString(`">`)
	if err := formatter.Format(w, style, chroma.Literator(classTokens(it)...)); err != nil {
		// The formatter only fails when the writer does; ours does not.
		panic(err)
	}
	w.WriteString("</code></pre>\n")
	return true, unclosed
}
