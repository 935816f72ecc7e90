package build

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/search"
)

// indexSite builds the bleve index of each language (the two in parallel)
// and exports it into static files for the client. dir gives the index
// directory of a language; "" keeps the index in memory.
func indexSite(s *site.Site, texts map[*site.Page]string, dir func(site.Lang) (string, error)) (map[site.Lang]*search.Index, map[site.Lang]search.Export, error) {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		indexes = map[site.Lang]*search.Index{}
		exports = map[site.Lang]search.Export{}
		errs    []error
	)
	for _, lang := range site.Langs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ix, ex, err := indexLang(s, texts, lang, dir)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			indexes[lang], exports[lang] = ix, ex
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		for _, ix := range indexes {
			ix.Close()
		}
		return nil, nil, fmt.Errorf("search index: %v", errs[0])
	}
	return indexes, exports, nil
}

func indexLang(s *site.Site, texts map[*site.Page]string, lang site.Lang, dir func(site.Lang) (string, error)) (*search.Index, search.Export, error) {
	var docs []search.Doc
	for _, p := range s.Pages {
		if p.Lang != lang {
			continue
		}
		docs = append(docs, searchDoc(s, p, texts[p]))
	}
	d := ""
	if dir != nil {
		var err error
		if d, err = dir(lang); err != nil {
			return nil, search.Export{}, err
		}
	}
	ix, err := search.Build(d, string(lang), docs)
	if err != nil {
		return nil, search.Export{}, err
	}
	ex, err := ix.Export()
	if err != nil {
		ix.Close()
		return nil, search.Export{}, err
	}
	return ix, ex, nil
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
