package build

import (
	"crypto/sha256"
	"sync"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/check"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/load"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/markdown"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/minify"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// Cache carries work from one Generate to the next, for "ftpdocs serve",
// which rebuilds on every save. The output is exactly what a build without
// a cache produces: each entry is keyed by a hash of everything its result
// depends on, so a stale entry is never found, only left unused.
//
//   - Markdown: a page body's rendering depends on the body, the page's
//     place (language and URL), the heading IDs given to it, and the shape
//     of the site its cross-links resolve against (which pages exist and
//     their heading IDs).
//   - Templates: a page's HTML depends on its rendered body and on the
//     "meta" of the site: every front matter, template, UI string, static
//     file and option. Editing one page's text re-executes one template.
//   - The link checker's parse of a page depends only on the page's bytes.
//   - A static file's minified form depends only on its name and bytes.
//   - Loading: a file's parsed front matter depends only on its bytes
//     (load.Memo).
//   - Search: the bleve index of each language is kept and updated in
//     place with the pages whose text changed (search.Index.Update);
//     Close closes it.
//
// A Cache is safe for use by one Generate at a time.
type Cache struct {
	mu       sync.Mutex
	docs     map[[32]byte]*markdown.Doc
	bodies   map[[32]byte]markdown.Result
	pages    map[[32]byte][]byte
	parsed   map[[32]byte]check.Parsed
	minified map[[32]byte][]byte
	previous *Cache // entries used by the last build, so unused ones can be dropped
	load     *load.Memo

	// The search indexes, kept and changed in place between builds. The
	// search stage of a Preview build may outlive its Generate: the next
	// Generate waits for it (searching) before it begins.
	searching sync.WaitGroup
	search    map[site.Lang]*searchState
	retired   []retiredIndex
	gen       int // builds begun
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{load: load.NewMemo()} }

// begin starts a build: entries the previous build did not use are dropped,
// so the cache stays the size of one site.
func (c *Cache) begin() {
	if c == nil {
		return
	}
	c.searching.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.closeRetired()
	c.docs, c.bodies, c.pages, c.parsed = map[[32]byte]*markdown.Doc{}, map[[32]byte]markdown.Result{},
		map[[32]byte][]byte{}, map[[32]byte]check.Parsed{}
	c.minified = map[[32]byte][]byte{}
	if c.previous == nil {
		c.previous = c.entries()
	}
}

// entries is the current build's entries, as the next build's previous.
func (c *Cache) entries() *Cache {
	return &Cache{docs: c.docs, bodies: c.bodies, pages: c.pages, parsed: c.parsed, minified: c.minified}
}

// end makes this build's entries the ones the next build may use.
func (c *Cache) end() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.previous = c.entries()
}

// lookup finds an entry of the previous build and keeps it for the next.
func lookup[V any](c *Cache, key [32]byte, prev func(*Cache) map[[32]byte]V, cur func(*Cache) map[[32]byte]V) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := prev(c.previous)[key]
	if ok {
		cur(c)[key] = v
	}
	return v, ok
}

func store[V any](c *Cache, key [32]byte, v V, cur func(*Cache) map[[32]byte]V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cur(c)[key] = v
}

func docsOf(c *Cache) map[[32]byte]*markdown.Doc     { return c.docs }
func bodiesOf(c *Cache) map[[32]byte]markdown.Result { return c.bodies }
func pagesOf(c *Cache) map[[32]byte][]byte           { return c.pages }
func parsedOf(c *Cache) map[[32]byte]check.Parsed    { return c.parsed }
func minifiedOf(c *Cache) map[[32]byte][]byte        { return c.minified }

// Get and Put let the render stage reuse a page's HTML (render.Memo).
func (c *Cache) Get(key [32]byte) ([]byte, bool) { return lookup(c, key, pagesOf, pagesOf) }
func (c *Cache) Put(key [32]byte, data []byte)   { store(c, key, data, pagesOf) }

// memoized returns the previous build's entry for key and keeps it, or
// computes, keeps and returns a new one (a failure is not kept).
func memoized[V any](c *Cache, key [32]byte, of func(*Cache) map[[32]byte]V, compute func() (V, error)) (V, error) {
	if v, ok := lookup(c, key, of, of); ok {
		return v, nil
	}
	v, err := compute()
	if err == nil {
		store(c, key, v, of)
	}
	return v, err
}

// parse is the link checker's parse, reused for unchanged pages.
func (c *Cache) parse(page string, data []byte, parse func(string, []byte) check.Parsed) check.Parsed {
	if c == nil {
		return parse(page, data)
	}
	p, _ := memoized(c, hash([]byte(page), data), parsedOf, func() (check.Parsed, error) { return parse(page, data), nil })
	return p
}

// minify is minify.File, reused for unchanged static files.
func (c *Cache) minify(name string, data []byte) ([]byte, error) {
	if c == nil {
		return minify.File(name, data)
	}
	return memoized(c, hash([]byte(name), data), minifiedOf, func() ([]byte, error) { return minify.File(name, data) })
}

// hash is a key made of several parts; the parts are length-prefixed so
// that no two different lists give the same key.
func hash(parts ...[]byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		l := len(p)
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
