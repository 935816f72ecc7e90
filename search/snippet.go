package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet sizes, in code points.
const (
	snippetBefore = 60  // context before the first matched word
	snippetLength = 220 // longest excerpt of the body
)

// snippet picks what a result shows under its title: the summary if a word
// of it matched, else an excerpt of the text around the first matched word,
// else the summary. Marks are byte ranges of the matched words in the
// snippet. The JS client does the same (in code points of UTF-16 strings).
func (ix *Index) snippet(summary, text string, terms []string) (string, [][2]int) {
	summary = collapseSpace(summary)
	if m := ix.marks(summary, terms); len(m) > 0 {
		return summary, m
	}
	text = collapseSpace(text)
	m := ix.marks(text, terms)
	if len(m) == 0 {
		return summary, nil
	}
	start := backRunes(text, m[0][0], snippetBefore)
	if start > 0 {
		// Begin at a word: after the first space at or after start.
		if i := strings.IndexByte(text[start:m[0][0]], ' '); i >= 0 {
			start += i + 1
		}
	}
	end := forwardRunes(text, start, snippetLength)
	if end < len(text) {
		// End at a word: before the last space, but after the first mark.
		if i := strings.LastIndexByte(text[m[0][1]:end], ' '); i >= 0 {
			end = m[0][1] + i
		}
	}
	var b strings.Builder
	shift := -start
	if start > 0 {
		b.WriteString("…")
		shift += len("…")
	}
	b.WriteString(text[start:end])
	if end < len(text) {
		b.WriteString("…")
	}
	var out [][2]int
	for _, r := range m {
		if r[0] >= start && r[1] <= end {
			out = append(out, [2]int{r[0] + shift, r[1] + shift})
		}
	}
	return b.String(), out
}

// marks returns the byte ranges of the words of s that analyse to one of
// terms.
func (ix *Index) marks(s string, terms []string) [][2]int {
	if s == "" || len(terms) == 0 {
		return nil
	}
	tz, err := ix.tokenizer()
	if err != nil {
		return nil
	}
	var out [][2]int
	for _, t := range tz.Tokenize([]byte(s)) {
		for _, a := range ix.analyze(Normalize(string(t.Term))) {
			if slices.Contains(terms, a) {
				out = append(out, [2]int{t.Start, t.End})
				break
			}
		}
	}
	return out
}

// collapseSpace turns each run of white space (unicode.IsSpace) into one
// space and trims the ends, as strings.Join(strings.FieldsFunc(s,
// unicode.IsSpace), " ") does (FuzzCollapseSpace), in one pass, and
// without copying text that has nothing to collapse.
func collapseSpace(s string) string {
	var (
		b     []byte // nil until something changes
		space bool   // white space pending since the last word
		words bool   // a word was written
	)
	for i := 0; i < len(s); {
		c, w := s[i], 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = asciiSpace[c]
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			if b == nil && (c != ' ' || space || !words) {
				b = append(make([]byte, 0, len(s)), s[:i]...)
				b = b[:len(b)-btoi(space)] // the pending single space, if any
			}
			space = true
			i += w
			continue
		}
		if b != nil {
			if space && words {
				b = append(b, ' ')
			}
			b = append(b, s[i:i+w]...)
		}
		space, words = false, true
		i += w
	}
	if b == nil {
		if space { // one trailing space
			return s[:len(s)-1]
		}
		return s
	}
	return string(b)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
	}
	return i
}

func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}
