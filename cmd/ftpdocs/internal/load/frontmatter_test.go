package load

import (
	"bytes"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		name, src, front, body, err string
	}{
		{"simple", "---\ntitle: x\n---\nbody\n", "title: x\n", "\n\n\nbody\n", ""},
		{"crlf", "---\r\ntitle: x\r\n---\r\nbody\r\n", "title: x\n", "\n\n\nbody\n", ""},
		{"bom", "\uFEFF---\ntitle: x\n---\nbody", "title: x\n", "\n\n\nbody", ""},
		{"empty front", "---\n---\nbody", "", "\n\nbody", ""},
		{"no body", "---\ntitle: x\n---", "title: x\n", "\n\n", ""},
		{"trailing spaces on delimiters", "---  \ntitle: x\n--- \nb", "title: x\n", "\n\n\nb", ""},
		{"dashes inside a value", "---\ntitle: a---b\n---\nb", "title: a---b\n", "\n\n\nb", ""},
		{"no front matter", "# Title\n", "", "", "1:1: the file must start with front matter"},
		{"empty file", "", "", "", "1:1: the file must start with front matter"},
		{"not closed", "---\ntitle: x\nbody\n", "", "", "1:1: the front matter is not closed"},
		{"invalid utf-8", "---\ntitle: \xff\n---\n", "", "", "2:8: the file is not valid UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			front, body, _, err := Split([]byte(tt.src))
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("err = %v, want prefix %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(front) != tt.front || string(body) != tt.body {
				t.Errorf("Split = %q, %q; want %q, %q", front, body, tt.front, tt.body)
			}
		})
	}
}

// FuzzSplit checks that Split never panics and that the body keeps the
// file's line numbering: the body has as many lines as the file, and the
// text after the front matter is unchanged.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nbody\n", "---\r\na: b\r\n---\r\n", "\uFEFF---\n---\n", "---\n", "", "x\n---\n",
		"---\ntitle: \"a: b\"\nrelated:\n  \"426\": x\n---\n## Causes {#causes}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, _, err := Split(src)
		if err != nil {
			if _, ok := err.(*PosError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		norm := bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\uFEFF")), []byte("\r\n"), []byte("\n"))
		if got, want := bytes.Count(body, []byte("\n")), bytes.Count(norm, []byte("\n")); got != want {
			t.Fatalf("body has %d newlines, file has %d", got, want)
		}
		if !bytes.HasSuffix(norm, bytes.TrimLeft(body, "\n")) {
			t.Fatalf("body %q is not the end of the file", body)
		}
		if !bytes.Contains(norm, front) {
			t.Fatalf("front %q is not in the file", front)
		}
	})
}
