package load

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Memo keeps the parsed front matter of one Load for the next, so that a
// rebuild after a save parses only the files whose front matter changed.
// A parse depends only on the front matter's bytes and the line it starts
// on, and the YAML tree is never changed after parsing, so a reused parse
// is the one a fresh Load would make. Entries the last Load did not use
// are dropped. A Memo is used by one Load at a time.
type Memo struct {
	mu        sync.Mutex
	prev, cur map[[32]byte]*meta
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{} }

func (m *Memo) begin() {
	if m != nil {
		m.cur = map[[32]byte]*meta{}
	}
}

func (m *Memo) end() {
	if m != nil {
		m.prev, m.cur = m.cur, nil
	}
}

// parse is parseMeta, reusing the previous Load's result.
func (m *Memo) parse(front []byte, fmLine int) (*meta, error) {
	if m == nil {
		return parseMeta(front, fmLine)
	}
	h := sha256.New()
	var line [8]byte
	binary.LittleEndian.PutUint64(line[:], uint64(fmLine))
	h.Write(line[:])
	h.Write(front)
	var key [32]byte
	h.Sum(key[:0])

	m.mu.Lock()
	md, ok := m.prev[key]
	m.mu.Unlock()
	if !ok {
		var err error
		if md, err = parseMeta(front, fmLine); err != nil {
			return nil, err
		}
	}
	m.mu.Lock()
	m.cur[key] = md
	m.mu.Unlock()
	return md, nil
}
