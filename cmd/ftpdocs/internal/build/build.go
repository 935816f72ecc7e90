// Package build is the pipeline that turns the repository's content into a
// site:
//
//	content/, i18n/, templates/, static/  (an fs.FS rooted at the repository)
//	  → load      the model (site.Site), front matter checked
//	  → markdown  bodies rendered; cross-links resolved; Russian headings
//	              take the IDs of their English twins
//	  → render    templates executed; API, sitemap, robots.txt
//	  → check     every internal link and #fragment of the output resolves
//	  → publish   written to a staging directory and swapped in
//
// Generate runs every stage but the last and returns the files in memory;
// Build also publishes them. Both report every error of a run, sorted, as
// file:line:col: message. The output is a pure function of the input: no
// timestamps, every collection sorted, so two builds are byte-identical.
package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/api"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/check"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/load"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/locale"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/minify"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/publish"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/render"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/search"
)

// Options configure a build.
type Options struct {
	// BaseURL is the absolute URL of the site root ("https://owner.github.io/repo/"),
	// used for canonical links, hreflang alternates, the sitemap and
	// OpenGraph. Empty: those are left out.
	BaseURL string
	// Trace, when set, receives the time each stage took, and the CPU time
	// the process used meanwhile (on all cores; where the system reports it).
	Trace io.Writer
	// Cache, when set, reuses the work of the previous Generate given the
	// same Cache for everything that has not changed (ftpdocs serve).
	Cache *Cache
	// IndexDir gives the directory of the bleve index of a language (a
	// build cache outside the output, where "ftpdocs search" finds it).
	// Nil: the indexes live in memory.
	IndexDir func(lang site.Lang) (string, error)
	// Preview makes the build for ftpdocs serve rather than for publishing:
	// the search index's entry file keeps one name (search.PreviewEntry)
	// instead of a hash of its content, so that an edit does not change
	// every page, and Generate returns the pages while the search index is
	// still being made (Result.Search). The server serves the entry
	// uncached.
	Preview bool
	// AssetCache is a directory where builds keep the minified scripts and
	// stylesheets, so that a build whose static files did not change does
	// not run the minifier (ftpdocs build: in the user's cache directory).
	// Empty: none. A Cache keeps them in memory instead.
	AssetCache string
}

// mark is a moment of the build: the wall clock and the process's CPU time.
type mark struct {
	wall time.Time
	cpu  time.Duration
}

func now() mark { return mark{time.Now(), cpuTime()} }

func (o Options) stage(name string, start mark) mark {
	t := now()
	if o.Trace != nil {
		line := fmt.Sprintf("%-9s %v", name, t.wall.Sub(start.wall).Round(time.Millisecond))
		if t.cpu > 0 {
			line += fmt.Sprintf(" (cpu %v)", (t.cpu - start.cpu).Round(time.Millisecond))
		}
		fmt.Fprintln(o.Trace, line)
	}
	return t
}

// Result is a generated site.
type Result struct {
	Site *site.Site
	// Files are the site's files; in a Preview build all but the search
	// index's, which Search gives once they are made.
	Files publish.Files
	// Hashed holds the files whose names change whenever their content
	// does (a hash in the name): a host may let browsers cache them for
	// good.
	Hashed map[string]bool

	search     <-chan indexed // the search stage's result, sent once
	searchOnce sync.Once
	searched   indexed
	preview    bool
}

// Searched is what the search stage made: the bleve index of each
// language and the files of its static export.
type Searched struct {
	Files map[string][]byte
	// Hashed tells which of Files have a content hash in their name.
	Hashed map[string]bool
	// Indexes are open until the Result is closed; a build without a Cache
	// closes them once they are exported, and has none.
	Indexes map[site.Lang]*search.Index
}

// Search waits for the search stage and returns what it made. In a build
// that is not a Preview, the stage is done when Generate returns and its
// files are among Result.Files too.
func (r *Result) Search() (Searched, error) {
	r.searchOnce.Do(func() { r.searched = <-r.search })
	x := r.searched
	if x.err != nil {
		return Searched{}, x.err
	}
	out := Searched{Files: map[string][]byte{}, Hashed: map[string]bool{}, Indexes: x.indexes}
	for _, ex := range x.exports {
		for name, data := range ex.Files {
			out.Files[name] = data
			out.Hashed[name] = name != ex.Entry || !r.preview
		}
	}
	return out, nil
}

// Close waits for the search stage and closes its indexes, unless they
// belong to the Cache the build used (Cache.Close closes those).
func (r *Result) Close() {
	r.searchOnce.Do(func() { r.searched = <-r.search })
	r.searched.release()
}

// Generate runs the pipeline over the repository in fsys and returns the
// site in memory, or every error found.
func Generate(fsys fs.FS, opt Options) (*Result, error) {
	baseURL, err := normalizeBaseURL(opt.BaseURL)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	t := now()
	opt.Cache.begin()
	defer opt.Cache.end()
	var memo *load.Memo
	if opt.Cache != nil {
		memo = opt.Cache.load
	}
	// The UI strings, the templates and the static files (minified) are
	// read beside the content.
	var (
		strs                *locale.Catalog
		tmpl                *render.Templates
		assets              []asset
		serrs, terrs, aerrs diag.List
		rest                = make(chan struct{})
	)
	go func() {
		defer close(rest)
		strs, serrs = locale.Load(fsys)
		tmpl, terrs = render.Parse(fsys)
		assets, aerrs = readStatic(fsys, opt.minifier())
	}()
	s, lerrs := load.Load(fsys, memo)
	<-rest
	errs = append(errs, lerrs...)
	errs = append(errs, serrs...)
	errs = append(errs, terrs...)
	errs = append(errs, aerrs...)
	if s == nil || strs == nil || tmpl == nil || assets == nil && len(aerrs) > 0 {
		return nil, errs.Sorted()
	}
	t = opt.stage("load", t)
	// Markdown runs even when loading found problems, so that one run
	// reports broken cross-links too; nothing after it does.
	bodies, texts, merrs := renderBodies(s, opt.Cache)
	t = opt.stage("markdown", t)
	errs = append(errs, merrs...)
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	if opt.Cache == nil {
		// The Markdown is in the bodies now; the link check reads a
		// page's again (source) if it finds a broken link there.
		for _, p := range s.Pages {
			p.Body = nil
		}
	}

	// The search index. For publishing, the pages wait for it: they name
	// its entry, whose name is a hash of its content. In a Preview the
	// pages name it beforehand (search.PreviewEntry), and the index is made
	// after them, while the server already serves them (Result.Search):
	// on two cores it would only slow the pages down.
	searched := make(chan indexed, 1)
	// The documents go to the search stage as arguments, not captured, so
	// that it alone holds them and lets go of each language's once
	// indexed.
	startSearch := func(docs [][]search.Doc) {
		if opt.Cache != nil {
			opt.Cache.searching.Add(1)
		}
		go func(docs [][]search.Doc) {
			x := indexSite(docs, opt)
			if opt.Cache != nil {
				opt.Cache.searching.Done()
			}
			searched <- x
		}(docs)
	}
	res := &Result{Site: s, search: searched, preview: opt.Preview}
	fail := func(err error) (*Result, error) {
		if opt.Preview {
			searched <- indexed{}
		}
		res.Close()
		return nil, err
	}
	in := &render.Input{
		Site: s, Strings: strs, Bodies: bodies, Assets: map[string]string{},
		BaseURL: baseURL, SearchIndex: map[site.Lang]string{},
	}
	files := publish.Files{}
	hashed := map[string]bool{}
	if opt.Preview {
		for _, lang := range site.Langs {
			in.SearchIndex[lang] = search.PreviewEntry(string(lang))
		}
	} else {
		restoreGC := lowerGC()
		startSearch(searchDocs(s, texts))
		texts = nil
		sr, err := res.Search()
		restoreGC()
		if err != nil {
			return fail(err)
		}
		t = opt.stage("index", t)
		for lang, ex := range res.searched.exports {
			in.SearchIndex[lang] = ex.Entry
		}
		maps.Copy(files, sr.Files)
		maps.Copy(hashed, sr.Hashed)
	}
	for _, a := range assets {
		in.Assets[a.name] = a.path
		files[a.path] = a.data
		hashed[a.path] = true
	}
	if opt.Cache != nil {
		in.Memo = opt.Cache
		in.Meta = meta(fsys, s, assets, baseURL, in.SearchIndex)
	}
	pages, perrs := tmpl.Pages(in) // takes the bodies
	t = opt.stage("render", t)
	if len(perrs) > 0 {
		return fail(perrs)
	}
	checked := check.Site{}
	for _, p := range pages {
		files[p.Path] = p.Data
		checked[p.Path] = check.Page{Data: p.Data, Source: p.Source, Body: source(fsys, s, p.Source)}
	}
	for name, data := range api.Files(s) {
		files[name] = data
	}
	if sm := render.Sitemap(s, baseURL); sm != nil {
		files["sitemap.xml"] = sm
	}
	files["robots.txt"] = render.Robots(baseURL)
	files[".nojekyll"] = []byte{} // GitHub Pages: serve files as they are

	for name, data := range files {
		if _, ok := checked[name]; !ok {
			checked[name] = check.Page{Data: data}
		}
	}
	if opt.Preview {
		// The entries the pages link to; the search stage makes them.
		for _, entry := range in.SearchIndex {
			checked[entry] = check.Page{}
		}
	}
	basePath := "/"
	if baseURL != "" {
		u, _ := url.Parse(baseURL)
		basePath = u.Path
	}
	copt := check.Options{BasePath: basePath}
	if opt.Cache != nil {
		copt.Parse = opt.Cache.parse
	}
	if cerrs := check.Links(checked, copt); len(cerrs) > 0 {
		return fail(cerrs)
	}
	opt.stage("check", t)
	res.Files, res.Hashed = files, hashed
	if opt.Preview {
		startSearch(searchDocs(s, texts))
	}
	return res, nil
}

// indexGCPercent is the garbage collector's target while the search index
// is made for publishing. That stage allocates the most (bleve's analysis
// of every page) while the pages' bodies and texts are held, so with Go's
// default of 100 the heap grows to twice all that before each collection,
// and sets the build's peak. At 300 pages per language, 50 against 100
// (8 alternating runs each): a peak of 60.4 MB against
// 71.0 MB, for 0.19 s more CPU time (+12%) and 0.09 s more wall time.
const indexGCPercent = 50

var (
	gcMu      sync.Mutex
	gcLowered int // builds in their index stage
	gcBefore  int // the target to go back to
)

// lowerGC sets the collector's target to indexGCPercent, unless the user set
// GOGC, and returns the function that sets it back once no build in the
// process is in its index stage.
func lowerGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcLowered == 0 {
		gcBefore = debug.SetGCPercent(indexGCPercent)
	}
	gcLowered++
	var once sync.Once
	return func() {
		once.Do(func() {
			gcMu.Lock()
			defer gcMu.Unlock()
			if gcLowered--; gcLowered == 0 {
				debug.SetGCPercent(gcBefore)
			}
		})
	}
}

// Build generates the site and publishes it to out (package publish: the
// site appears in out only when complete and checked).
//
// The files are written after the pages are checked, not while they are
// made: on this project's machines creating a file costs about half a
// millisecond of CPU in the kernel, so writing the search index's files
// during the templates made the templates slower by as much as it saved
// (BENCHMARKS.md).
func Build(fsys fs.FS, out string, opt Options) (*Result, error) {
	res, err := Generate(fsys, opt)
	if err != nil {
		return nil, err
	}
	t := now()
	if err := publish.Write(out, res.Files); err != nil {
		res.Close()
		return nil, err
	}
	opt.stage("publish", t)
	return res, nil
}

// source gives the Markdown of the content file a page was made from, for
// the link check: the page's Body, or the file read again where the build
// has let go of it.
func source(fsys fs.FS, s *site.Site, file string) func() []byte {
	if file == "" {
		return nil
	}
	return func() []byte {
		for _, p := range s.Pages {
			if p.File == file && p.Body != nil {
				return p.Body
			}
		}
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil
		}
		_, body, _, err := load.Split(data)
		if err != nil {
			return nil
		}
		return body
	}
}

// meta hashes everything besides a page's own body that the templates read:
// every page's front matter, the templates, UI strings and static files,
// and the options.
func meta(fsys fs.FS, s *site.Site, assets []asset, baseURL string, searchIndex map[site.Lang]string) [32]byte {
	var parts [][]byte
	parts = append(parts, []byte(baseURL))
	for _, lang := range site.Langs {
		parts = append(parts, []byte(searchIndex[lang]))
	}
	for _, p := range s.Pages {
		parts = append(parts, []byte(p.File), p.Front)
	}
	for _, a := range assets {
		parts = append(parts, []byte(a.path))
	}
	for _, dir := range []string{render.Dir, locale.Dir} {
		fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := fs.ReadFile(fsys, name)
				parts = append(parts, []byte(name), data)
			}
			return nil
		})
	}
	return hash(parts...)
}

func closeAll(indexes map[site.Lang]*search.Index) {
	for _, ix := range indexes {
		ix.Close()
	}
}

func normalizeBaseURL(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("--base-url %q: give an absolute http(s) URL, e.g. https://owner.github.io/repo/", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--base-url %q: no query or fragment allowed", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// asset is one published static file.
type asset struct {
	name string // logical name used by templates: "css/site.css"
	path string // published path with a content hash: "css/site.1a2b3c4d.css"
	data []byte
}

// readStatic reads static/: scripts and stylesheets are minified (minifier,
// minify.File or a cache of it); every css/*.css file is joined, in name
// order, into one stylesheet "css/site.css"; every other file is published
// under its own name. Published names carry a hash of the content, so a
// host may cache them forever.
func readStatic(fsys fs.FS, minifier func(name string, data []byte) ([]byte, error)) ([]asset, diag.List) {
	var (
		errs diag.List
		css  []byte
		out  []asset
	)
	err := fs.WalkDir(fsys, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(name, 0, 0, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Add(name, 0, 0, "cannot read: %v", err)
			return nil
		}
		rel := strings.TrimPrefix(name, "static/")
		if data, err = minifier(name, data); err != nil {
			var me *minify.Error
			if errors.As(err, &me) {
				errs.Add(name, me.Line, me.Col, "%s", me.Msg)
			} else {
				errs.Add(name, 0, 0, "%v", err)
			}
			return nil
		}
		if path.Dir(rel) == "css" && path.Ext(rel) == ".css" {
			css = append(css, data...)
			css = append(css, '\n')
			return nil
		}
		out = append(out, hashed(rel, data))
		return nil
	})
	if err != nil {
		errs.Add("static", 0, 0, "cannot read: %v", err)
	}
	if css != nil {
		out = append(out, hashed("css/site.css", css))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, errs
}

func hashed(name string, data []byte) asset {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return asset{
		name: name,
		path: strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext,
		data: data,
	}
}
