package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slug turns heading text into an ID: lower-case ASCII words joined by '-'.
//
// Cyrillic is transliterated (see cyrillic), Latin letters lose their
// diacritics, apostrophes vanish without splitting a word ("Can't" → "cant"),
// and every other run of non-alphanumerics becomes one '-'. An empty result is
// "section".
func slug(text string) string {
	var b strings.Builder
	sep := false // a separator is due before the next word character
	word := func(s string) {
		if s == "" {
			return
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteString(s)
	}
	for _, r := range text {
		r = unicode.ToLower(r)
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			word(string(r))
		case r == '\'' || r == '’' || r == 'ʼ' || unicode.Is(unicode.Mn, r):
			// Inside a word: "can't" is one word; a combining mark
			// belongs to the letter before it.
		case r < unicode.MaxASCII:
			sep = true
		default:
			if t, ok := cyrillic[r]; ok {
				if t != "" {
					word(t)
				}
				continue
			}
			if t := latin(r); t != "" {
				word(t)
				continue
			}
			sep = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// cyrillic is a practical transliteration (GOST 7.79 B / ICAO-like, without
// diacritics or apostrophes): "Причины" → "prichiny", "Пользователю" →
// "polzovatelyu". ё is "e" so that the slug does not change when an author
// writes е for ё; the hard and soft signs disappear.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian and Belarusian letters, so that quoted names do not vanish.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
}

// latin returns the ASCII spelling of a non-ASCII letter or digit: its base
// letter without diacritics ("é" → "e"), a few ligatures spelled out, or ""
// when it has none (the letter then separates words).
func latin(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return ""
	}
	var out []byte
	for _, c := range norm.NFKD.String(string(r)) {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			out = append(out, byte(c))
		case 'A' <= c && c <= 'Z':
			out = append(out, byte(c)+'a'-'A')
		case unicode.Is(unicode.Mn, c):
		default:
			return ""
		}
	}
	return string(out)
}

// slugger hands out unique IDs: the first "causes" is "causes", the next
// "causes-1", then "causes-2".
type slugger struct {
	used map[string]bool
}

func (s *slugger) reserve(id string) {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	s.used[id] = true
}

func (s *slugger) unique(base string) string {
	id := base
	for n := 1; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s.reserve(id)
	return id
}

// validID reports whether an explicit heading ID is fit for a URL fragment
// that both languages share: lower-case ASCII letters and digits, words joined
// by single '-' or '_'.
func validID(id string) bool {
	if id == "" {
		return false
	}
	prev := byte('-')
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		case c == '-' || c == '_':
			if prev == '-' || prev == '_' {
				return false
			}
		default:
			return false
		}
		prev = c
	}
	return prev != '-' && prev != '_'
}
