package search

import (
	"slices"
	"sync"
)

// exportMemo is what an Export encoded, kept for the next Export of the
// same index. Update drops what a change can affect: every term of the old
// and the new version of a changed document, and its doc-table row; any
// document added or removed renumbers the documents and drops it all.
// TestUpdateMatchesBuild checks that an export after updates is
// byte-identical to one of an index built afresh.
type exportMemo struct {
	ids   []string            // the export's documents, in export order
	terms map[string]*termEnc // encoded postings by term
	rows  map[string]docEnc   // doc-table row and text by bleve document ID
}

// termEnc is one term's encoded postings in the title, body and code fields.
type termEnc struct {
	title, body   string
	code          string // "" when no code page has the term
	nTitle, nBody int    // number of documents in title and body
}

// docEnc is one document's row of the doc table and its text as JSON.
type docEnc struct {
	row  []string
	text []byte
}

// memoState is the part of an Index that Export and Update share.
type memoState struct {
	mu   sync.Mutex
	memo *exportMemo
	// docs are the documents as indexed, by ID, so that Update knows the
	// terms of a document's old version; nil for an index opened from
	// disk, which Update then exports afresh.
	docs map[string]Doc
	// terms holds the terms of the documents an Update analysed, as
	// indexed now, so that the next change of one need not analyse its
	// old version again.
	terms map[string][]string
}

// takeMemo returns the memo if it was made for these documents in this
// order, or an empty one.
func (ix *Index) takeMemo(ids []string) *exportMemo {
	ix.m.mu.Lock()
	defer ix.m.mu.Unlock()
	if m := ix.m.memo; m != nil && slices.Equal(m.ids, ids) {
		return m
	}
	return &exportMemo{}
}

func (ix *Index) keepMemo(m *exportMemo) {
	ix.m.mu.Lock()
	defer ix.m.mu.Unlock()
	ix.m.memo = m
}

// forget drops from the memo what replacing and removing documents can
// change, and records the new versions.
func (ix *Index) forget(docs []Doc, removed []string) {
	ix.m.mu.Lock()
	defer ix.m.mu.Unlock()
	m := ix.m.memo
	if ix.m.docs == nil {
		ix.m.memo = nil
		return
	}
	renumbered := false
	for _, id := range removed {
		if _, ok := ix.m.docs[id]; ok {
			renumbered = true
			delete(ix.m.docs, id)
			delete(ix.m.terms, id)
		}
	}
	for _, d := range docs {
		old, ok := ix.m.docs[d.ID]
		ix.m.docs[d.ID] = d
		if !ok {
			renumbered = true
			continue
		}
		if m == nil || renumbered {
			delete(ix.m.terms, d.ID)
			continue
		}
		delete(m.rows, bleveID(d.ID))
		before, ok := ix.m.terms[d.ID]
		if !ok {
			before = ix.termsOf(old)
		}
		after := ix.termsOf(d)
		if ix.m.terms == nil {
			ix.m.terms = map[string][]string{}
		}
		ix.m.terms[d.ID] = after
		for _, terms := range [][]string{before, after} {
			for _, t := range terms {
				delete(m.terms, t)
			}
		}
	}
	if renumbered {
		ix.m.memo = nil
	}
}

// termsOf lists the terms a document has in the title, body and code
// fields, analysed as fields() has bleve analyse them.
func (ix *Index) termsOf(d Doc) []string {
	f := fields(d)
	terms := ix.analyze(f[fieldTitle].(string))
	terms = append(terms, ix.analyze(f[fieldBody].(string))...)
	if d.Code != "" {
		terms = append(terms, d.Code)
	}
	return terms
}
