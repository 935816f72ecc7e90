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
	f := folder()
	if utf8.ValidString(s) && !strings.ContainsAny(s, f.chars) && norm.NFC.IsNormalString(s) {
		return s
	}
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
