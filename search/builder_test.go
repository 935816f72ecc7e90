package search

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestOfflineMatchesBleveBuilder checks writeOffline, the parallel analysis
// in front of scorch's builder, against bleve.NewBuilder, which analyses in
// the builder: the same meta file, the same mapping, and an index that
// exports the same files and answers the same queries, over the real
// content in batches small enough to make several segments and a merge.
func TestOfflineMatchesBleveBuilder(t *testing.T) {
	for _, lang := range []string{"en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			docs := contentDocs(t, lang)
			if len(docs) == 0 {
				docs = morphologyDocs[lang]
			}
			const batch = 20 // more than ten segments: bleve merges them in two rounds, writeOffline in one
			m, err := newMapping(lang)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			ours, theirs := filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
			if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := writeOffline(ours, filepath.Join(dir, "tmp"), m, slices.Clone(docs), batch, true); err != nil {
				t.Fatal(err)
			}
			b, err := bleve.NewBuilder(theirs, m, map[string]any{"buildPathPrefix": filepath.Join(dir, "tmp"), "batchSize": batch})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				if err := b.Index(bleveID(d.ID), fields(d)); err != nil {
					t.Fatal(err)
				}
			}
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}

			metaOurs, err1 := os.ReadFile(filepath.Join(ours, "index_meta.json"))
			metaTheirs, err2 := os.ReadFile(filepath.Join(theirs, "index_meta.json"))
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if string(metaOurs) != string(metaTheirs) {
				t.Errorf("index_meta.json: ours %q, bleve's %q", metaOurs, metaTheirs)
			}

			a, err := Open(ours)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			z, err := Open(theirs)
			if err != nil {
				t.Fatal(err)
			}
			defer z.Close()
			if !reflect.DeepEqual(a.idx.Mapping(), z.idx.Mapping()) {
				t.Error("the mappings stored in the two indexes differ")
			}
			n1, _ := a.idx.DocCount()
			n2, _ := z.idx.DocCount()
			if n1 != uint64(len(docs)) || n2 != n1 {
				t.Fatalf("document counts: ours %d, bleve's %d, pages %d", n1, n2, len(docs))
			}
			ea, err := a.Export(ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ez, err := z.Export(ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			sameExport(t, "ours against bleve's", ea, ez)
			for _, q := range []string{docs[0].Title, docs[len(docs)/2].Summary, "530", "passive mode", "пассивный режим", "соединение", "the"} {
				r1, err1 := a.Search(q, 10)
				r2, err2 := z.Search(q, 10)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if !reflect.DeepEqual(r1, r2) {
					t.Errorf("%q: ours answers %+v, bleve's %+v", q, r1, r2)
				}
			}
		})
	}
}
