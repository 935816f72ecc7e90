// Package diag holds the errors a build reports: each names a file and a
// position in it, so that a writer can go straight to the mistake.
//
// The format is go/scanner's: "file:line:col: message". Line and column are
// 1-based; the column counts bytes. A position of 0 means "the whole file"
// (line) or "the whole line" (column) and is left out of the text.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem at one place.
type Error struct {
	File string // slash-separated path from the repository root, e.g. content/en/codes/425.md
	Line int
	Col  int
	Msg  string
}

func (e Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// List collects errors. The zero value is ready to use.
type List []Error

// Add appends an error.
func (l *List) Add(file string, line, col int, format string, args ...any) {
	*l = append(*l, Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Sorted returns the errors ordered by file, line, column and message, with
// exact duplicates removed.
func (l List) Sorted() List {
	out := append(List(nil), l...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	dedup := out[:0]
	for i, e := range out {
		if i > 0 && e == out[i-1] {
			continue
		}
		dedup = append(dedup, e)
	}
	return dedup
}

// Err returns nil for an empty list and the sorted list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sorted()
}

// Error prints one error per line.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
