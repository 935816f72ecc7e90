package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize prepares text for analysis, on the index side and the query
// side alike:
//
//   - invalid UTF-8 becomes U+FFFD;
//   - the text is put in Unicode NFC;
//   - ё and Ё are folded to е and Е, so that "учётная" and "учетная" are one
//     word (Russian writers use ё inconsistently, and bleve's Snowball
//     Russian stemmer does not know it);
//   - the few capitals whose lower case is shorter in UTF-8 (İ, ẞ, Ɫ, …) are
//     lowered: after one of them bleve's to_lower filter stops moving the
//     bytes of letters that are already lower case and corrupts the rest of
//     the word ("İstanbul" becomes "i\xb0stanbu"), so they never reach it.
//
// Folding can make a new composition possible ("ё" + U+0308 becomes "е" +
// U+0308, which NFC composes to "ё"), so the steps repeat until nothing
// changes: the result is a fixed point, which makes Normalize idempotent.
// The JS client's normalize does the same.
func Normalize(s string) string {
	if t, ok := foldSimple(s); ok {
		return t
	}
	if utf8.ValidString(s) && !strings.ContainsAny(s, folder().chars) && norm.NFC.IsNormalString(s) {
		return s
	}
	return normalizeFully(s)
}

// normalizeFully is Normalize's whole algorithm, without its shortcuts.
func normalizeFully(s string) string {
	f := folder()
	s = strings.ToValidUTF8(s, "\uFFFD")
	for {
		t := f.Replace(norm.NFC.String(s))
		if t == s {
			return s
		}
		s = t
	}
}

// shrinking lists the runes whose unicode.ToLower is shorter in UTF-8.
func shrinking() [][2]rune {
	var out [][2]rune
	for _, cr := range unicode.CaseRanges {
		for r := rune(cr.Lo); r <= rune(cr.Hi); r++ {
			if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) < utf8.RuneLen(r) {
				out = append(out, [2]rune{r, l})
			}
		}
	}
	return out
}

// fold replaces the characters Normalize folds.
type fold struct {
	*strings.Replacer
	chars string
}

var folder = sync.OnceValue(func() fold {
	pairs := []string{"ё", "е", "Ё", "Е"}
	chars := "ёЁ"
	for _, p := range shrinking() {
		pairs = append(pairs, string(p[0]), string(p[1]))
		chars += string(p[0])
	}
	return fold{strings.NewReplacer(pairs...), chars}
})

// foldSimple folds s in one pass if s is "simple": valid UTF-8 made only of
// simple runes, each alone in NFC and none combining with a rune before it
// (a combining mark, a Hangul vowel or final consonant), so that no
// composition can happen in s, nor after folding, whose replacements are
// simple too (TestSimpleRunes). Such a string is in NFC as it is, and one
// folding is the fixed point the loop of Normalize would reach. Most text
// on the site is simple (Latin, Cyrillic, punctuation), and this check is
// much cheaper than norm's. ok is false for any other string; foldSimple
// copies s only if a rune folds.
func foldSimple(s string) (string, bool) {
	t, f := simpleRunes(), simpleFolds()
	var b []byte // nil until a rune folds
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if b != nil {
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || int(r) >= len(t) || !t[r] {
			return "", false
		}
		if to := f[r]; to != 0 {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			b = utf8.AppendRune(b, to)
		} else if b != nil {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	if b == nil {
		return s, true
	}
	return string(b), true
}

// simpleFolds maps each rune below U+2200 that Normalize folds to what it
// folds to (one rune, TestSimpleRunes), and the others to 0.
var simpleFolds = sync.OnceValue(func() []rune {
	t := make([]rune, len(simpleRunes()))
	f := folder()
	for _, r := range f.chars {
		if int(r) < len(t) {
			to := []rune(f.Replace(string(r)))
			if len(to) != 1 {
				panic("search: a folding that is not one rune")
			}
			t[r] = to[0]
		}
	}
	return t
})

// simpleRunes tells, for the runes below U+2200 (Latin, Greek, Cyrillic,
// general punctuation, letterlike symbols), which are simple.
var simpleRunes = sync.OnceValue(func() []bool {
	t := make([]bool, 0x2200)
	for r := range rune(len(t)) {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		t[r] = p.BoundaryBefore() && p.CCC() == 0 && norm.NFC.IsNormalString(s) && norm.NFD.PropertiesString(s).CCC() == 0
	}
	return t
})
