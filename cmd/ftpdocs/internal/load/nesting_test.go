package load

import (
	"strings"
	"testing"
)

func TestCheckNesting(t *testing.T) {
	ok := []string{
		"text\n> quote\n> > nested\n- a\n  - b\n    - c\n1. one\n2. two\n",
		"```\n" + strings.Repeat(" ", 200) + "code is text, however indented\n```\n",
		"2024. A year at the start of a line is not a list unless followed by a space.\n",
	}
	for _, s := range ok {
		if err := checkNesting([]byte(s)); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, tt := range []struct{ src, pos string }{
		{strings.Repeat(">", 100000) + " x", "1:33"},
		{"ok\n" + strings.Repeat("- ", 50) + "x", "2:65"},
		{strings.Repeat("1. ", 40) + "x", "1:97"},
		{"x\n\n" + strings.Repeat("  ", 40) + "- deep", "3:1"},
	} {
		err := checkNesting([]byte(tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.pos+":") {
			t.Errorf("%.20q…: %v, want position %s", tt.src, err, tt.pos)
		}
	}
}
