package check

import "bytes"

// scanTags is a fast path for parse: it finds the start tags of data and
// their attributes exactly as golang.org/x/net/html's Tokenizer reports
// them (StartTagToken and SelfClosingTagToken: tag and attribute names in
// ASCII lower case, the first of two attributes with one name), calling
// tag for each, and skips comments, doctypes, end tags and the raw text of
// script, style, title and the like as the Tokenizer does. The Tokenizer
// reads a byte at a time and allocates for every attribute; this scanner
// jumps to the next '<' and allocates next to nothing: the link check of
// 3,000 pages per language took 0.39–0.54 s of CPU instead of 1.04–1.13 s.
//
// It answers false, and the caller uses the Tokenizer instead, where its
// answer could differ: an attribute value the caller wants (want) that the
// Tokenizer would change (a character reference, a carriage return), a NUL
// anywhere, or a script that contains "<!--" (the Tokenizer's script-escape
// states). Every page of the real site and of the generated ones takes the
// fast path. tag may have been called for earlier tags by then.
// FuzzScanTags compares the two on any input.
func scanTags(data []byte, want func(tag, key []byte) bool, tag func(name []byte, attrs []attr)) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return false // the Tokenizer replaces NULs in names and values
	}
	var (
		s     = scanner{data: data}
		attrs []attr
	)
	for {
		j := bytes.IndexByte(data[s.i:], '<')
		if j < 0 {
			return true
		}
		s.i += j + 1
		if s.i >= len(data) {
			return true
		}
		switch c := data[s.i]; {
		case isLetter(c):
			name, as, ok := s.readTag(attrs[:0])
			if !ok {
				return true // the document ends inside the tag: no token
			}
			attrs = as
			name = lowered(name)
			for _, a := range attrs {
				if want(name, a.key) && bytes.ContainsAny(a.val, "&\r") {
					return false
				}
			}
			tag(name, attrs)
			if !s.skipRaw(name) {
				return false
			}
		case c == '/':
			s.i++
			if s.i >= len(data) {
				return true
			}
			switch c := data[s.i]; {
			case c == '>':
				s.i++
			case isLetter(c):
				if _, _, ok := s.readTag(nil); !ok {
					return true
				}
			default: // a bogus comment, to the next '>'
				if !s.past('>') {
					return true
				}
			}
		case c == '!':
			s.i++
			if s.i+2 <= len(data) && data[s.i] == '-' && data[s.i+1] == '-' {
				s.i += 2
				if !s.skipComment() {
					return true
				}
			} else if !s.past('>') { // a doctype or a bogus comment
				return true
			}
		case c == '?':
			if !s.past('>') {
				return true
			}
		default:
			// Not a tag: the '<' is text, and c is read again (it may be '<').
		}
	}
}

// attr is an attribute of a start tag, as slices of the scanned data.
type attr struct{ key, val []byte }

type scanner struct {
	data []byte
	i    int // the next byte to read
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

// lowered is b in ASCII lower case: b itself, or a copy if it has capitals
// (the scanned page is not changed).
func lowered(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			out := bytes.Clone(b)
			for j := i; j < len(out); j++ {
				if c := out[j]; 'A' <= c && c <= 'Z' {
					out[j] = c + 'a' - 'A'
				}
			}
			return out
		}
	}
	return b
}

// past moves past the next c; false at the end of the data.
func (s *scanner) past(c byte) bool {
	j := bytes.IndexByte(s.data[s.i:], c)
	if j < 0 {
		s.i = len(s.data)
		return false
	}
	s.i += j + 1
	return true
}

// skipSpace skips white space; false at the end of the data.
func (s *scanner) skipSpace() bool {
	for s.i < len(s.data) && isSpace(s.data[s.i]) {
		s.i++
	}
	return s.i < len(s.data)
}

// readTag reads a tag from its name (s.i at its first letter) to its '>',
// as the Tokenizer's readTag does, appending its attributes to attrs (their
// names in ASCII lower case, the first of two with one name); the caller
// lower-cases the tag's name. ok is false if the data ends first.
func (s *scanner) readTag(attrs []attr) (name []byte, _ []attr, ok bool) {
	d := s.data
	start := s.i
	for s.i++; ; s.i++ {
		if s.i >= len(d) {
			return nil, nil, false
		}
		if c := d[s.i]; isSpace(c) {
			name = d[start:s.i]
			s.i++
			break
		} else if c == '/' || c == '>' {
			name = d[start:s.i]
			break
		}
	}
	if !s.skipSpace() {
		return nil, nil, false
	}
	for {
		if d[s.i] == '>' {
			s.i++
			return name, attrs, true
		}
		// The attribute's name: an '=' is part of it only as its first
		// character.
		ks := s.i
		for s.i++; s.i < len(d); s.i++ {
			if c := d[s.i]; isSpace(c) || c == '/' || c == '>' || c == '=' {
				break
			}
		}
		if c := d[ks]; c == '/' || c == '>' || isSpace(c) {
			s.i = ks // an empty name
		}
		if s.i >= len(d) {
			return nil, nil, false
		}
		key := d[ks:s.i]
		// Its value.
		var val []byte
		if !s.skipSpace() {
			return nil, nil, false
		}
		switch d[s.i] {
		case '/':
			s.i++
		case '=':
			s.i++
			if !s.skipSpace() {
				return nil, nil, false
			}
			switch q := d[s.i]; q {
			case '>':
			case '\'', '"':
				s.i++
				vs := s.i
				if !s.past(q) {
					return nil, nil, false
				}
				val = d[vs : s.i-1]
			default:
				vs := s.i
				for s.i++; s.i < len(d) && !isSpace(d[s.i]) && d[s.i] != '>'; s.i++ {
				}
				if s.i >= len(d) {
					return nil, nil, false
				}
				val = d[vs:s.i]
				if d[s.i] != '>' {
					s.i++
				}
			}
		}
		if len(key) > 0 {
			key = lowered(key)
			seen := false
			for _, a := range attrs {
				if bytes.Equal(a.key, key) {
					seen = true
					break
				}
			}
			if !seen {
				attrs = append(attrs, attr{key, val})
			}
		}
		if !s.skipSpace() {
			return nil, nil, false
		}
	}
}

// skipComment moves past the end of a comment whose "<!--" was read, with
// the Tokenizer's rules ("-->", "--!>", and "<!-->" or "<!--->" as an
// empty comment); false at the end of the data.
func (s *scanner) skipComment() bool {
	d := s.data
	dashes, beginning := 0, true
	for s.i < len(d) {
		c := d[s.i]
		s.i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return true
			}
		case '!':
			if dashes >= 2 {
				if s.i >= len(d) {
					return false
				}
				c = d[s.i]
				s.i++
				if c == '>' {
					return true
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return false
}

// equalASCIIFold reports whether b is the lower-case ASCII name in either
// case, letter by letter, as the Tokenizer compares end tags.
func equalASCIIFold(b, name []byte) bool {
	for i, c := range b {
		if c != name[i] && c != name[i]-('a'-'A') {
			return false
		}
	}
	return true
}

// rawText lists the elements whose content the Tokenizer reads as text, up
// to their end tag.
var rawText = map[string]bool{
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
}

// skipRaw moves past the content of a raw text element whose start tag was
// read, to its end tag; false where the Tokenizer could read a script
// differently.
func (s *scanner) skipRaw(name []byte) bool {
	if !rawText[string(name)] {
		return true
	}
	d := s.data
	if string(name) == "plaintext" {
		s.i = len(d)
		return true
	}
	start := s.i
	for j := s.i; ; {
		k := bytes.Index(d[j:], []byte("</"))
		if k < 0 {
			s.i = len(d)
			break
		}
		end := j + k
		if p := end + 2; p+len(name) < len(d) && equalASCIIFold(d[p:p+len(name)], name) {
			if c := d[p+len(name)]; isSpace(c) || c == '/' || c == '>' {
				s.i = end
				break
			}
		}
		j = end + 2
	}
	return string(name) != "script" || !bytes.Contains(d[start:s.i], []byte("<!--"))
}
