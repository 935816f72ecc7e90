package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// roots are the directories, relative to the repository, whose changes can
// change the site.
var roots = []string{"content", "templates", "static", "i18n"}

// Editors save in several steps (write a temporary file, rename it over the
// old one, change its mode), so a rebuild waits until events have stopped
// for quiet, but never longer than maxWait after the first event of a burst.
const (
	quiet   = 10 * time.Millisecond
	maxWait = 300 * time.Millisecond
)

// watcher reports changes below the roots of a directory. fsnotify is not
// recursive: every directory is added on its own, and directories created
// later are added when their Create event arrives.
type watcher struct {
	fsw    *fsnotify.Watcher
	events <-chan fsnotify.Event // fsw's, or a test's
	errors <-chan error
	dir    string
	log    io.Writer
}

func newWatcher(dir string, log io.Writer) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", dir, err)
	}
	w := &watcher{fsw: fsw, events: fsw.Events, errors: fsw.Errors, dir: filepath.Clean(dir), log: log}
	// The directory itself, to see a root that is created or replaced later.
	if err := fsw.Add(w.dir); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("cannot watch %s: %w", dir, err)
	}
	for _, r := range roots {
		w.addTree(filepath.Join(w.dir, r))
	}
	return w, nil
}

func (w *watcher) close() { w.fsw.Close() }

// addTree watches dir and every directory below it.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone again, or not there yet: its Create event will come
		}
		if d.IsDir() {
			if err := w.fsw.Add(p); err != nil {
				fmt.Fprintf(w.log, "cannot watch %s: %v\n", p, err)
			}
		}
		return nil
	})
}

// run calls rebuild after each burst of relevant events, until ctx ends.
func (w *watcher) run(ctx context.Context, rebuild func()) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var first time.Time // of the pending burst; zero when none is pending
	schedule := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		timer.Reset(max(0, min(quiet, maxWait-now.Sub(first))))
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.events:
			if !ok {
				return nil
			}
			if w.relevant(ev) {
				schedule()
			}
		case err, ok := <-w.errors:
			if !ok {
				return nil
			}
			// Most likely a queue overflow: events were lost, so rebuild.
			fmt.Fprintf(w.log, "watcher: %v\n", err)
			schedule()
		case <-timer.C:
			first = time.Time{}
			rebuild()
		}
	}
}

// relevant reports whether an event can change the site, and starts
// watching directories that appear.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	rel, err := filepath.Rel(w.dir, ev.Name)
	if err != nil {
		return false
	}
	root, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if !slices.Contains(roots, root) || ev.Op == fsnotify.Chmod {
		return false
	}
	// Editor droppings (vim swap files and backups, Emacs lock files) come
	// and go while a file is being edited; they alone never trigger a build.
	if name := filepath.Base(ev.Name); strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			w.addTree(ev.Name)
		}
	}
	return true
}
