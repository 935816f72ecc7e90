package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// repoRoot is the repository root, where templates/, i18n/ and static/ live.
const repoRoot = "../../../.."

// waitFor bounds every wait for a rebuild. Builds of the test site take
// milliseconds; the bound is generous for a loaded CI machine and -race.
const waitFor = 60 * time.Second

// writeSite writes a test site to a new directory and returns it: the
// repository's templates/, i18n/ and static/, then the files of the archive
// testdata/NAME.
func writeSite(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	copyDirs(t, dir, "templates", "i18n", "static")
	for _, f := range ar.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

// copyDirs copies directories of the repository into dir.
func copyDirs(t testing.TB, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		err := filepath.WalkDir(filepath.Join(repoRoot, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repoRoot, p)
			writeFile(t, dir, filepath.ToSlash(rel), string(data))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveFile replaces a file the way most editors save: write a temporary
// file beside it, then rename it over the old one.
func saveFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// replaceIn edits a file of the site: old must occur in it.
func replaceIn(t testing.TB, dir, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	saveFile(t, dir, name, strings.Replace(string(data), old, new, 1))
}

// testServer is a Server serving on a real listener on 127.0.0.1.
type testServer struct {
	srv    *Server
	url    string // with the base path: "http://127.0.0.1:PORT/repo/"
	origin string // "http://127.0.0.1:PORT"
	addr   string
	client *http.Client // follows no redirects
	log    *syncBuffer
	stop   func() // stops the server and checks that Serve returned cleanly; idempotent
}

func start(t testing.TB, dir, base string) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	log := &syncBuffer{}
	srv, err := New(Options{FS: os.DirFS(dir), Dir: dir, BaseURL: origin + base, Log: log})
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	transport := &http.Transport{MaxIdleConnsPerHost: 100}
	ts := &testServer{
		srv: srv, url: origin + base, origin: origin, addr: ln.Addr().String(), log: log,
		client: &http.Client{
			Transport:     transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	var once sync.Once
	ts.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("Serve did not return within 10s of its context ending")
			}
			transport.CloseIdleConnections()
		})
	}
	t.Cleanup(ts.stop)
	return ts
}

// get requests a URL (absolute, or relative to the server's origin).
func (ts *testServer) get(t testing.TB, url string, header ...string) (*http.Response, string) {
	t.Helper()
	return ts.do(t, http.MethodGet, url, header...)
}

func (ts *testServer) do(t testing.TB, method, url string, header ...string) (*http.Response, string) {
	t.Helper()
	if strings.HasPrefix(url, "/") {
		url = ts.origin + url
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return resp, string(body)
}

// raw sends a request target byte for byte, as no HTTP client library
// would, and returns the status and body of the answer.
func (ts *testServer) raw(t testing.TB, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", ts.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, ts.addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %.60q: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// stream follows the server's event stream.
type stream struct {
	statuses chan status
	last     status
}

func (ts *testServer) stream(t testing.TB) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.url+liveDir+"events", nil)
	resp, err := ts.client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("event stream: %s, %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	s := &stream{statuses: make(chan status)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(s.statuses)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var st status
			if err := json.Unmarshal([]byte(data), &st); err != nil {
				t.Errorf("event %q: %v", data, err)
				return
			}
			select {
			case s.statuses <- st:
			case <-ctx.Done():
				return
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	s.wait(t, "the first status", func(status) bool { return true })
	return s
}

// wait returns the first status for which ok is true.
func (s *stream) wait(t testing.TB, what string, ok func(status) bool) status {
	t.Helper()
	deadline := time.NewTimer(waitFor)
	defer deadline.Stop()
	for {
		select {
		case st, open := <-s.statuses:
			if !open {
				t.Fatalf("event stream ended while waiting for %s", what)
			}
			s.last = st
			if ok(st) {
				return st
			}
		case <-deadline.C:
			t.Fatalf("no %s within %v; last status: %+v", what, waitFor, s.last)
		}
	}
}

// newVersion waits for a successful build that changed the site.
func (s *stream) newVersion(t testing.TB) status {
	t.Helper()
	old := s.last.Version
	return s.wait(t, "new version", func(st status) bool { return st.Version != old && len(st.Errors) == 0 })
}

// syncBuffer is a log that tests can read while the server writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
