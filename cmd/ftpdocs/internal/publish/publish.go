// Package publish writes a finished site to its output directory so that
// readers and hosts only ever see a complete site.
//
// Files go into a staging directory beside the output, which is then
// swapped in. On Linux the swap is one renameat2(RENAME_EXCHANGE) call: at
// every instant the output directory is either the complete old site or the
// complete new one, so a build that fails, or is killed at any moment,
// leaves the previous site as it was. Elsewhere the swap is two renames.
// Leftover staging directories of killed builds are removed by the next one.
package publish

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/work"
)

// Files maps slash-separated paths (relative to the output root) to contents.
type Files map[string][]byte

const stagingMark = ".staging-"

// Write replaces the directory out with exactly files.
func Write(out string, files Files) error {
	st, err := Begin(out)
	if err != nil {
		return err
	}
	if err := st.Write(files); err != nil {
		st.Abort()
		return err
	}
	return st.Commit()
}

// Stage is a site being written beside its output directory, not yet
// visible there. It is written in one or more parts, then committed, or
// aborted, which leaves the output as it was.
type Stage struct {
	out, dir string
	mu       sync.Mutex
	dirs     map[string]bool // directories made so far
}

// Begin starts a new site for the directory out.
func Begin(out string) (*Stage, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	removeStale(parent, base)
	dir, err := os.MkdirTemp(parent, "."+base+stagingMark)
	if err != nil {
		return nil, fmt.Errorf("cannot write next to %s: %w", out, err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Stage{out: out, dir: dir, dirs: map[string]bool{}}, nil
}

// Write adds files to the stage. Several Writes may run at once, with
// different files.
func (st *Stage) Write(files Files) error { return st.writeAll(files) }

// Commit swaps the stage in as the output directory and deletes the
// previous site.
func (st *Stage) Commit() error {
	if err := swap(st.dir, st.out); err != nil {
		os.RemoveAll(st.dir)
		return fmt.Errorf("cannot replace %s: %w", st.out, err)
	}
	// The stage's directory now holds the previous site (or nothing).
	return os.RemoveAll(st.dir)
}

// Abort deletes the stage; the output directory stays as it was.
func (st *Stage) Abort() { os.RemoveAll(st.dir) }

// removeStale deletes staging directories left by killed builds.
func removeStale(parent, base string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+stagingMark) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func (st *Stage) writeAll(files Files) error {
	names := make([]string, 0, len(files))
	dirSet := map[string]bool{}
	for name := range files {
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return fmt.Errorf("refusing to write %q outside the output directory", name)
		}
		names = append(names, name)
		for d := path.Dir(name); d != "." && !dirSet[d]; d = path.Dir(d) {
			dirSet[d] = true
		}
	}
	sort.Strings(names)
	var (
		mu    sync.Mutex
		first error
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	// Directories level by level, parents first, each level in parallel;
	// one Write at a time makes them, each once.
	st.mu.Lock()
	byDepth := map[int][]string{}
	maxDepth := 0
	for d := range dirSet {
		if st.dirs[d] {
			continue
		}
		depth := strings.Count(d, "/")
		byDepth[depth] = append(byDepth[depth], d)
		maxDepth = max(maxDepth, depth)
	}
	for depth := 0; depth <= maxDepth && first == nil; depth++ {
		dirs := byDepth[depth]
		work.EachN(len(dirs), work.IOWorkers, func(i int) {
			if err := os.Mkdir(filepath.Join(st.dir, filepath.FromSlash(dirs[i])), 0o755); err != nil {
				fail(err)
			}
		})
		for _, d := range dirs {
			st.dirs[d] = true
		}
	}
	st.mu.Unlock()
	if first != nil {
		return first
	}
	work.EachN(len(names), work.IOWorkers, func(i int) {
		name := names[i]
		if err := os.WriteFile(filepath.Join(st.dir, filepath.FromSlash(name)), files[name], 0o644); err != nil {
			fail(err)
		}
	})
	return first
}

// swapTwoRenames moves out aside into stage's place and stage into out.
// Used where an atomic exchange is not available.
func swapTwoRenames(stage, out string) error {
	old := stage + ".old"
	if err := os.Rename(out, old); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		old = ""
	}
	if err := os.Rename(stage, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.Rename(old, stage)
	}
	return os.Mkdir(stage, 0o755)
}
