// Package search is the site's search: one bleve (scorch) index per language,
// built from the pages at build time and kept outside public/, and its
// projection into static files that the JS client in static/js/search*.js
// reads on any static host or from file://.
//
// bleve is the source of truth (DESIGN.md §3). Build indexes the pages with
// bleve's own "en" and "ru" analyzers and default TF-IDF scoring; Search asks
// bleve; Export walks the index through its reader and writes what the
// client needs to answer the same queries with the same scores. The one query
// shape both sides implement, the file formats and the contract for
// prefix matching while typing are documented in FORMAT.md beside this file.
//
// This is the only package that imports bleve.
package search

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Doc is one page to index.
type Doc struct {
	ID      string // page key, unique per language: "codes/425", "guides/passive-mode", "" for home
	URL     string // path from the site root: "codes/425/" or "ru/codes/425/"
	Title   string // "425 Can't open data connection"
	Summary string
	Body    string // plain text of the page body
	Code    string // "425" on code pages, else ""
}

// Index is an open bleve index of one language. It is safe for concurrent
// searches.
type Index struct {
	idx      bleve.Index
	lang     string
	analyzer analysis.Analyzer
	m        memoState // Export's memo and the documents as indexed
}

// Build (re)creates a bleve scorch index for one language ("en" or "ru") in
// dir, a build cache outside public/, from docs. Anything in dir is removed
// first; with dir "" the index lives in memory only. Doc IDs must be unique.
// The index keeps the documents, for Update.
func Build(dir, lang string, docs []Doc) (*Index, error) {
	return build(dir, lang, docs, true)
}

// BuildOnce is Build for an index that will not be updated, in less
// memory: the index does not keep the documents (Update still works, and
// exports afresh, as for an index opened from disk), and BuildOnce lets go
// of them as it goes, clearing each element of docs once it is analysed.
// The caller must not use docs afterwards.
func BuildOnce(dir, lang string, docs []Doc) (*Index, error) {
	return build(dir, lang, docs, false)
}

func build(dir, lang string, docs []Doc, keep bool) (*Index, error) {
	m, err := newMapping(lang)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(docs))
	var byID map[string]Doc // kept for Update
	if keep {
		byID = make(map[string]Doc, len(docs))
	}
	for _, d := range docs {
		if ids[d.ID] {
			return nil, fmt.Errorf("search: two %s documents with the ID %q", lang, d.ID)
		}
		ids[d.ID] = true
		if keep {
			byID[d.ID] = d
		}
	}
	if dir == "" {
		ix, err := buildInMemory(lang, m, docs, !keep)
		if err == nil {
			ix.m.docs = byID
		}
		return ix, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	// scorch's offline builder writes one merged segment without the
	// persister's and the merger's fsyncs: much faster than batches
	// (writeOffline: with the analysis on every core).
	// Its working directory is this index's own (the two languages build
	// side by side), removed afterwards, with any left by a killed build.
	tmp := filepath.Clean(dir) + ".build"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	defer os.RemoveAll(tmp)
	// The documents are analysed in batches, and each batch becomes a
	// segment; the segments are merged at the end. Batches of 50 to 250
	// documents (a sixth of a small site) keep the memory low, and were
	// also faster than bleve's default of 1,000. The index stage with 250
	// against 1,000: 5.9–7.0 s of CPU against 7.1 s, and a build's peak
	// of 460–530 MB against 660 MB, at 3,000 pages per language; 33 s
	// against 37 s of CPU at 15,000. At 300 pages, batches of 50 against
	// 100: a heap of 45–48 MB against 56–57 MB at its peak. Batches of 25
	// saved another 1.6 MB (61.4 against 63.0 MB, 8 runs each) for 4% more
	// CPU time.
	batch := min(max(len(docs)/6, 50), 250)
	if err := writeOffline(dir, tmp, m, docs, batch, !keep); err != nil {
		return nil, fmt.Errorf("search: writing the %s index in %s: %v", lang, dir, err)
	}
	ix, err := Open(dir)
	if err == nil {
		ix.m.docs = byID
	}
	return ix, err
}

func buildInMemory(lang string, m *mapping.IndexMappingImpl, docs []Doc, consume bool) (*Index, error) {
	// A scorch index without a path lives in memory (bleve.NewMemOnly
	// would make the older upsidedown kind).
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	b := idx.NewBatch()
	for i, d := range docs {
		if err := b.Index(bleveID(d.ID), fields(d)); err != nil {
			idx.Close()
			return nil, fmt.Errorf("search: indexing %s %q: %v", lang, d.ID, err)
		}
		if consume {
			docs[i] = Doc{} // mapped: the batch has its own copy of the fields
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: indexing %s: %v", lang, err)
	}
	return &Index{idx: idx, lang: lang, analyzer: idx.Mapping().AnalyzerNamed(analyzerName[lang])}, nil
}

// fields is what bleve indexes and stores for a page. The summary is part of
// the body field: it is text the reader sees on the page.
func fields(d Doc) map[string]any {
	f := map[string]any{
		fieldTitle:    Normalize(d.Title),
		fieldBody:     Normalize(d.Summary + "\n\n" + d.Body),
		storedKey:     d.ID,
		storedURL:     d.URL,
		storedTitle:   d.Title,
		storedSummary: d.Summary,
		storedText:    d.Body,
	}
	if d.Code != "" {
		f[fieldCode] = d.Code
	}
	return f
}

// Update changes an index in place, as a rebuild of the preview does after
// an edit: each of docs replaces the document with its ID or is added, and
// the documents with the IDs in removed are deleted. The index then answers,
// and exports, exactly as one built by Build from the new set of documents:
// bleve's scores depend only on live documents (scorch leaves deleted ones
// out of every document frequency and count), and the export numbers
// documents in the order of their IDs.
func (ix *Index) Update(docs []Doc, removed []string) error {
	if len(docs) == 0 && len(removed) == 0 {
		return nil
	}
	b := ix.idx.NewBatch()
	for _, id := range removed {
		b.Delete(bleveID(id))
	}
	for _, d := range docs {
		if err := b.Index(bleveID(d.ID), fields(d)); err != nil {
			return fmt.Errorf("search: indexing %s %q: %v", ix.lang, d.ID, err)
		}
	}
	// The memo goes first: if the batch fails, the next export reads
	// everything it touches afresh.
	ix.forget(docs, removed)
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("search: updating the %s index: %v", ix.lang, err)
	}
	return nil
}

// bleveID is a page's document ID in bleve: bleve refuses the empty ID the
// home page has, so every key gets a leading slash. The order of bleve IDs
// (the tie-break of the ranking) is the order of keys.
func bleveID(key string) string { return "/" + key }

// Open opens an index that Build made.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("search: no index in %s (run ftpdocs build first): %v", dir, err)
	}
	idx, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("search: opening %s: %v", dir, err)
	}
	ix := &Index{idx: idx}
	// The language is the mapping's default analyzer.
	if ix.lang = langOf(idx.Mapping().AnalyzerNameForPath("")); ix.lang == "" {
		idx.Close()
		return nil, fmt.Errorf("search: %s was not built by ftpdocs (its analyzer is not en or ru)", dir)
	}
	a := idx.Mapping().AnalyzerNamed(analyzerName[ix.lang])
	if a == nil {
		idx.Close()
		return nil, fmt.Errorf("search: no analyzer %s", analyzerName[ix.lang])
	}
	ix.analyzer = a
	return ix, nil
}

func langOf(analyzer string) string {
	for l, a := range analyzerName {
		if a == analyzer {
			return l
		}
	}
	return ""
}

// Lang is the index's language, "en" or "ru".
func (ix *Index) Lang() string { return ix.lang }

// Close closes the index.
func (ix *Index) Close() error { return ix.idx.Close() }

// reader opens a snapshot of the index; the caller closes it.
func (ix *Index) reader() (index.IndexReader, error) {
	a, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	r, err := a.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	return r, nil
}
