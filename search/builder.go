package search

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
)

// writeOffline writes the documents as a bleve index in dir with scorch's
// offline builder, the way bleve.NewBuilder does, but with the analysis on
// every core.
//
// scorch's builder analyses the documents of a batch one after another, on
// the goroutine that feeds it, and then builds the batch's segment; the
// analysis is most of the work (the Russian stemmer above all). Here the
// documents are mapped and analysed by a pool of workers, a chunk at a
// time (analysisChunk), with bleve's own mapping and analyzers and in the
// same steps as scorch's analysis; the builder then gets documents whose
// fields are already analysed and skips the analysis.
// Everything else (segments, the merge, the index files) is scorch's own.
// With consume, each element of docs is cleared once analysed.
// TestOfflineMatchesBleveBuilder checks that the index is the same as one
// bleve.NewBuilder writes.
func writeOffline(dir, tmp string, m *mapping.IndexMappingImpl, docs []Doc, batch int, consume bool) error {
	b, err := newOfflineBuilder(dir, tmp, m, batch, len(docs))
	if err != nil {
		return err
	}
	tas := termAnalyzers(m, runtime.GOMAXPROCS(0))
	chunks := make(chan []index.Document)
	failed := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(chunks)
		for start := 0; start < len(docs); start += analysisChunk {
			chunk := docs[start:min(start+analysisChunk, len(docs))]
			c, err := analyseAll(m, tas, chunk)
			if err != nil {
				failed <- err
				return
			}
			if consume {
				clear(chunk)
			}
			select {
			case chunks <- c:
			case <-stop:
				return
			}
		}
	}()
	fail := func(err error) error {
		close(stop)
		for range chunks {
		}
		b.Close()
		return err
	}
	for c := range chunks {
		for _, d := range c {
			if err := b.Index(d); err != nil {
				return fail(fmt.Errorf("indexing %q: %v", d.ID(), err))
			}
		}
	}
	select {
	case err := <-failed:
		return fail(err)
	default:
	}
	return b.Close()
}

// analysisChunk is how many documents are analysed at a time, ahead of the
// builder. The builder holds a whole batch of analysed documents until it
// makes the segment; analysing the next batch meanwhile, as a whole, would
// hold a second one. In chunks, the analysis waits for the builder, and
// the other language's index keeps the second core busy: at 3,000 pages
// per language the build's peak went from 494–517 MB to 414–449 MB, and
// at 300 from 99–102 MB to 87–92 MB, for the same CPU time.
const analysisChunk = 16

// newOfflineBuilder is bleve.NewBuilder's set-up (the index's meta file,
// the mapping in the builder's internal storage) around scorch's builder,
// which bleve's own wrapper hides.
func newOfflineBuilder(dir, tmp string, m *mapping.IndexMappingImpl, batch, docs int) (*scorch.Builder, error) {
	mb, err := util.MarshalJSON(m)
	if err != nil {
		return nil, err
	}
	meta, err := json.Marshal(struct {
		Storage   string `json:"storage"`
		IndexType string `json:"index_type"`
	}{scorch.Name, scorch.Name})
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	// The meta file as bleve writes it: the JSON through the file writer
	// hook, then the hook's ID and its length.
	metaPath := filepath.Join(dir, "index_meta.json")
	w, err := util.NewFileWriter([]byte(metaPath))
	if err != nil {
		return nil, err
	}
	meta = append(w.Process(meta), w.Id()...)
	meta = binary.BigEndian.AppendUint32(meta, uint32(len(w.Id())))
	if err := os.WriteFile(metaPath, meta, 0o666); err != nil {
		return nil, err
	}
	return scorch.NewBuilder(map[string]any{
		"path":            filepath.Join(dir, "store"),
		"buildPathPrefix": tmp,
		"batchSize":       batch,
		// All segments in one merge: scorch's default merges ten at a
		// time, so that a large site's first segments are copied twice.
		"mergeMax": docs/batch + 1,
		"internal": map[string][]byte{string(util.MappingInternalKey): mb},
	})
}

// analyseAll maps and analyses docs on every core, in order: one worker
// per analyzer in tas, which must not be in use elsewhere meanwhile.
func analyseAll(m *mapping.IndexMappingImpl, tas []*termAnalyzer, docs []Doc) ([]index.Document, error) {
	out := make([]index.Document, len(docs))
	errs := make([]error, len(docs))
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for _, ta := range tas[:min(len(tas), len(docs))] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = analyse(m, ta, docs[i])
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("indexing %q: %v", docs[i].ID, err)
		}
	}
	return out, nil
}

// termAnalyzers returns n analyzers for the language's searched fields, or
// nils (bleve's own analysis) if the mapping's analyzer is not the kind
// termAnalyzer knows.
func termAnalyzers(m *mapping.IndexMappingImpl, n int) []*termAnalyzer {
	tas := make([]*termAnalyzer, n)
	for i := range tas {
		tas[i] = newTermAnalyzer(m.AnalyzerNamed(m.DefaultAnalyzer))
	}
	return tas
}

// analyse maps one page to a bleve document and analyses it as scorch's
// analysis does: the _id field added, then every indexed field analysed and
// composed into the composite fields (_all, which this mapping leaves
// empty). The mapping has no geo, vector or nested fields. The fields that
// bleve would analyse with ta's analyzer are analysed by ta (termAnalyzer),
// the others by bleve.
func analyse(m *mapping.IndexMappingImpl, ta *termAnalyzer, d Doc) (index.Document, error) {
	doc := document.NewDocument(bleveID(d.ID))
	if err := m.MapDocument(doc, fields(d)); err != nil {
		return nil, err
	}
	doc.AddIDField()
	out := analysed{doc, make([]index.Field, len(doc.Fields))}
	for i, f := range doc.Fields {
		out.fields[i] = analysedField{Field: f}
		if !f.Options().IsIndexed() {
			continue
		}
		var (
			n     int
			freqs index.TokenFrequencies
		)
		if tf, ok := f.(*document.TextField); ok && ta != nil && tf.Analyzer() == analysis.Analyzer(ta.bleve) && !f.Options().IncludeTermVectors() {
			n, freqs = ta.frequencies(tf.Value(), f.Options())
			out.fields[i] = analysedField{f, n, freqs}
		} else {
			f.Analyze()
			n, freqs = f.AnalyzedLength(), f.AnalyzedTokenFrequencies()
		}
		if doc.HasComposite() && f.Name() != "_id" {
			doc.VisitComposite(func(cf index.CompositeField) {
				cf.Compose(f.Name(), n, freqs)
			})
		}
	}
	return out, nil
}

// analysed is a document whose fields are analysed: the builder's second
// _id field and second analysis are no-ops.
type analysed struct {
	*document.Document
	fields []index.Field // Document.Fields, analysed
}

func (analysed) AddIDField() {}

func (d analysed) VisitFields(visit index.FieldVisitor) {
	for _, f := range d.fields {
		visit(f)
	}
}

// analysedField is an analysed field; with freqs set, the analysis is
// termAnalyzer's, else the field's own.
type analysedField struct {
	index.Field
	n     int
	freqs index.TokenFrequencies
}

func (analysedField) Analyze() {}

func (f analysedField) AnalyzedLength() int {
	if f.freqs == nil {
		return f.Field.AnalyzedLength()
	}
	return f.n
}

func (f analysedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.freqs == nil {
		return f.Field.AnalyzedTokenFrequencies()
	}
	return f.freqs
}
