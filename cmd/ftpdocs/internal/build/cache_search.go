package build

import (
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/search"
)

// maxUpdates is how many in-place updates an index takes before the cache
// builds it afresh: each update adds a segment to the bleve index, and
// searching and exporting slow down as they accumulate.
const maxUpdates = 32

// searchState is what the cache keeps of one language's search index.
type searchState struct {
	ix      *search.Index
	docs    map[string][32]byte // ID → hash of the document as indexed
	eopt    search.ExportOptions
	export  search.Export
	updates int
}

// retiredIndex is an index the cache replaced: a search that the previous
// site started may still read it, so it is closed two builds later.
type retiredIndex struct {
	ix  *search.Index
	gen int
}

// index returns the index and export of one language for docs: the kept
// ones if no document changed, the kept index updated in place if some
// did, or a new one.
func (c *Cache) index(lang site.Lang, docs []search.Doc, eopt search.ExportOptions) (*search.Index, search.Export, error) {
	eopt.Incremental = true
	hashes := make(map[string][32]byte, len(docs))
	for _, d := range docs {
		hashes[d.ID] = hash([]byte(d.ID), []byte(d.URL), []byte(d.Title), []byte(d.Summary), []byte(d.Body), []byte(d.Code))
	}
	c.mu.Lock()
	st := c.search[lang]
	c.mu.Unlock()

	if st != nil && st.eopt == eopt && st.updates < maxUpdates {
		var changed []search.Doc
		for _, d := range docs {
			if h, ok := st.docs[d.ID]; !ok || h != hashes[d.ID] {
				changed = append(changed, d)
			}
		}
		var removed []string
		for id := range st.docs {
			if _, ok := hashes[id]; !ok {
				removed = append(removed, id)
			}
		}
		if len(changed) == 0 && len(removed) == 0 {
			return st.ix, st.export, nil
		}
		// Until the export below succeeds, the kept state no longer
		// describes the index: a failure leaves no state, and the next
		// build makes a new index.
		c.setSearch(lang, nil)
		err := st.ix.Update(changed, removed)
		var ex search.Export
		if err == nil {
			ex, err = st.ix.Export(eopt)
		}
		if err != nil {
			c.retire(st.ix)
			return nil, search.Export{}, err
		}
		c.setSearch(lang, &searchState{ix: st.ix, docs: hashes, eopt: eopt, export: ex, updates: st.updates + 1})
		return st.ix, ex, nil
	}

	ix, ex, err := indexLang(lang, docs, nil, eopt, false)
	if err != nil {
		return nil, search.Export{}, err
	}
	if st != nil {
		c.retire(st.ix)
	}
	c.setSearch(lang, &searchState{ix: ix, docs: hashes, eopt: eopt, export: ex})
	return ix, ex, nil
}

// setSearch replaces the state of a language (nil: none).
func (c *Cache) setSearch(lang site.Lang, st *searchState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.search == nil {
		c.search = map[site.Lang]*searchState{}
	}
	if st == nil {
		delete(c.search, lang)
	} else {
		c.search[lang] = st
	}
}

// retire schedules an index the cache no longer keeps to be closed.
func (c *Cache) retire(ix *search.Index) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.retired = append(c.retired, retiredIndex{ix: ix, gen: c.gen})
}

// closeRetired closes the indexes retired two or more builds ago.
// The caller holds c.mu.
func (c *Cache) closeRetired() {
	kept := c.retired[:0]
	for _, r := range c.retired {
		if c.gen-r.gen >= 2 {
			r.ix.Close()
		} else {
			kept = append(kept, r)
		}
	}
	c.retired = kept
}

// Close closes the search indexes the cache keeps. The Results of builds
// that used the cache must not be searched afterwards.
func (c *Cache) Close() {
	c.searching.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.search {
		st.ix.Close()
	}
	for _, r := range c.retired {
		r.ix.Close()
	}
	c.search, c.retired = nil, nil
}
