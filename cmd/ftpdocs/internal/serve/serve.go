// Package serve is the local preview behind "ftpdocs serve": it builds the
// site in memory with build.Generate, serves it over HTTP the way GitHub
// Pages serves public/, rebuilds when the sources change, and reloads the
// pages open in a browser.
//
// The contract:
//
//   - What is served is exactly what "ftpdocs build" would publish for the
//     same base URL, with one addition made at response time: HTML responses
//     get a <script> tag for the live-reload client. Nothing is written to
//     disk, and the reload client never ends up in the build output.
//   - Requests are answered as GitHub Pages does: "dir/" serves
//     dir/index.html, "dir" redirects (301) to "dir/", anything else that is
//     missing gets 404.html with status 404 (so do dotfiles and directories
//     without an index: there are no listings). Under a base path
//     ("/repo/"), everything outside it is missing too.
//   - A request reads only keys of the in-memory site, so it cannot reach
//     the file system at all; paths that try anyway (dot-dot segments,
//     encoded slashes or backslashes, NUL, absolute-form targets, overlong
//     paths) get 400 before any lookup.
//   - The server watches content/, templates/, static/ and i18n/
//     (directories created later included); Run waits for a burst of
//     events to settle, and rebuilds. A successful build replaces the site
//     atomically; a failed one keeps the last good site and publishes its
//     errors. Every open page follows an event stream that carries the
//     site's version and the current errors: it reloads when the version
//     changes and shows the errors, as file:line:col: message, in an
//     overlay until they are fixed.
//   - Serve stops when its context ends: event streams are closed, the HTTP
//     server shuts down gracefully, the watcher stops.
//
// Serve is the whole preview on a listener. For an httptest server, use
// Handler, Run and Close.
package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/build"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/search"
)

// Options configure a Server.
type Options struct {
	// FS is the repository: content/, templates/, static/ and i18n/.
	FS fs.FS
	// Dir is the same tree on disk, watched for changes. Empty: no
	// watching; Run only waits.
	Dir string
	// BaseURL is the address the site is served at, e.g.
	// "http://127.0.0.1:8080/" or "http://127.0.0.1:8080/repo/". Its path is
	// the base path; the build uses the whole URL as its base URL, so that
	// 404.html links from the base path as it does when deployed.
	BaseURL string
	// Log receives one line per build and the errors of failed builds.
	// Nil: discarded.
	Log io.Writer
}

// Server is a live preview of one site.
type Server struct {
	opt  Options
	base string // base path: "/" or "/repo/"
	log  io.Writer

	site  atomic.Pointer[site] // the last good site; nil until one builds
	cache *build.Cache         // work reused between rebuilds; used by one rebuild at a time

	retiredMu sync.Mutex
	retired   []*build.Result // replaced builds whose search indexes are still open
	watch     *watcher        // nil without Options.Dir

	mu      sync.Mutex
	status  status                     // what event streams report
	streams map[chan struct{}]struct{} // one per open event stream; nil once closed

	closeOnce sync.Once
	closed    chan struct{} // closed when the server stops: ends event streams
}

// site is one successful build, ready to serve.
type site struct {
	files   map[string]*file // by slash path from the site root, without the search index's
	version string           // a hash of files
	search  *searching       // the search index, made after the pages
	res     *build.Result
}

// searching is the search index of a site: the build makes it after the
// pages (build.Options.Preview), so that a reload need not wait for it.
// Requests for its files and the JSON endpoint wait until it is ready.
type searching struct {
	ready   chan struct{} // closed when the fields below are set
	files   map[string]*file
	handler http.Handler // the JSON search endpoint over the bleve indexes
}

// searchWait bounds how long a request waits for the search index.
const searchWait = time.Minute

// wait returns the search index once ready, or nil if the request ends or
// the server closes first.
func (sr *searching) wait(r *http.Request, closed <-chan struct{}) *searching {
	t := time.NewTimer(searchWait)
	defer t.Stop()
	select {
	case <-sr.ready:
		return sr
	case <-r.Context().Done():
	case <-closed:
	case <-t.C:
	}
	return nil
}

type file struct {
	data      []byte
	etag      string
	ctype     string
	immutable bool // its name changes with its content: browsers may keep it
}

// status is what the event stream tells open pages.
type status struct {
	Version string    `json:"version"`          // version of the site being served
	Errors  []problem `json:"errors,omitempty"` // of the last build, if it failed
}

type problem struct {
	Pos string `json:"pos,omitempty"` // "content/en/codes/425.md:3:1"
	Msg string `json:"msg"`
}

// New checks the options, starts watching Options.Dir and builds the site
// once. Watching starts first, so that no change is missed between the
// build and Run. A build error does not make New fail: like a later one,
// it is served as the error overlay.
func New(opt Options) (*Server, error) {
	u, err := url.Parse(opt.BaseURL)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("serve: base URL %q is not an absolute http URL", opt.BaseURL)
	}
	base, err := CleanBasePath(u.Path)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cache:   build.NewCache(),
		opt:     opt,
		base:    base,
		log:     opt.Log,
		streams: map[chan struct{}]struct{}{},
		closed:  make(chan struct{}),
	}
	if s.log == nil {
		s.log = io.Discard
	}
	if opt.Dir != "" {
		if s.watch, err = newWatcher(opt.Dir, s.log); err != nil {
			return nil, err
		}
	}
	s.rebuild()
	return s, nil
}

// CleanBasePath checks a base path given on the command line ("/repo/",
// "repo", "/a/b") and returns it with one leading and one trailing slash.
// Only characters a GitHub repository name can have are allowed, and no
// segment may start with a dot.
func CleanBasePath(p string) (string, error) {
	bad := func() (string, error) {
		return "", fmt.Errorf("base path %q: use slash-separated names of letters, digits, '-', '_' and '.', e.g. /repo/", p)
	}
	if p == "" || p == "/" {
		return "/", nil
	}
	clean := "/" + trimSlashes(p) + "/"
	for i := 1; i < len(clean); i++ {
		c := clean[i]
		switch {
		case c == '/' && clean[i-1] == '/',
			c == '.' && clean[i-1] == '/':
			return bad()
		case c == '/', c == '-', c == '_', c == '.',
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		default:
			return bad()
		}
	}
	return clean, nil
}

func trimSlashes(p string) string {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	for len(p) > 0 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	return p
}

// Serve serves the site on ln and runs the rebuild loop until ctx ends,
// then shuts everything down and returns nil; or returns the error that
// stopped the HTTP server.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       time.Minute,
		// No WriteTimeout: event streams stay open for as long as a page does.
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- s.Run(ctx) }()
	srvErr := make(chan error, 1)
	go func() { srvErr <- hs.Serve(ln) }()

	var err error
	select {
	case <-ctx.Done():
	case err = <-srvErr:
		srvErr = nil
	case err = <-runErr:
		runErr = nil
	}
	cancel()
	s.Close() // end event streams first: Shutdown waits for them
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if serr := hs.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	if srvErr != nil {
		if serr := <-srvErr; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	if runErr != nil {
		if rerr := <-runErr; err == nil {
			err = rerr
		}
	}
	return err
}

// Close ends every open event stream, refuses new ones, and stops
// watching. Use it before shutting down an http.Server that serves
// Handler; Serve does.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.streams = nil
		s.mu.Unlock()
		close(s.closed)
		if s.watch != nil {
			s.watch.close()
		}
		s.retire(nil)
		if st := s.site.Load(); st != nil {
			st.res.Close()
		}
		s.cache.Close()
	})
}

// retire closes the builds retired before and keeps res (if any) until
// the next call.
func (s *Server) retire(res *build.Result) {
	s.retiredMu.Lock()
	old := s.retired
	s.retired = nil
	if res != nil {
		s.retired = append(s.retired, res)
	}
	s.retiredMu.Unlock()
	for _, r := range old {
		r.Close()
	}
}

// Run rebuilds the site whenever the sources under Options.Dir change,
// until ctx ends or the server is closed.
func (s *Server) Run(ctx context.Context) error {
	if s.watch == nil {
		<-ctx.Done()
		return nil
	}
	defer s.watch.close()
	return s.watch.run(ctx, s.rebuild)
}

// rebuild builds the site; on success it becomes the served site. Either
// way every open page is told.
func (s *Server) rebuild() {
	start := time.Now()
	res, err := build.Generate(s.opt.FS, build.Options{BaseURL: s.opt.BaseURL, Cache: s.cache, Preview: true})
	elapsed := time.Since(start).Round(time.Millisecond)

	var problems []problem
	if err == nil {
		next := newSite(res.Files, res.Hashed, s.base)
		next.res = res
		// Unchanged output keeps the old version: open pages need no reload.
		if old := s.site.Load(); old == nil || old.version != next.version {
			next.search = &searching{ready: make(chan struct{})}
			go s.finishSearch(next)
			s.site.Store(next)
			if old != nil {
				// A search that took the old site a moment ago may still be
				// reading its indexes: they are closed at the next rebuild.
				s.retire(old.res)
			}
		} else {
			go res.Close()
		}
		fmt.Fprintf(s.log, "built %d files in %v\n", len(res.Files), elapsed)
	} else {
		problems = toProblems(err)
		fmt.Fprintf(s.log, "build failed in %v; still serving the last good site:\n%v\n", elapsed, err)
	}

	s.mu.Lock()
	s.status = status{Errors: problems}
	if cur := s.site.Load(); cur != nil {
		s.status.Version = cur.version
	}
	s.notifyLocked()
	s.mu.Unlock()
}

// notifyLocked tells every open event stream to send the status; s.mu is
// held.
func (s *Server) notifyLocked() {
	for ch := range s.streams {
		select {
		case ch <- struct{}{}:
		default: // a notification is already pending; it will read the new status
		}
	}
}

// finishSearch waits for the search index of st and makes it servable.
// If the search stage fails (never for a content error: those stop the
// build before it), its files are missing and open pages show the error.
func (s *Server) finishSearch(st *site) {
	defer close(st.search.ready)
	sr, err := st.res.Search()
	if err != nil {
		fmt.Fprintf(s.log, "the search index failed: %v\n", err)
		st.search.files = map[string]*file{}
		st.search.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			httpError(w, http.StatusServiceUnavailable)
		})
		s.mu.Lock()
		if s.site.Load() == st {
			s.status.Errors = toProblems(err)
			s.notifyLocked()
		}
		s.mu.Unlock()
		return
	}
	st.search.files = make(map[string]*file, len(sr.Files))
	for name, data := range sr.Files {
		st.search.files[name] = &file{data: data, etag: `"` + hashHex(data) + `"`, ctype: contentType(name), immutable: sr.Hashed[name]}
	}
	indexes := map[string]*search.Index{}
	for lang, ix := range sr.Indexes {
		indexes[string(lang)] = ix
	}
	st.search.handler = search.Handler(indexes)
}

// toProblems turns a build error into what the overlay shows. Content and
// template errors (diag.List) are the writer's to see; any other error is
// the program's, and its text (which may hold file system details) goes
// only to the log.
func toProblems(err error) []problem {
	var list diag.List
	if !errors.As(err, &list) {
		return []problem{{Msg: "the build failed; see the terminal running ftpdocs serve"}}
	}
	out := make([]problem, 0, len(list))
	for _, e := range list {
		p := problem{Msg: e.Msg}
		switch {
		case e.File == "":
		case e.Line == 0:
			p.Pos = e.File
		case e.Col == 0:
			p.Pos = fmt.Sprintf("%s:%d", e.File, e.Line)
		default:
			p.Pos = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
		}
		out = append(out, p)
	}
	return out
}

// newSite prepares built files for serving: content types, ETags, and the
// live-reload tag in every HTML file. The version is a hash of the build
// output, so it survives a restart of the server and stays the same when a
// rebuild changes nothing.
func newSite(files map[string][]byte, hashed map[string]bool, base string) *site {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	all := sha256.New()
	sums := make(map[string]string, len(files))
	for _, name := range names {
		sums[name] = hashHex(files[name])
		fmt.Fprintf(all, "%s\x00%s\x00", name, sums[name])
	}
	version := hex.EncodeToString(all.Sum(nil)[:8])

	st := &site{files: make(map[string]*file, len(files)), version: version}
	for _, name := range names {
		data, etag := files[name], sums[name]
		ctype := contentType(name)
		if path.Ext(name) == ".html" {
			data = injectLive(data, base, version)
			etag += "-" + version // the injected tag carries the version
		}
		st.files[name] = &file{data: data, etag: `"` + etag + `"`, ctype: ctype, immutable: hashed[name]}
	}
	return st
}

// hashHex returns a short hex digest of data.
func hashHex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}
