package build

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/search"
)

// indexed is the search stage's result: the bleve index of each language
// and its export. own tells whether the indexes belong to the Result (a
// build without a cache) or to the Cache, which keeps them between builds.
type indexed struct {
	indexes map[site.Lang]*search.Index
	exports map[site.Lang]search.Export
	own     bool
	err     error
}

func (x indexed) release() {
	if x.own {
		closeAll(x.indexes)
	}
}

// indexSite builds the bleve index of each language (the two in parallel)
// and exports it into static files for the client. With a cache and no
// index directory (ftpdocs serve), an index is kept between builds and
// changed in place: only the pages whose text changed are indexed again,
// and a language where nothing changed keeps its export.
func indexSite(docs [][]search.Doc, opt Options) indexed {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out = indexed{
			indexes: map[site.Lang]*search.Index{},
			exports: map[site.Lang]search.Export{},
			own:     opt.Cache == nil || opt.IndexDir != nil,
		}
		errs []error
	)
	eopt := search.ExportOptions{StableEntry: opt.Preview}
	for i, lang := range site.Langs {
		wg.Add(1)
		go func(docs []search.Doc) {
			defer wg.Done()
			var (
				ix  *search.Index
				ex  search.Export
				err error
			)
			if out.own {
				ix, ex, err = indexLang(lang, docs, opt.IndexDir, eopt, true)
			} else {
				ix, ex, err = opt.Cache.index(lang, docs, eopt)
			}
			if err == nil && opt.Cache == nil {
				// Only the export is needed now; closing the index
				// lets go of its files and of the documents it keeps
				// for Update.
				ix.Close()
				ix = nil
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			if ix != nil {
				out.indexes[lang] = ix
			}
			out.exports[lang] = ex
		}(docs[i])
	}
	wg.Wait()
	if len(errs) > 0 {
		out.release()
		return indexed{err: fmt.Errorf("search index: %v", errs[0])}
	}
	return out
}

// indexLang builds and exports the index of one language. An index built
// once is not updated (a publishing build makes a new one every time) and
// lets go of the documents as it goes; the preview's Cache keeps its index,
// and the documents, for Update.
func indexLang(lang site.Lang, docs []search.Doc, dir func(site.Lang) (string, error), eopt search.ExportOptions, once bool) (*search.Index, search.Export, error) {
	d := ""
	if dir != nil {
		var err error
		if d, err = dir(lang); err != nil {
			return nil, search.Export{}, err
		}
	}
	build := search.Build
	if once {
		build = search.BuildOnce
	}
	ix, err := build(d, string(lang), docs)
	if err != nil {
		return nil, search.Export{}, err
	}
	ex, err := ix.Export(eopt)
	if err != nil {
		ix.Close()
		return nil, search.Export{}, err
	}
	return ix, ex, nil
}

// searchDocs are the documents of each language (in site.Langs order), in
// page order.
func searchDocs(s *site.Site, texts map[*site.Page]string) [][]search.Doc {
	docs := make([][]search.Doc, len(site.Langs))
	for i, lang := range site.Langs {
		for _, p := range s.Pages {
			if p.Lang == lang {
				docs[i] = append(docs[i], searchDoc(s, p, texts[p]))
			}
		}
	}
	return docs
}

// searchDoc is what the index knows of a page: its title as readers see it
// in the heading (with the code or command in front), its summary and text.
func searchDoc(s *site.Site, p *site.Page, text string) search.Doc {
	d := search.Doc{ID: p.Key, URL: p.URL(), Title: p.Title, Summary: p.Summary, Body: text}
	switch p.Kind {
	case site.KindCode:
		d.Code = strings.TrimPrefix(p.Key, "codes/")
		d.Title = d.Code + " " + p.Title
	case site.KindCommand:
		d.Title = strings.ToUpper(strings.TrimPrefix(p.Key, "commands/")) + " " + p.Title
	case site.KindClass:
		d.Title = strings.TrimPrefix(p.Key, "codes/") + " " + p.Title
	}
	return d
}
