package serve

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// liveDir is the server's own directory under the base path: the reload
// client and its event stream. Its name starts with a dot, and the site
// never serves dotfiles, so it cannot hide a page.
const liveDir = ".ftpdocs/"

// maxPath bounds the request target. The longest URL of the site is far
// shorter; anything longer is an attack or a mistake.
const maxPath = 2048

// Handler returns the HTTP handler of the preview.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpError(w, http.StatusMethodNotAllowed)
		return
	}
	p, ok := cleanPath(r)
	if !ok {
		httpError(w, http.StatusBadRequest)
		return
	}
	switch p {
	case s.base + liveDir + "live.js":
		if r.URL.RawQuery == liveVersion {
			// Pages ask for this version (injectLive): it never changes
			// while this server runs, so a reload need not ask again.
			w.Header().Set("Cache-Control", "max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		serveFile(w, r, liveJS)
		return
	case s.base + liveDir + "events":
		s.events(w, r)
		return
	case s.base + liveDir + "search":
		// The JSON search endpoint (search.Handler): ?q=…&lang=en|ru.
		if st := s.site.Load(); st == nil {
			httpError(w, http.StatusServiceUnavailable)
		} else if sr := st.search.wait(r, s.closed); sr == nil {
			httpError(w, http.StatusServiceUnavailable)
		} else {
			sr.handler.ServeHTTP(w, r)
		}
		return
	}
	st := s.site.Load()
	if st == nil {
		s.noSite(w, r)
		return
	}
	if p+"/" == s.base {
		redirect(w, r, s.base)
		return
	}
	rel, inside := strings.CutPrefix(p, s.base)
	if !inside || hidden(rel) {
		s.notFound(w, r, st)
		return
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html" // no directory listings: an index or nothing
	}
	f := st.files[rel]
	if f == nil && strings.HasPrefix(rel, "search/") {
		if sr := st.search.wait(r, s.closed); sr != nil {
			f = sr.files[rel]
		}
	}
	if f != nil {
		if f.immutable {
			// A rebuild that changes it gives it another name: reloads
			// after a save need not ask for it again.
			w.Header().Set("Cache-Control", "max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache") // revalidate: a rebuild may change it any time
		}
		serveFile(w, r, f)
		return
	}
	if st.files[rel+"/index.html"] != nil {
		// As GitHub Pages does. Built from the escaped path, which starts
		// with a single slash (cleanPath), so it stays on this host.
		redirect(w, r, r.URL.EscapedPath()+"/")
		return
	}
	s.notFound(w, r, st)
}

// cleanPath returns the decoded request path, or false if the request
// target is one no browser following the site's links would send: the
// absolute or authority form, an overlong path, an encoded slash or
// backslash, a backslash, a NUL or other control character, or a "." or
// ".." segment. Such a target can only be an attempt to leave the site, or
// to make one path mean two things.
func cleanPath(r *http.Request) (string, bool) {
	target := r.RequestURI
	if !strings.HasPrefix(target, "/") || len(target) > maxPath {
		return "", false
	}
	raw, _, _ := strings.Cut(target, "?")
	lower := strings.ToLower(raw)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return "", false
	}
	p := r.URL.Path
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return "", false
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	return p, true
}

// hidden reports whether a path below the base is one GitHub Pages would
// not serve: a dotfile or dot-directory, or an empty segment ("a//b").
func hidden(rel string) bool {
	segs := strings.Split(rel, "/")
	for i, seg := range segs {
		if seg == "" && i < len(segs)-1 || strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// serveFile answers with one file. http.ServeContent handles HEAD, Range
// and If-None-Match against the ETag.
func serveFile(w http.ResponseWriter, r *http.Request, f *file) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// notFound serves the site's 404.html with status 404, as GitHub Pages does.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *site) {
	f := st.files["404.html"]
	if f == nil {
		httpError(w, http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(f.data)
	}
}

// noSite answers while no build has succeeded yet: a page that shows the
// errors and reloads when the site builds.
func (s *Server) noSite(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>ftpdocs: the site does not build</title></head><body></body></html>`
		w.Write(injectLive([]byte(page), s.base, ""))
	}
}

func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if q := r.URL.RawQuery; q != "" {
		to += "?" + q
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// httpError answers with the status text only. Like net/http's
// toHTTPError, it never sends an error's own text: that could tell a
// client about the machine (paths, users, what exists) and is the
// terminal's to show, not the browser's.
func httpError(w http.ResponseWriter, code int) {
	http.Error(w, http.StatusText(code), code)
}

// types fixes the content types of the site's files, as GitHub Pages sends
// them, instead of trusting the machine's MIME tables.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json; charset=utf-8",
	".svg":         "image/svg+xml",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".webmanifest": "application/manifest+json",
}

func contentType(name string) string {
	ext := path.Ext(name)
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
