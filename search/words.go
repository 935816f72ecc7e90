package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// termAnalyzer is a language's bleve analyzer (en: unicode tokenizer,
// possessive, to_lower, stop, porter; ru: unicode tokenizer, to_lower,
// stop, snowball) for indexing, with the same terms and frequencies and a
// third of the work:
//
//   - The words are found by scanWords, which knows the word-break classes
//     of the characters these sites are written in; a text with any other
//     character goes to bleve's unicode tokenizer as before.
//   - Each filter of the chain looks at one token at a time, so what the
//     chain makes of a word depends on the word alone: it runs once per
//     distinct word and is remembered.
//
// TestTermAnalyzerMatchesBleve compares it with bleve's analyzer on every
// title and body of the real content and of generated pages, and
// TestScanWordsMatchesBleve and FuzzScanWords compare scanWords with
// bleve's tokenizer. A termAnalyzer is not safe for concurrent use: each
// analysis worker has its own.
type termAnalyzer struct {
	bleve *analysis.DefaultAnalyzer
	words map[string]int32 // word as written → index in terms, or -1 for a stop word
	ids   map[string]int32 // term → index in terms
	terms []term
	// count is a field's frequency of each term, and seen the terms with
	// a count, in order of appearance; both are cleared after each field.
	count   []int32
	seen    []int32
	scratch analysis.TokenStream
}

// term is a term the filter chain made, as bytes for bleve and as a string
// for a key.
type term struct {
	b   []byte
	key string
}

// maxMemo bounds the words a termAnalyzer remembers. A site's vocabulary
// is a few thousand words; past the bound it starts afresh.
const maxMemo = 1 << 17

func newTermAnalyzer(a analysis.Analyzer) *termAnalyzer {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || da.CharFilters != nil {
		return nil
	}
	ta := &termAnalyzer{bleve: da}
	ta.forget()
	return ta
}

func (a *termAnalyzer) forget() {
	a.words = make(map[string]int32)
	a.ids = make(map[string]int32)
	a.terms, a.count = nil, nil
}

// frequencies returns the number of terms of text and their frequencies,
// as analysis.TokenFrequency over the bleve analyzer's tokens does for a
// field without term vectors.
func (a *termAnalyzer) frequencies(text []byte, opts index.FieldIndexingOptions) (int, index.TokenFrequencies) {
	if len(a.words) >= maxMemo {
		a.forget()
	}
	n := 0
	ok := scanWords(text, func(word []byte, typ analysis.TokenType) {
		id, seen := a.words[string(word)]
		if !seen {
			id = a.add(word, typ)
		}
		if id < 0 {
			return
		}
		n++
		if a.count[id] == 0 {
			a.seen = append(a.seen, id)
		}
		a.count[id]++
	})
	if !ok {
		for _, id := range a.seen {
			a.count[id] = 0
		}
		a.seen = a.seen[:0]
		tokens := a.bleve.Analyze(text)
		return len(tokens), analysis.TokenFrequency(tokens, nil, opts)
	}
	freqs := make(index.TokenFrequencies, len(a.seen))
	tfs := make([]index.TokenFreq, len(a.seen))
	for i, id := range a.seen {
		tf := &tfs[i]
		tf.Term = a.terms[id].b
		if !opts.SkipFreqNorm() {
			tf.SetFrequency(int(a.count[id]))
		}
		freqs[a.terms[id].key] = tf
		a.count[id] = 0
	}
	a.seen = a.seen[:0]
	return n, freqs
}

// add runs the analyzer's filters over a word, as a token just out of the
// tokenizer, and remembers the result. (The type, the one thing besides
// the word that a filter could look at, depends on the word alone.)
func (a *termAnalyzer) add(word []byte, typ analysis.TokenType) int32 {
	t := analysis.Token{Term: append([]byte(nil), word...), Start: 0, End: len(word), Position: 1, Type: typ}
	a.scratch = append(a.scratch[:0], &t)
	stream := a.scratch
	for _, f := range a.bleve.TokenFilters {
		stream = f.Filter(stream)
	}
	id := int32(-1)
	if len(stream) == 1 {
		var known bool
		if id, known = a.ids[string(stream[0].Term)]; !known {
			id = int32(len(a.terms))
			key := string(stream[0].Term)
			a.terms = append(a.terms, term{[]byte(key), key})
			a.count = append(a.count, 0)
			a.ids[key] = id
		}
	}
	a.words[string(word)] = id
	return id
}

// Word-break classes of Unicode 8.0's WordBreakProperty.txt, the version
// bleve's tokenizer (github.com/blevesearch/segment) implements, for the
// characters scanWords knows.
type wordClass uint8

const (
	wbUnknown      wordClass = iota // not known here: the text goes to bleve
	wbOther                         // breaks before and after
	wbLetter                        // ALetter
	wbNumeric                       // Numeric
	wbMidLetter                     // MidLetter
	wbMidNumLet                     // MidNumLet, and Single_Quote, which acts the same without Hebrew letters
	wbMidNum                        // MidNum
	wbExtendNumLet                  // ExtendNumLet
)

// asciiClass holds the classes of ASCII. Newlines and the other controls
// are Other for word-finding purposes: a segment of them is never a word.
var asciiClass = func() (c [utf8.RuneSelf]wordClass) {
	for r := range c {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
			c[r] = wbLetter
		case '0' <= r && r <= '9':
			c[r] = wbNumeric
		case r == ':':
			c[r] = wbMidLetter
		case r == '.', r == '\'':
			c[r] = wbMidNumLet
		case r == ',', r == ';':
			c[r] = wbMidNum
		case r == '_':
			c[r] = wbExtendNumLet
		case r == '\t', r == '\n', r == '\v', r == '\f', r == '\r', r >= ' ' && r < 0x7f:
			c[r] = wbOther
		}
	}
	return c
}()

// classOf is the word-break class of r, or wbUnknown.
func classOf(r rune) wordClass {
	switch {
	case r < utf8.RuneSelf:
		return asciiClass[r]
	case r == 0xaa, r == 0xb5, r == 0xba:
		return wbLetter // ª µ º
	case r == 0xb7:
		return wbMidLetter // ·
	case r == 0xad:
		return wbUnknown // soft hyphen: Format
	case r < 0xc0:
		return wbOther // no-break space, «, », §, ©, °, …
	case r == 0xd7, r == 0xf7:
		return wbOther // × ÷
	case r <= 0xff:
		return wbLetter // À..ÿ
	case 0x400 <= r && r <= 0x481, 0x48a <= r && r <= 0x4ff:
		return wbLetter // Cyrillic, without the combining marks 0483..0489
	case r == 0x2018, r == 0x2019, r == 0x2024:
		return wbMidNumLet // ‘ ’ ․
	case r == 0x2027:
		return wbMidLetter // ‧
	case 0x2010 <= r && r <= 0x2026, 0x2030 <= r && r <= 0x203e:
		return wbOther // dashes, quotes, †, •, …, ‰, ›
	case 0x2190 <= r && r <= 0x22ff:
		return wbOther // arrows and mathematical operators
	}
	return wbUnknown
}

// scanWords calls word for each word of s, in order, as bleve's unicode
// tokenizer finds them (UAX #29 word boundaries; a word is a segment with
// a letter, a digit or an underscore) with their token type, and reports
// true; or reports false, at the first character it does not know, and the
// caller must use bleve's tokenizer instead.
func scanWords(s []byte, word func([]byte, analysis.TokenType)) bool {
	i := 0
	for i < len(s) {
		c, n := classAt(s, i)
		if c == wbUnknown {
			return false
		}
		if c != wbLetter && c != wbNumeric && c != wbExtendNumLet {
			i += n
			continue
		}
		start, last, letter := i, c, c == wbLetter
		numeric := c == wbNumeric
		i += n
	word:
		for i < len(s) {
			c, n := classAt(s, i)
			switch c {
			case wbUnknown:
				return false
			case wbLetter, wbNumeric, wbExtendNumLet: // WB5, WB8, WB9, WB10, WB13a, WB13b
				letter = letter || c == wbLetter
				numeric = numeric || c == wbNumeric
				last = c
				i += n
				continue
			case wbMidLetter, wbMidNumLet, wbMidNum:
				next, m := classAt(s, i+n)
				if next == wbUnknown {
					return false
				}
				if last == wbLetter && next == wbLetter && c != wbMidNum || // WB6, WB7
					last == wbNumeric && next == wbNumeric && c != wbMidLetter { // WB11, WB12
					i += n + m
					continue
				}
			}
			break word
		}
		typ := analysis.AlphaNumeric
		if numeric && !letter {
			typ = analysis.Numeric
		}
		word(s[start:i], typ)
	}
	return true
}

// classAt is the class of the character at s[i] and its length; wbOther
// past the end, and wbUnknown for invalid UTF-8.
func classAt(s []byte, i int) (wordClass, int) {
	if i >= len(s) {
		return wbOther, 0
	}
	if b := s[i]; b < utf8.RuneSelf {
		return asciiClass[b], 1
	}
	r, n := utf8.DecodeRune(s[i:])
	if r == utf8.RuneError && n == 1 {
		return wbUnknown, 1
	}
	return classOf(r), n
}
