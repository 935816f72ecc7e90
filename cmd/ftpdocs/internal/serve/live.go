package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html"
	"net/http"
)

// live.js is the reload client. It exists only in this server's responses.
//
//go:embed live.js
var liveSource []byte

var liveJS = &file{
	data:  liveSource,
	etag:  `"live-` + liveVersion + `"`,
	ctype: "text/javascript; charset=utf-8",
}

// liveVersion names this build's live.js in the pages' tag (live.js?VERSION).
var liveVersion = hashHex(liveSource)

// injectLive returns a copy of an HTML page with the reload client's tag
// before </body> (or at the end). The page's version goes with it, so the
// client can tell whether the site has changed since the page was served.
// It is an external script, not an inline one, so that a page's Content
// Security Policy need not allow inline scripts.
func injectLive(page []byte, base, version string) []byte {
	tag := `<script src="` + html.EscapeString(base+liveDir) + `live.js?` + liveVersion + `" data-version="` +
		html.EscapeString(version) + `"></script>`
	at := bytes.LastIndex(page, []byte("</body>"))
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

// events is the event stream every open page follows. Each message is the
// current status as JSON ({"version": ..., "errors": [...]}): one at once,
// so that a freshly loaded page shows the errors of a broken build, then
// one after every build. Messages are coalesced: a slow page gets the
// latest status, never a backlog.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		httpError(w, http.StatusMethodNotAllowed)
		return
	}
	notify := make(chan struct{}, 1)
	s.mu.Lock()
	if s.streams == nil { // shutting down
		s.mu.Unlock()
		httpError(w, http.StatusServiceUnavailable)
		return
	}
	s.streams[notify] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.streams, notify) // no-op once Close has dropped the map
		s.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	// After a restart of the server, reconnect soon.
	if _, err := w.Write([]byte("retry: 500\n\n")); err != nil {
		return
	}
	for {
		s.mu.Lock()
		msg, err := json.Marshal(s.status)
		s.mu.Unlock()
		if err != nil {
			return // cannot happen: status holds only strings
		}
		// JSON has no raw newlines, so the message is a single data line.
		if _, err := w.Write(append(append([]byte("data: "), msg...), "\n\n"...)); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-notify:
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		}
	}
}
