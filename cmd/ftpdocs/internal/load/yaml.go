package load

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// meta is parsed front matter: the YAML tree, kept for the positions of
// keys and values, and the file line on which the front matter starts.
type meta struct {
	root   ast.Node // the document body; nil for empty front matter
	fmLine int

	// decoded keeps what decode gave for each type, since a Memo shares a
	// meta between Loads: the same tree always decodes to the same value.
	mu      sync.Mutex
	decoded map[reflect.Type]decoded
}

type decoded struct {
	v   reflect.Value // a copy of the decoded struct
	err error
}

// parseMeta parses front matter text. Errors carry file positions.
func parseMeta(front []byte, fmLine int) (*meta, error) {
	f, err := parser.ParseBytes(front, 0)
	if err != nil {
		return nil, yamlError(err, fmLine)
	}
	m := &meta{fmLine: fmLine}
	if len(f.Docs) > 0 && f.Docs[0].Body != nil {
		m.root = f.Docs[0].Body
	}
	if m.root != nil {
		if _, ok := m.root.(*ast.MappingNode); !ok {
			if _, ok := m.root.(*ast.MappingValueNode); !ok {
				line, col := m.nodePos(m.root)
				return nil, &PosError{line, col, "front matter must be YAML keys and values (title: …, summary: …)"}
			}
		}
	}
	return m, nil
}

// decode fills v (a pointer to a struct with yaml tags) from the front
// matter; unknown keys, duplicate keys and wrong types are errors.
//
// The value is decoded once per type and copied after that; the loader
// only reads the maps and slices in it, which the copies share.
func (m *meta) decode(v any) error {
	if m.root == nil {
		return nil
	}
	dst := reflect.ValueOf(v).Elem()
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.decoded[dst.Type()]; ok {
		dst.Set(d.v)
		return d.err
	}
	var err error
	if derr := yaml.NodeToValue(m.root, v, yaml.DisallowUnknownField()); derr != nil {
		err = yamlError(derr, m.fmLine)
	}
	if m.decoded == nil {
		m.decoded = map[reflect.Type]decoded{}
	}
	c := reflect.New(dst.Type()).Elem()
	c.Set(dst)
	m.decoded[dst.Type()] = decoded{v: c, err: err}
	return err
}

// keys returns the top-level keys with their positions, in file order.
func (m *meta) keys() []keyPos {
	var out []keyPos
	for _, mv := range mappingValues(m.root) {
		line, col := m.nodePos(mv.Key)
		out = append(out, keyPos{mv.Key.GetToken().Value, line, col})
	}
	return out
}

type keyPos struct {
	name      string
	line, col int
}

// pos returns the position of the value at a path of mapping keys and
// sequence indexes ("related", "426"), or of the closest existing parent.
// With no path it is the start of the front matter.
func (m *meta) pos(path ...any) (line, col int) {
	node := m.root
	line, col = m.fmLine, 1
	if node == nil {
		return line, col
	}
	line, col = m.nodePos(node)
	for _, p := range path {
		var next ast.Node
		switch p := p.(type) {
		case string:
			for _, mv := range mappingValues(node) {
				if mv.Key.GetToken().Value == p {
					next = mv.Value
					line, col = m.nodePos(mv.Key)
				}
			}
		case int:
			if seq, ok := node.(*ast.SequenceNode); ok && p < len(seq.Values) {
				next = seq.Values[p]
				line, col = m.nodePos(next)
			}
		}
		if next == nil {
			break
		}
		node = next
	}
	return line, col
}

// valuePos returns the position of a top-level key's value.
func (m *meta) valuePos(key string) (line, col int) {
	for _, mv := range mappingValues(m.root) {
		if mv.Key.GetToken().Value == key && mv.Value != nil {
			return m.nodePos(mv.Value)
		}
	}
	return m.pos(key)
}

func (m *meta) nodePos(n ast.Node) (line, col int) {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return m.fmLine, 1
	}
	return tk.Position.Line + m.fmLine - 1, tk.Position.Column
}

func mappingValues(n ast.Node) []*ast.MappingValueNode {
	switch n := n.(type) {
	case *ast.MappingNode:
		return n.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}
	}
	return nil
}

var alreadyDefined = regexp.MustCompile(`mapping key (".*?") already defined at \[(\d+):(\d+)\]`)

// yamlError turns a go-yaml error into a PosError with a file position and
// a message for a writer rather than a programmer.
func yamlError(err error, fmLine int) error {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return &PosError{fmLine, 1, "front matter: " + err.Error()}
	}
	line, col := fmLine, 1
	if tk := ye.GetToken(); tk != nil && tk.Position != nil {
		line, col = tk.Position.Line+fmLine-1, tk.Position.Column
	}
	msg := ye.GetMessage()
	var uf *yaml.UnknownFieldError
	var te *yaml.TypeError
	var dk *yaml.DuplicateKeyError
	switch {
	case errors.As(err, &uf):
		msg = strings.Replace(msg, "unknown field", "unknown front matter key", 1)
	case errors.As(err, &te):
		msg = typeMessage(te)
	case errors.As(err, &dk):
		msg = strings.Replace(msg, "duplicate key", "duplicate front matter key", 1)
	default:
		if m := alreadyDefined.FindStringSubmatch(msg); m != nil {
			first, _ := strconv.Atoi(m[2])
			msg = fmt.Sprintf("duplicate front matter key %s (first given on line %d): keep one", m[1], first+fmLine-1)
			break
		}
		msg = "invalid YAML in front matter: " + msg
		if strings.Contains(msg, "mapping value is not allowed") {
			msg += ` (put text that contains ": " in quotes: summary: "…")`
		}
	}
	return &PosError{line, col, msg}
}

func typeMessage(te *yaml.TypeError) string {
	want := te.DstType.String()
	switch want {
	case "string":
		want = "text"
	case "int":
		want = "a whole number"
	case "[]int":
		want = "a list of codes, e.g. [200, 500]"
	case "[]load.source":
		want = "a list of sources (- rfc: 959 / section: \"4.2.2\")"
	}
	got := "this value"
	if tk := te.Token; tk != nil && tk.Value != "" {
		got = fmt.Sprintf("%q", tk.Value)
	}
	if te.StructFieldName != nil {
		field := *te.StructFieldName
		field = strings.ToLower(field[strings.LastIndex(field, ".")+1:])
		return fmt.Sprintf("wrong type for %s: %s is not %s", field, got, want)
	}
	return fmt.Sprintf("wrong type: %s is not %s", got, want)
}
