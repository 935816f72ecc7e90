package build

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
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
// and exports it into static files for the client, naming each entry
// names[lang] if given. With a cache and no index directory (ftpdocs
// serve), an index is kept between builds and changed in place: only the
// pages whose text changed are indexed again, and a language where nothing
// changed keeps its export.
func indexSite(docs map[site.Lang][]search.Doc, names map[site.Lang]string, opt Options) indexed {
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
	for _, lang := range site.Langs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eopt := search.ExportOptions{StableEntry: opt.Preview, EntryName: names[lang]}
			var (
				ix  *search.Index
				ex  search.Export
				err error
			)
			if out.own {
				ix, ex, err = indexLang(lang, docs[lang], opt.IndexDir, eopt)
			} else {
				ix, ex, err = opt.Cache.index(lang, docs[lang], eopt)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			out.indexes[lang], out.exports[lang] = ix, ex
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		out.release()
		return indexed{err: fmt.Errorf("search index: %v", errs[0])}
	}
	return out
}

// entryNames names each language's search entry after what its export is
// made of: the documents and the program that exports them. The export
// is a function of those two, so the name changes whenever the entry can,
// as a host that lets browsers keep the entry requires, and the pages can
// name it before the index is built. Without a program identity (see
// programID) there are no names, and the pages wait for the entry's
// content hash.
func entryNames(docs map[site.Lang][]search.Doc) map[site.Lang]string {
	id := programID()
	if id == "" {
		return nil
	}
	names := map[site.Lang]string{}
	for lang, ds := range docs {
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00", id, lang)
		var n [8]byte
		for _, d := range ds {
			for _, f := range []string{d.ID, d.URL, d.Title, d.Summary, d.Body, d.Code} {
				binary.LittleEndian.PutUint64(n[:], uint64(len(f)))
				h.Write(n[:])
				io.WriteString(h, f)
			}
		}
		names[lang] = hex.EncodeToString(h.Sum(nil))[:10]
	}
	return names
}

// programID identifies the running program: for a build from a clean
// checkout, the revision and every dependency that go build recorded;
// otherwise a hash of the executable. "" if neither can be had.
var programID = sync.OnceValue(func() string {
	h := sha256.New()
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, modified := "", true
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" && !modified {
			fmt.Fprintf(h, "%s\x00%s\x00%s", bi.GoVersion, bi.Main.Path, rev)
			for _, d := range bi.Deps {
				fmt.Fprintf(h, "\x00%s@%s %s", d.Path, d.Version, d.Sum)
			}
			return "vcs-" + hex.EncodeToString(h.Sum(nil))
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "exe-" + hex.EncodeToString(h.Sum(nil))
})

func indexLang(lang site.Lang, docs []search.Doc, dir func(site.Lang) (string, error), eopt search.ExportOptions) (*search.Index, search.Export, error) {
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
	ex, err := ix.Export(eopt)
	if err != nil {
		ix.Close()
		return nil, search.Export{}, err
	}
	return ix, ex, nil
}

// allDocs are the documents of each language, in page order.
func allDocs(s *site.Site, texts map[*site.Page]string) map[site.Lang][]search.Doc {
	docs := map[site.Lang][]search.Doc{}
	for _, lang := range site.Langs {
		docs[lang] = searchDocs(s, texts, lang)
	}
	return docs
}

// searchDocs are the documents of one language, in page order.
func searchDocs(s *site.Site, texts map[*site.Page]string, lang site.Lang) []search.Doc {
	var docs []search.Doc
	for _, p := range s.Pages {
		if p.Lang == lang {
			docs = append(docs, searchDoc(s, p, texts[p]))
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
