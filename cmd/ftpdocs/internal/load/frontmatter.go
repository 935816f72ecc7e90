package load

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Split separates a Markdown file into its YAML front matter and its body.
//
// The file must start with a line "---" and the front matter ends at the
// next line "---". A UTF-8 byte-order mark is skipped and CRLF line endings
// are accepted. The returned body is the whole file with the front matter
// (and its delimiters) replaced by empty lines, so that line N of body is
// line N of the file (golang/website's parseMeta does the same). fmLine is
// the file line on which the front matter text starts (2).
//
// On failure err is a *PosError with the position of the problem.
func Split(src []byte) (front, body []byte, fmLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if off := invalidUTF8(src); off >= 0 {
		line, col := position(src, off)
		return nil, nil, 0, &PosError{line, col, "the file is not valid UTF-8; save it as UTF-8"}
	}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, nil, 0, &PosError{1, 1, `the file must start with front matter: a line "---", YAML keys (title, summary, …), and another line "---"`}
	}
	off := 0
	for {
		line, tail, found := bytes.Cut(rest[off:], []byte("\n"))
		if string(bytes.TrimRight(line, " \t")) == "---" {
			front = bytes.Clone(rest[:off]) // not a window on src, which can then go
			end := len(src) - len(rest) + off + len(line)
			lines := bytes.Count(src[:end], []byte("\n"))
			body = make([]byte, 0, lines+len(src)-end)
			body = append(body, bytes.Repeat([]byte("\n"), lines)...)
			body = append(body, src[end:]...)
			return front, body, 2, nil
		}
		if !found {
			break
		}
		off = len(rest) - len(tail)
	}
	return nil, nil, 0, &PosError{1, 1, `the front matter is not closed: add a line "---" after the last YAML key`}
}

// PosError is an error at a 1-based line and byte column.
type PosError struct {
	Line, Col int
	Msg       string
}

func (e *PosError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// position converts a byte offset into a 1-based line and byte column.
func position(src []byte, off int) (line, col int) {
	line = 1 + bytes.Count(src[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(src[:off], '\n')
	return line, col
}
