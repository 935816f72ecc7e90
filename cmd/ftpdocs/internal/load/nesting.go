package load

import (
	"bytes"
	"fmt"
)

// MaxNesting bounds how deeply block quotes and lists may nest. goldmark's
// time grows with the square of the depth (100,000 nested ">" take half a
// minute), and no reference page needs more than a few levels.
const MaxNesting = 32

// checkNesting returns an error at the first line whose block quotes and
// list items nest deeper than MaxNesting, counting both markers on the
// line ("> > - ") and indentation (a nested list item is indented by at
// least two columns per level). Lines inside fenced code blocks are text,
// not structure, and are skipped.
func checkNesting(body []byte) *PosError {
	line := 0
	fence := []byte(nil)
	for len(body) > 0 {
		line++
		var l []byte
		l, body, _ = bytes.Cut(body, []byte("\n"))
		trimmed := bytes.TrimLeft(l, " \t")
		if fence != nil {
			if bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
			continue
		}
		if bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")) {
			fence = trimmed[:3]
			continue
		}
		col := len(l) - len(trimmed)
		depth := col / 2
		if depth > MaxNesting {
			return tooDeep(line, 1)
		}
		for col < len(l) {
			c, start := l[col], col
			switch {
			case c == ' ' || c == '\t':
				col++
				continue
			case c == '>':
				col++
			case (c == '-' || c == '*' || c == '+') && col+1 < len(l) && (l[col+1] == ' ' || l[col+1] == '\t'):
				col += 2
			case c >= '0' && c <= '9':
				end := col
				for end < len(l) && end-col < 9 && l[end] >= '0' && l[end] <= '9' {
					end++
				}
				if !(end+1 < len(l) && (l[end] == '.' || l[end] == ')') && (l[end+1] == ' ' || l[end+1] == '\t')) {
					col = len(l)
					continue
				}
				col = end + 2
			default:
				col = len(l)
				continue
			}
			if depth++; depth > MaxNesting {
				return tooDeep(line, start+1)
			}
		}
	}
	return nil
}

func tooDeep(line, col int) *PosError {
	return &PosError{line, col, fmt.Sprintf("block quotes and lists nest more than %d levels deep here: flatten the structure", MaxNesting)}
}
