package serve

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestDebounce feeds the rebuild loop events on a fake clock and checks
// when it builds.
func TestDebounce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		events := make(chan fsnotify.Event)
		errs := make(chan error)
		w := &watcher{events: events, errors: errs, dir: "/site", log: io.Discard}
		start := time.Now()
		builds := make(chan time.Duration, 100)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- w.run(ctx, func() { builds <- time.Since(start) }) }()
		send := func(name string, op fsnotify.Op) { events <- fsnotify.Event{Name: name, Op: op} }
		expect := func(what string, want ...time.Duration) {
			t.Helper()
			time.Sleep(time.Second) // fake time: lets every pending timer fire
			synctest.Wait()
			var got []time.Duration
			for len(builds) > 0 {
				got = append(got, <-builds)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: builds at %v, want %v", what, got, want)
			}
			start = time.Now()
		}

		// An editor's save: temporary file, rename, chmod, in a few ms.
		send("/site/content/ru/codes/.425.md.swp", fsnotify.Write)
		send("/site/content/ru/codes/425.md.tmp", fsnotify.Create)
		time.Sleep(2 * time.Millisecond)
		send("/site/content/ru/codes/425.md", fsnotify.Create)
		time.Sleep(3 * time.Millisecond)
		send("/site/content/ru/codes/425.md", fsnotify.Chmod)
		expect("one save", 2*time.Millisecond+quiet) // a chmod alone changes nothing

		// Events that cannot change the site.
		send("/site/public/index.html", fsnotify.Write)
		send("/site/README.md", fsnotify.Write)
		send("/site/static/css/.site.css.swp", fsnotify.Create)
		send("/site/templates/base.html~", fsnotify.Create)
		send("/site/templates/base.html", fsnotify.Chmod)
		expect("irrelevant events")

		// A stream of events never starves the build: there is one every
		// maxWait, and the next burst starts with the next event. (Every 7ms,
		// so that no event comes at the instant a build is due.)
		for range 150 {
			send("/site/i18n/site.en.yaml", fsnotify.Write)
			time.Sleep(7 * time.Millisecond)
		}
		ms := time.Millisecond
		expect("a stream of events", maxWait, 301*ms+maxWait, 602*ms+maxWait, 149*7*ms+quiet)

		// Lost events (a queue overflow) rebuild to be safe.
		errs <- errors.New("fsnotify: queue or buffer overflow")
		expect("an overflow", quiet)

		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
}
