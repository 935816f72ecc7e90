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
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", parent, err)
	}
	removeStale(parent, base)
	stage, err := os.MkdirTemp(parent, "."+base+stagingMark)
	if err != nil {
		return fmt.Errorf("cannot write next to %s: %w", out, err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return err
	}
	if err := writeAll(stage, files); err != nil {
		os.RemoveAll(stage)
		return err
	}
	if err := swap(stage, out); err != nil {
		os.RemoveAll(stage)
		return fmt.Errorf("cannot replace %s: %w", out, err)
	}
	// stage now holds the previous site (or nothing).
	return os.RemoveAll(stage)
}

// removeStale deletes staging directories left by killed builds.
func removeStale(parent, base string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+stagingMark) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func writeAll(root string, files Files) error {
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
	// Directories level by level, parents first, each level in parallel.
	byDepth := map[int][]string{}
	maxDepth := 0
	for d := range dirSet {
		depth := strings.Count(d, "/")
		byDepth[depth] = append(byDepth[depth], d)
		maxDepth = max(maxDepth, depth)
	}
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
	for depth := 0; depth <= maxDepth; depth++ {
		dirs := byDepth[depth]
		work.EachN(len(dirs), work.IOWorkers, func(i int) {
			if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(dirs[i])), 0o755); err != nil {
				fail(err)
			}
		})
		if first != nil {
			return first
		}
	}
	work.EachN(len(names), work.IOWorkers, func(i int) {
		name := names[i]
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), files[name], 0o644); err != nil {
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
