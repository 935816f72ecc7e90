package search

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzCollapseSpace checks collapseSpace against its definition.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", " a", "a ", "a b", "a  b", " a b ", "a\tb", "a\u00a0b",
		"a \u3000 b", "\u2028", "x\xffy z", "\xff \xfe", "обычный текст без лишних пробелов",
		"line one\nline two\n\n  indented", "a \n", "  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
		if got := collapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
