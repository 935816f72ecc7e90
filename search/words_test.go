package search

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// word is a token as scanWords and bleve's unicode tokenizer both give it.
type word struct {
	Term       string
	Start, End int
	Type       analysis.TokenType
}

func bleveWords(s []byte) []word {
	var out []word
	for _, t := range unicode.NewUnicodeTokenizer().Tokenize(s) {
		out = append(out, word{string(t.Term), t.Start, t.End, t.Type})
	}
	return out
}

func scannedWords(s []byte) ([]word, bool) {
	var out []word
	ok := scanWords(s, func(w []byte, typ analysis.TokenType) {
		start := cap(s) - cap(w) // w is s[start:end]
		out = append(out, word{string(w), start, start + len(w), typ})
	})
	return out, ok
}

// checkWords fails if scanWords takes s and finds other words than bleve.
func checkWords(t *testing.T, s []byte) bool {
	t.Helper()
	got, ok := scannedWords(s)
	if !ok {
		return false
	}
	if want := bleveWords(s); !slices.Equal(got, want) {
		t.Errorf("scanWords(%q):\n got %v\nwant %v", s, got, want)
	}
	return true
}

// knownRunes are the characters scanWords knows, one per class and range
// boundary, and every one of them below U+0500.
func knownRunes() []rune {
	var rs []rune
	for r := rune(0); r < 0x2400; r++ {
		if classOf(r) != wbUnknown && (r < 0x500 || classOf(r) != classOf(r-1) || classOf(r) != classOf(r+1)) {
			rs = append(rs, r)
		}
	}
	return rs
}

// TestScanWordsMatchesBleve puts every character scanWords knows between
// and around characters of every class, twice over, and compares the words
// with those of bleve's tokenizer: a character given the wrong class
// breaks or joins words differently in one of these contexts.
func TestScanWordsMatchesBleve(t *testing.T) {
	context := []string{"", "a", "я", "é", "1", "7", ".", ":", ",", ";", "'", "’", "_", " ", "—", "\n", "a.", "1,", "a_", "_1", "·", "\"", "«"}
	known := knownRunes()
	if len(known) < 450 {
		t.Fatalf("only %d known characters", len(known))
	}
	checked := 0
	for _, r := range known {
		c := string(r)
		for _, x := range context {
			for _, y := range context {
				for _, s := range []string{x + c + y, x + c + c + y, c + x + y + c} {
					if !checkWords(t, []byte(s)) {
						t.Fatalf("scanWords gave up on %q, made only of characters it knows", s)
					}
					checked++
				}
			}
		}
	}
	for _, s := range []string{
		"", "USER anonymous", "425 Can't open data connection.", "e.g. 1.5, 1,000 and 1'000",
		"a.b.c. a..b 1.a a.1 a1.5 1a.b a_.b _ __ _1_ 1_a a:b ftp://host:21/path",
		"Соединение для передачи данных: пассивный режим (PASV) — «227 Entering Passive Mode».",
		"сервер’s o’clock it’s ‘quoted’ don't", "ёлка Ёж ÀÉÎõÿ ª µ º", "x×y 3÷4 a→b −1 ½",
		"tab\there\r\nCRLF\vvt\fff", "\u00a0nbsp\u00a0", "a\u2027b a\u2024b 1\u2024 2 a\u00b7b",
	} {
		if !checkWords(t, []byte(s)) {
			t.Errorf("scanWords gave up on %q", s)
		}
	}
	// What scanWords does not know, it leaves to bleve.
	for _, s := range []string{"a\u0301", "a\u00adb", "\xff", "日本", "ｱｲ", "שָׁלוֹם", "a\x00b", "\u200d", "\U0001F1FA\U0001F1F8", "a\u2028b"} {
		if _, ok := scannedWords([]byte(s)); ok {
			t.Errorf("scanWords took %q; only bleve's tokenizer knows it", s)
		}
	}
	t.Logf("%d strings over %d characters", checked, len(known))
}

func FuzzScanWords(f *testing.F) {
	for _, s := range []string{
		"", "a", "a.b", "1.5", "1,000", "a1.5", "a_.b", "don't", "it’s", "_1_",
		"Ошибка 425: не удаётся открыть соединение для передачи данных.",
		"ftp://user:pass@host:21/dir/file.txt", "a\u0301", "\xff\xfe", "日本語",
	} {
		f.Add([]byte(s))
	}
	// Random bytes soon hit a character scanWords does not know; so each
	// input is also read as a string of known characters, a byte each.
	alphabet := []rune("aZя1_.:,;'’\"· \n—«»×‧․é")
	f.Fuzz(func(t *testing.T, s []byte) {
		checkWords(t, s)
		var known []byte
		for _, b := range s {
			known = utf8.AppendRune(known, alphabet[int(b)%len(alphabet)])
		}
		if !checkWords(t, known) {
			t.Fatalf("scanWords gave up on %q, made only of characters it knows", known)
		}
	})
}

// analyzerTexts are the texts TestTermAnalyzerMatchesBleve analyses: every
// title and body of docs, as fields() gives them to bleve.
func analyzerTexts(docs []Doc) []string {
	var texts []string
	for _, d := range docs {
		f := fields(d)
		texts = append(texts, f[fieldTitle].(string), f[fieldBody].(string))
	}
	return texts
}

// TestTermAnalyzerMatchesBleve compares termAnalyzer's terms and
// frequencies with those of the language's bleve analyzer, on the real
// content and on the generated corpus, and checks that both take its fast
// path.
func TestTermAnalyzerMatchesBleve(t *testing.T) {
	for _, name := range []string{"en", "ru", "en-generated", "ru-generated"} {
		t.Run(name, func(t *testing.T) {
			lang, generated := strings.CutSuffix(name, "-generated")
			docs := append(contentDocs(t, lang), morphologyDocs[lang]...)
			if generated {
				docs = generatedDocs(t, generatedPages, lang)
				docs = docs[:min(len(docs), 300)] // the same vocabulary again after that
			}
			m, err := newMapping(lang)
			if err != nil {
				t.Fatal(err)
			}
			bleveAn := m.AnalyzerNamed(m.DefaultAnalyzer)
			ta := newTermAnalyzer(bleveAn)
			if ta == nil {
				t.Fatalf("%s: bleve's analyzer is %T, not the kind termAnalyzer knows", lang, bleveAn)
			}
			opts := m.DefaultMapping.Properties[fieldBody].Fields[0].Options()
			texts := analyzerTexts(docs)
			extra := []string{"", "Sockets' and USER's ’s 's", "ÉCOLE États", "a\u0301b и\u0306", "日本語のテキスト 425", "\xff bad"}
			for i, s := range append(texts, extra...) {
				if i < len(texts) {
					if !scanWords([]byte(s), func([]byte, analysis.TokenType) {}) {
						t.Errorf("the real content goes to bleve's tokenizer: %q", firstUnknown(s))
					}
				}
				// Twice: the second time from the memo.
				for range 2 {
					n, got := ta.frequencies([]byte(s), opts)
					tokens := bleveAn.Analyze([]byte(s))
					want := analysis.TokenFrequency(tokens, nil, opts)
					if n != len(tokens) || len(got) != len(want) {
						t.Fatalf("%.60q: %d terms, %d distinct; bleve: %d, %d", s, n, len(got), len(tokens), len(want))
					}
					for term, w := range want {
						g := got[term]
						if g == nil || !bytes.Equal(g.Term, w.Term) || g.Frequency() != w.Frequency() {
							t.Fatalf("%.60q: term %q: got %+v, bleve %+v", s, term, g, w)
						}
					}
				}
			}
			if len(ta.words) == 0 {
				t.Error("nothing remembered")
			}
		})
	}
}

func firstUnknown(s string) string {
	for i, r := range s {
		if classOf(r) == wbUnknown || r == utf8.RuneError {
			return fmt.Sprintf("U+%04X in …%s…", r, s[max(0, i-20):min(len(s), i+20)])
		}
	}
	return "?"
}
