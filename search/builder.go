package search

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

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
// TestOfflineMatchesBleveBuilder checks that the index is the same as one
// bleve.NewBuilder writes.
func writeOffline(dir, tmp string, m *mapping.IndexMappingImpl, docs []Doc, batch int) error {
	b, err := newOfflineBuilder(dir, tmp, m, batch, len(docs))
	if err != nil {
		return err
	}
	chunks := make(chan []index.Document)
	failed := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(chunks)
		for start := 0; start < len(docs); start += analysisChunk {
			c, err := analyseAll(m, docs[start:min(start+analysisChunk, len(docs))])
			if err != nil {
				failed <- err
				return
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

// analyseAll maps and analyses docs on every core, in order.
func analyseAll(m *mapping.IndexMappingImpl, docs []Doc) ([]index.Document, error) {
	out := make([]index.Document, len(docs))
	errs := make([]error, len(docs))
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for range min(runtime.GOMAXPROCS(0), len(docs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = analyse(m, docs[i])
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

// analyse maps one page to a bleve document and analyses it as scorch's
// analysis does: the _id field added, then every indexed field analysed and
// composed into the composite fields (_all, which this mapping leaves
// empty). The mapping has no geo, vector or nested fields.
func analyse(m *mapping.IndexMappingImpl, d Doc) (index.Document, error) {
	doc := document.NewDocument(bleveID(d.ID))
	if err := m.MapDocument(doc, fields(d)); err != nil {
		return nil, err
	}
	doc.AddIDField()
	doc.VisitFields(func(f index.Field) {
		if !f.Options().IsIndexed() {
			return
		}
		f.Analyze()
		if doc.HasComposite() && f.Name() != "_id" {
			doc.VisitComposite(func(cf index.CompositeField) {
				cf.Compose(f.Name(), f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
			})
		}
	})
	return analysed{doc}, nil
}

// analysed is a document whose fields are analysed: the builder's second
// _id field and second analysis are no-ops.
type analysed struct{ *document.Document }

func (analysed) AddIDField() {}

func (d analysed) VisitFields(visit index.FieldVisitor) {
	d.Document.VisitFields(func(f index.Field) { visit(analysedField{f}) })
}

type analysedField struct{ index.Field }

func (analysedField) Analyze() {}
