package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestTranscript lexes testdata/transcript/*.txt and compares the tokens with
// the .golden file next to it (go test -update rewrites them).
func TestTranscript(t *testing.T) {
	files, err := filepath.Glob("testdata/transcript/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := dumpTokens(string(in))
			golden := strings.TrimSuffix(file, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("tokens differ from %s:\n--- got\n%s", golden, got)
			}
		})
	}
}

// dumpTokens writes a token per line, the line of the input it starts on,
// its type and its text; line ends are not shown.
func dumpTokens(in string) string {
	var b strings.Builder
	line := 1
	unclosed := lexTranscript(in, func(t chroma.TokenType, s string) {
		if t == chroma.Text && strings.Trim(s, "\r\n") == "" {
			line += strings.Count(s, "\n")
			return
		}
		fmt.Fprintf(&b, "%3d %-17s %q\n", line, t, s)
		line += strings.Count(s, "\n")
	})
	if unclosed >= 0 {
		fmt.Fprintf(&b, "unclosed multi-line reply opened on line %d\n", unclosed+1)
	}
	return b.String()
}

func TestTranscriptUnclosed(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"211-Features:\n EPSV\n211 End\n", -1},
		{"USER a\n211-Features:\n EPSV\n", 1},
		{"211-a\n211-b\n211\n", -1},
		{"211-a\n212 other code\n", 0},
		{"Response:\t211-a\nStatus:\tx\nResponse:\t211 End\n", -1},
		{"< 211-a\n<  EPSV\n", 0},
	} {
		if got := lexTranscript(tt.in, func(chroma.TokenType, string) {}); got != tt.want {
			t.Errorf("lexTranscript(%q) unclosed = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestTranscriptBlock checks that Render reports an unclosed multi-line
// reply at its line.
func TestTranscriptBlock(t *testing.T) {
	src := "Text\n\n```ftp\nFEAT\n211-Features:\n EPSV\n```\n"
	r := Parse([]byte(src)).Render(resolve)
	want := `5:1: multi-line reply "211-" is never closed: end it with a line that starts "211 "`
	if len(r.Errors) != 1 || r.Errors[0].Error() != want {
		t.Errorf("errors = %v, want %s", r.Errors, want)
	}
}

// FuzzTranscript checks that the lexer never panics, emits no empty tokens,
// and that its tokens concatenate back to the input exactly.
func FuzzTranscript(f *testing.F) {
	files, _ := filepath.Glob("testdata/transcript/*.txt")
	for _, file := range files {
		in, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(in))
	}
	f.Fuzz(func(t *testing.T, in string) {
		var b strings.Builder
		lexTranscript(in, func(typ chroma.TokenType, s string) {
			if s == "" {
				t.Fatalf("empty %s token", typ)
			}
			b.WriteString(s)
		})
		if b.String() != in {
			t.Fatalf("tokens concatenate to %q, want %q", b.String(), in)
		}
		it, err := transcriptLexer{}.Tokenise(nil, in)
		if err != nil {
			t.Fatal(err)
		}
		b.Reset()
		for tok := it(); tok != chroma.EOF; tok = it() {
			b.WriteString(tok.Value)
		}
		if b.String() != in {
			t.Fatal("Tokenise differs from lexTranscript")
		}
	})
}
