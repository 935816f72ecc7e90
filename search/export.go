package search

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	index "github.com/blevesearch/bleve_index_api"
)

// Export is the static projection of an index: the files the JS client
// reads, by path relative to public/.
type Export struct {
	Files map[string][]byte
	// Entry is the file the client loads first ("search/en/meta.1a2b3c4d5e.js").
	Entry string
}

const formatVersion = 2

// Sizes of the static files (see FORMAT.md); variables for the benchmarks.
var (
	// chunkTarget is the size in bytes at which a term chunk is closed.
	chunkTarget = 1500
	// longPostings is the size in bytes above which a term's postings go to a
	// file of their own.
	longPostings = 1200
	// docsPerFile is the number of documents per file of the doc table.
	// Four rows cost a first query 1 to 2.5 KB more than one row per file
	// (the box shows 8 results), and write a quarter of the files: on the
	// machines this project runs on, creating a file costs about half a
	// millisecond of CPU, and at 15,000 pages per language one row per
	// file was 30,000 files (BENCHMARKS.md).
	docsPerFile = 4
	// textPack is the size in bytes at which a pack of texts is closed.
	// The search page needs the texts of the results it shows (20 at a
	// time); packs of about 8 KB (two or three English pages of a few
	// hundred words, one or two Russian ones, whose letters take two bytes)
	// divide the files by two or three, and the search page downloads
	// about 3 KB gzip per result instead of 1.5 to 2.
	textPack = 8192
)

// callback is the global function every data file calls: the files are
// scripts, so that they load from file:// too, where fetch cannot.
const callback = "ftpdocsSearch"

// posting is one document of a term's posting list in one field.
type posting struct {
	doc  int // export document number
	freq uint64
	len  uint64 // field length, recovered from bleve's norm
}

type termPostings struct {
	title, body []posting
	code        []int
}

// ExportOptions change how an export is named.
type ExportOptions struct {
	// StableEntry names the entry file PreviewEntry(lang) instead of after a
	// hash of its content. The preview server uses it so that an edit does
	// not change the entry's address in every page; it serves the file
	// uncached. The data files keep their content-hashed directory.
	StableEntry bool
	// Incremental keeps what the export encoded, so that the next Export
	// after an Update encodes only what the update can have changed (the
	// preview server's rebuilds). Without it an index keeps nothing.
	Incremental bool
}

// PreviewEntry is the entry file of a language under ExportOptions.StableEntry.
func PreviewEntry(lang string) string { return "search/" + lang + "/meta.js" }

// Export projects the index into the static files of FORMAT.md. It reads
// everything from the bleve index (postings with frequencies and norms,
// stored fields), so what the client scores is what bleve scores.
func (ix *Index) Export(opt ExportOptions) (Export, error) {
	r, err := ix.reader()
	if err != nil {
		return Export{}, err
	}
	defer r.Close()

	ids, docNum, err := documents(r)
	if err != nil {
		return Export{}, err
	}
	// What the previous export encoded and no Update has touched since
	// (memo.go) is taken as it was; the rest is read from the index.
	old := ix.takeMemo(ids)
	memo := &exportMemo{ids: ids, terms: map[string]*termEnc{}, rows: map[string]docEnc{}}
	if opt.Incremental {
		defer ix.keepMemo(memo)
	}

	// The doc table's rows and texts are read on a second core, from a
	// second snapshot of the same index, while this one reads the postings.
	rows := make([]docEnc, len(ids))
	rowsDone := make(chan error, 1)
	go func() { rowsDone <- ix.readRows(ids, old, rows) }()
	waitRows := func() error {
		err := <-rowsDone
		rowsDone <- err
		return err
	}
	defer waitRows()

	terms := map[string]*termPostings{} // terms not in old
	get := func(t string) *termPostings {
		tp := terms[t]
		if tp == nil {
			tp = &termPostings{}
			terms[t] = tp
		}
		return tp
	}
	lengths := map[[2]int]uint64{} // (doc, field) → length, to check consistency
	for fi, field := range []string{fieldTitle, fieldBody, fieldCode} {
		err := eachTerm(r, field, func(term string) error {
			if e := old.terms[term]; e != nil {
				memo.terms[term] = e
				return nil
			}
			ps, err := postings(r, term, field, docNum)
			if err != nil {
				return err
			}
			if len(ps) == 0 {
				// Only deleted documents had it (an index changed by Update):
				// an index built from the live documents has no such term.
				return nil
			}
			switch field {
			case fieldTitle, fieldBody:
				for _, p := range ps {
					k := [2]int{p.doc, fi}
					if l, ok := lengths[k]; ok && l != p.len {
						return fmt.Errorf("search: export: field %s of %s has two norms", field, ids[p.doc])
					}
					lengths[k] = p.len
				}
				if field == fieldTitle {
					get(term).title = ps
				} else {
					get(term).body = ps
				}
			case fieldCode:
				for _, p := range ps {
					get(term).code = append(get(term).code, p.doc)
				}
			}
			return nil
		})
		if err != nil {
			return Export{}, err
		}
	}
	for t, tp := range terms {
		e := &termEnc{title: encodePostings(tp.title), body: encodePostings(tp.body), nTitle: len(tp.title), nBody: len(tp.body)}
		if len(tp.code) > 0 {
			e.code = encodeDocs(tp.code)
		}
		memo.terms[t] = e
	}

	stop, err := stopWords(ix.lang)
	if err != nil {
		return Export{}, err
	}
	w := newWriter(ix.lang)

	// Term chunks and long posting lists.
	sorted := make([]string, 0, len(memo.terms))
	for t := range memo.terms {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	var (
		bounds []string
		chunk  []any
		size   int
		prev   string
		nLong  int
	)
	flush := func() {
		if len(chunk) > 0 {
			w.add("t"+strconv.Itoa(len(bounds)-1), chunk)
			chunk, size = nil, 0
		}
	}
	for _, t := range sorted {
		e := memo.terms[t]
		enc := []any{e.title, e.body}
		if e.code != "" {
			enc = append(enc, e.code)
		}
		n := len(e.title) + len(e.body) + len(e.code)
		var entry []any
		if n > longPostings {
			w.add("p"+strconv.Itoa(nLong), enc)
			entry = []any{t, e.nTitle, e.nBody, nLong}
			nLong++
			n = 16
		} else {
			entry = append([]any{t}, enc...)
		}
		if size >= chunkTarget {
			flush()
		}
		if len(chunk) == 0 {
			bounds = append(bounds, separator(prev, t, len(bounds) == 0))
		}
		chunk = append(chunk, entry)
		size += len(t) + n + 8
		prev = t
	}
	flush()

	// The doc table and the texts. Texts go into packs of consecutive
	// documents of about textPack bytes; xs lists the first document of
	// each pack.
	var (
		docs     []any
		pack     [][]byte
		packSize int
		packs    int
		starts   []byte
		prevS    = -1
	)
	flushPack := func(n int) {
		first := n - len(pack) + 1
		starts = appendVLQ(starts, uint64(first-prevS-1))
		prevS = first
		w.addJSON("x"+strconv.Itoa(packs), joinJSON(pack))
		packs++
		pack, packSize = nil, 0
	}
	if err := waitRows(); err != nil {
		return Export{}, err
	}
	for n, id := range ids {
		d := rows[n]
		memo.rows[id] = d
		docs = append(docs, d.row)
		pack = append(pack, d.text)
		if packSize += len(d.text); packSize >= textPack || n == len(ids)-1 {
			flushPack(n)
		}
		if len(docs) == docsPerFile || n == len(ids)-1 {
			w.add("d"+strconv.Itoa(n/docsPerFile), docs)
			docs = nil
		}
	}
	w.add("xs", string(starts))

	meta := map[string]any{
		"format":     formatVersion,
		"lang":       ix.lang,
		"n":          len(ids),
		"boost":      []float64{boostTitle, boostBody},
		"prefix":     []float64{prefixMin, prefixMax, boostPrefixTitle, boostPrefixBody},
		"maxClauses": maxClauses,
		"stop":       stop,
		"bounds":     bounds,
		"per":        docsPerFile,
	}
	return w.finish(meta, opt.StableEntry)
}

// readRows fills rows with the doc table's row and text of each of ids,
// taken from old where it has them, else read from a snapshot of the index.
func (ix *Index) readRows(ids []string, old *exportMemo, rows []docEnc) error {
	r, err := ix.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	for n, id := range ids {
		d, ok := old.rows[id]
		if !ok {
			doc, err := r.Document(id)
			if err != nil {
				return fmt.Errorf("search: export: reading %s: %v", id, err)
			}
			f := map[string]string{}
			doc.VisitFields(func(fl index.Field) { f[fl.Name()] = string(fl.Value()) })
			d = docEnc{
				row:  []string{f[storedKey], f[storedURL], f[storedTitle], f[fieldCode], f[storedSummary]},
				text: marshal(collapseSpace(f[storedText])),
			}
		}
		rows[n] = d
	}
	return nil
}

// documents lists the external IDs of all documents in the export order
// (bleve's _id order, the ranking's tie-break) and maps bleve's internal IDs
// to export numbers.
func documents(r index.IndexReader) ([]string, map[string]int, error) {
	dr, err := r.DocIDReaderAll()
	if err != nil {
		return nil, nil, err
	}
	defer dr.Close()
	internal := map[string]string{}
	var ids []string
	for {
		iid, err := dr.Next()
		if err != nil {
			return nil, nil, err
		}
		if iid == nil {
			break
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return nil, nil, err
		}
		internal[string(iid)] = id
		ids = append(ids, id)
	}
	n, err := r.DocCount()
	if err != nil {
		return nil, nil, err
	}
	if n != uint64(len(ids)) {
		return nil, nil, fmt.Errorf("search: export: index counts %d documents, lists %d", n, len(ids))
	}
	sort.Strings(ids)
	num := make(map[string]int, len(ids))
	for i, id := range ids {
		num[id] = i
	}
	docNum := make(map[string]int, len(ids))
	for iid, id := range internal {
		docNum[iid] = num[id]
	}
	return ids, docNum, nil
}

func eachTerm(r index.IndexReader, field string, fn func(string) error) error {
	d, err := r.FieldDict(field)
	if err != nil {
		return err
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		if err := fn(e.Term); err != nil {
			return err
		}
	}
}

// postings reads a term's posting list in a field, in export document
// order, and recovers each field length from bleve's norm,
// float32(1/sqrt(length)), checking that the length gives the norm back.
func postings(r index.IndexReader, term, field string, docNum map[string]int) ([]posting, error) {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	var out []posting
	var tfd index.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		n, ok := docNum[string(d.ID)]
		if !ok {
			return nil, fmt.Errorf("search: export: %s:%s lists an unknown document", field, term)
		}
		l := uint64(math.Round(1 / (d.Norm * d.Norm)))
		if field != fieldCode && normOf(l) != d.Norm {
			return nil, fmt.Errorf("search: export: %s:%s: norm %v is not 1/sqrt of a length", field, term, d.Norm)
		}
		out = append(out, posting{doc: n, freq: d.Freq, len: l})
	}
	if uint64(len(out)) != tfr.Count() {
		return nil, fmt.Errorf("search: export: %s:%s: %d postings, count %d", field, term, len(out), tfr.Count())
	}
	slices.SortFunc(out, func(a, b posting) int { return a.doc - b.doc })
	return out, nil
}

// normOf is bleve's norm of a field length (zapx Posting.Norm).
func normOf(l uint64) float64 { return float64(float32(1.0 / math.Sqrt(float64(l)))) }

// separator returns the shortest prefix of t that sorts after prev, the
// last term of the previous chunk: the client looks a term up in the chunk
// with the greatest bound at or before it.
func separator(prev, t string, first bool) string {
	if first {
		return ""
	}
	for i := 1; i <= len(t); i++ {
		if p := t[:i]; p > prev && validUTF8Prefix(p) {
			return p
		}
	}
	return t
}

func validUTF8Prefix(s string) bool {
	return s == string([]rune(s))
}

// The posting encoding: a string of variable-length quantities (VLQ), five
// bits per character, least significant group first; a character's index in
// vlqDigits is the group, plus 32 when more groups follow.
const vlqDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

func appendVLQ(b []byte, v uint64) []byte {
	for v >= 32 {
		b = append(b, vlqDigits[32+v&31])
		v >>= 5
	}
	return append(b, vlqDigits[v])
}

// encodePostings writes, per document in order: (gap<<1 | freq>1), then
// freq-2 if freq>1, then the field length; gap is the distance from the
// previous document minus one (the first from -1).
func encodePostings(ps []posting) string {
	var b []byte
	prev := -1
	for _, p := range ps {
		gap := uint64(p.doc - prev - 1)
		prev = p.doc
		if p.freq > 1 {
			b = appendVLQ(b, gap<<1|1)
			b = appendVLQ(b, p.freq-2)
		} else {
			b = appendVLQ(b, gap<<1)
		}
		b = appendVLQ(b, p.len)
	}
	return string(b)
}

// joinJSON joins JSON values into a JSON array.
func joinJSON(vs [][]byte) []byte {
	n := 2
	for _, v := range vs {
		n += len(v) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, v...)
	}
	return append(b, ']')
}

// encodeDocs writes the gaps of a list of documents.
func encodeDocs(docs []int) string {
	var b []byte
	prev := -1
	for _, d := range docs {
		b = appendVLQ(b, uint64(d-prev-1))
		prev = d
	}
	return string(b)
}

// writer collects the data files of one language. Their names (all but the
// meta file's) live in a directory named by a hash of all their contents, so
// that any change renames them and the meta file need not list hashes.
type writer struct {
	lang  string
	names []string
	data  map[string][]byte // name → JSON payload
}

func newWriter(lang string) *writer {
	return &writer{lang: lang, data: map[string][]byte{}}
}

func (w *writer) add(name string, v any) { w.addJSON(name, marshal(v)) }

// addJSON adds a file whose payload is already JSON.
func (w *writer) addJSON(name string, data []byte) {
	w.names = append(w.names, name)
	w.data[name] = data
}

func marshal(v any) []byte {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		panic(err) // only strings, numbers, slices and maps
	}
	return bytes.Clone(bytes.TrimSuffix(b.Bytes(), []byte("\n"))) // without the buffer's spare capacity
}

func (w *writer) finish(meta map[string]any, stable bool) (Export, error) {
	h := sha256.New()
	for _, n := range w.names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(w.data[n]))
		h.Write(w.data[n])
	}
	gen := hex.EncodeToString(h.Sum(nil))[:10]
	meta["gen"] = gen
	files := make(map[string][]byte, len(w.names)+1)
	for _, n := range w.names {
		key := w.lang + "/" + gen + "/" + n + ".js"
		files["search/"+key] = script(key, w.data[n])
	}
	m := marshal(meta)
	sum := sha256.Sum256(m)
	key := w.lang + "/meta." + hex.EncodeToString(sum[:])[:10] + ".js"
	if stable {
		key = strings.TrimPrefix(PreviewEntry(w.lang), "search/")
	}
	files["search/"+key] = script(key, m)
	return Export{Files: files, Entry: "search/" + key}, nil
}

// script wraps a payload in the call that registers it with the client.
func script(key string, payload []byte) []byte {
	k := marshal(key)
	b := make([]byte, 0, len(callback)+1+len(k)+1+len(payload)+3)
	b = append(b, callback+"("...)
	b = append(b, k...)
	b = append(b, ',')
	b = append(b, payload...)
	return append(b, ");\n"...)
}
