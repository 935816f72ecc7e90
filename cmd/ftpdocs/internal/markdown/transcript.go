package markdown

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// The token types of an FTP transcript. Chroma has no types of its own for
// FTP, so the lexer borrows the generic ones; highlight.css gives them their
// meaning.
const (
	tokCommand = chroma.Keyword       // USER, PASV, EPSV
	tokArgs    = chroma.LiteralString // "anna", "/pub/file.txt"
	tokText    = chroma.Text          // reply text, separators, line ends
	tokOutput  = chroma.GenericOutput // client output: "ftp: connect: Connection refused"
	tokPrompt  = chroma.GenericPrompt // "ftp> ", "Command:\t", "> ", "< "
	tokError   = chroma.GenericError  // FileZilla "Error:" lines
	tokComment = chroma.CommentSingle // "# the client now opens the data connection"
)

// replyTypes maps a reply's class digit to the token type of its code.
var replyTypes = [...]chroma.TokenType{
	'1': chroma.GenericSubheading, // 1xx positive preliminary  → class "gu"
	'2': chroma.GenericInserted,   // 2xx positive completion   → class "gi"
	'3': chroma.GenericEmph,       // 3xx positive intermediate → class "ge"
	'4': chroma.GenericStrong,     // 4xx transient negative    → class "gs"
	'5': chroma.GenericDeleted,    // 5xx permanent negative    → class "gd"
	'6': chroma.GenericUnderline,  // 6xx protected (RFC 2228)  → class "gl"
}

// transcriptLexer is the chroma lexer for ```ftp blocks: FTP session
// transcripts. It is not registered with chroma's global registry; lexerFor
// hands it out for the language "ftp".
//
// Each line is one of:
//
//   - a server reply: three digits, the first 1–6, then ' ', '-' or the end
//     of the line. "NNN-" opens a multi-line reply; every following line is
//     reply text (even " MDTM", even "USER") until a line starting "NNN "
//     with the same code (RFC 959 §4.2);
//   - a client command: the first word is 2–4 upper-case ASCII letters
//     ("USER anna", "REST 100", "EPSV");
//   - a comment: the line starts with '#';
//   - client output: anything else ("ftp: connect: Connection refused").
//
// A line may start with a prefix that says who speaks: FileZilla's
// "Command:", "Response:", "Status:", "Trace:" and "Error:" (followed by a
// tab or spaces); curl's and Windows ftp's "> " and "< "; BSD ftp's and
// lftp's "---> " and "<--- "; and the "ftp> " prompt, after which comes what
// the user typed. "Command:" and "ftp> " lines are commands whatever their
// case; "> " and "---> " lines are commands when they look like one and
// client output otherwise (Windows ftp prints "> ftp: connect :…").
type transcriptLexer struct{}

func (transcriptLexer) Config() *chroma.Config {
	return &chroma.Config{Name: "FTP transcript", Aliases: []string{"ftp"}}
}

func (l transcriptLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	var tokens []chroma.Token
	lexTranscript(text, func(t chroma.TokenType, s string) {
		tokens = append(tokens, chroma.Token{Type: t, Value: s})
	})
	return chroma.Literator(tokens...), nil
}

func (l transcriptLexer) SetRegistry(*chroma.LexerRegistry) chroma.Lexer { return l }
func (l transcriptLexer) SetAnalyser(func(string) float32) chroma.Lexer  { return l }
func (transcriptLexer) AnalyseText(string) float32                       { return 0 }

// lexTranscript calls emit for each token of text, in order; the token values
// are never empty and concatenate to text. It returns the 0-based number of
// the line that opened a multi-line reply that is never closed, or -1.
func lexTranscript(text string, emit func(chroma.TokenType, string)) (unclosed int) {
	l := transcript{emit: func(t chroma.TokenType, s string) {
		if s != "" {
			emit(t, s)
		}
	}}
	for n := 0; text != ""; n++ {
		line, eol := text, ""
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, eol, text = text[:i], "\n", text[i+1:]
			if strings.HasSuffix(line, "\r") {
				line, eol = line[:len(line)-1], "\r\n"
			}
		} else {
			text = ""
		}
		l.line(line, n)
		l.emit(tokText, eol)
	}
	if l.multi != "" {
		return l.opened
	}
	return -1
}

// A role says how the rest of a line is read after its prefix.
type role int

const (
	roleAuto    role = iota // no prefix: decide by the line's shape
	roleCommand             // FileZilla "Command:", the "ftp> " prompt
	roleClient              // "> ", "---> ": a command if it looks like one
	roleReply               // FileZilla "Response:", "< ", "<--- "
	roleOutput              // FileZilla "Status:", "Trace:"
	roleError               // FileZilla "Error:"
)

type transcript struct {
	emit   func(chroma.TokenType, string)
	multi  string // code of the open multi-line reply, or ""
	opened int    // line that opened it
}

func (l *transcript) line(s string, n int) {
	p, r := linePrefix(s)
	if p != "" {
		t := tokPrompt
		if r == roleError {
			t = tokError
		}
		l.emit(t, p)
		s = s[len(p):]
	}
	switch r {
	case roleCommand:
		l.command(s)
	case roleClient:
		if isCommand(s) {
			l.command(s)
		} else {
			l.emit(tokOutput, s)
		}
	case roleReply:
		l.reply(s, n)
	case roleOutput:
		l.emit(tokOutput, s)
	case roleError:
		l.emit(tokError, s)
	default:
		switch {
		case l.multi != "" || replyCode(s) != "":
			l.reply(s, n)
		case strings.HasPrefix(s, "#"):
			l.emit(tokComment, s)
		case isCommand(s):
			l.command(s)
		default:
			l.emit(tokOutput, s)
		}
	}
}

// reply lexes a reply line, or a continuation line of a multi-line reply.
func (l *transcript) reply(s string, n int) {
	code := replyCode(s)
	if code == "" || l.multi != "" && code != l.multi {
		l.emit(tokText, s)
		return
	}
	l.emit(replyTypes[code[0]], code)
	l.emit(tokText, s[3:])
	more := len(s) > 3 && s[3] == '-'
	switch {
	case l.multi == "" && more:
		l.multi, l.opened = code, n
	case l.multi != "" && !more:
		l.multi = ""
	}
}

// command lexes "WORD args": the word, then the arguments.
func (l *transcript) command(s string) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		l.emit(tokCommand, s)
		return
	}
	l.emit(tokCommand, s[:i])
	rest := s[i:]
	args := strings.TrimLeft(rest, " \t")
	l.emit(tokText, rest[:len(rest)-len(args)])
	l.emit(tokArgs, args)
}

// replyCode returns the reply code that starts s ("211" for "211-Features:"),
// or "" if s does not start with a reply.
func replyCode(s string) string {
	if len(s) < 3 || s[0] < '1' || s[0] > '6' || !isDigit(s[1]) || !isDigit(s[2]) {
		return ""
	}
	if len(s) > 3 && s[3] != ' ' && s[3] != '-' {
		return ""
	}
	return s[:3]
}

// isCommand reports whether the first word of s is an FTP command: 2–4
// upper-case ASCII letters followed by a space, a tab or the end of the line.
func isCommand(s string) bool {
	n := 0
	for n < len(s) && 'A' <= s[n] && s[n] <= 'Z' {
		n++
	}
	return 2 <= n && n <= 4 && (n == len(s) || s[n] == ' ' || s[n] == '\t')
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// fileZilla lists the labels of FileZilla's message log.
var fileZilla = []struct {
	label string
	role  role
}{
	{"Command:", roleCommand},
	{"Response:", roleReply},
	{"Status:", roleOutput},
	{"Trace:", roleOutput},
	{"Error:", roleError},
}

// linePrefix returns the prefix of s that says who speaks, and how to read
// the rest of the line.
func linePrefix(s string) (string, role) {
	for _, p := range [...]struct {
		s string
		r role
	}{
		{"ftp> ", roleCommand},
		{"---> ", roleClient},
		{"<--- ", roleReply},
		{"> ", roleClient},
		{"< ", roleReply},
	} {
		if strings.HasPrefix(s, p.s) {
			return p.s, p.r
		}
	}
	if s == "ftp>" {
		return s, roleCommand
	}
	for _, f := range fileZilla {
		if !strings.HasPrefix(s, f.label) {
			continue
		}
		n := len(f.label)
		switch {
		case n == len(s):
		case s[n] == '\t':
			n++ // FileZilla's one tab; what follows it is the message, " EPSV" too
		case s[n] == ' ':
			n = len(s) - len(strings.TrimLeft(s[n:], " ")) // copied with spaces
		default:
			continue // "Error:foo" is not FileZilla's
		}
		return s[:n], f.role
	}
	return "", roleAuto
}
