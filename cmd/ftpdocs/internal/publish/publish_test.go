package publish

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree reads a directory into a map of slash paths to contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteReplaces(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, Files{"index.html": []byte("one"), "a/b/index.html": []byte("b")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, Files{"index.html": []byte("two"), "c.txt": []byte("c")}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	if len(got) != 2 || got["index.html"] != "two" || got["c.txt"] != "c" {
		t.Errorf("public = %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestWriteRefusesEscapes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	Write(out, Files{"index.html": []byte("old")})
	for _, name := range []string{"../x", "/etc/x", "a/../../x"} {
		if err := Write(out, Files{name: []byte("x")}); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
	if got := tree(t, out); got["index.html"] != "old" || len(got) != 1 {
		t.Errorf("public changed: %v", got)
	}
}

func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	Write(out, Files{"index.html": []byte("old")})
	// A file where a directory must go makes the write fail midway.
	err := Write(out, Files{"index.html": []byte("new"), "x": []byte("file"), "x/y": []byte("dir")})
	if err == nil {
		t.Fatal("Write succeeded")
	}
	if got := tree(t, out); got["index.html"] != "old" || len(got) != 1 {
		t.Errorf("public changed: %v", got)
	}
}

// TestKilled kills a publishing process with SIGKILL at several moments
// and checks that public/ is always either the complete old site or the
// complete new one, never a mix or nothing.
func TestKilled(t *testing.T) {
	if os.Getenv("FTPDOCS_PUBLISH_CHILD") != "" {
		n := 3000
		files := Files{}
		for i := 0; i < n; i++ {
			files[fmt.Sprintf("p/%d/index.html", i)] = []byte(strings.Repeat("new ", 200))
		}
		files["marker"] = []byte("new")
		if err := Write(os.Getenv("FTPDOCS_PUBLISH_CHILD"), files); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	old := Files{"marker": []byte("old"), "index.html": []byte("old")}
	var outcomes []string
	for _, delay := range []time.Duration{0, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond,
		20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond, 160 * time.Millisecond, 240 * time.Millisecond, 320 * time.Millisecond,
		480 * time.Millisecond, 640 * time.Millisecond, 1000 * time.Millisecond, 1500 * time.Millisecond} {
		out := filepath.Join(t.TempDir(), "public")
		if err := Write(out, old); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilled$")
		cmd.Env = append(os.Environ(), "FTPDOCS_PUBLISH_CHILD="+out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := tree(t, out)
		switch {
		case got["marker"] == "old" && len(got) == 2 && got["index.html"] == "old":
			outcomes = append(outcomes, "old")
		case got["marker"] == "new" && len(got) == 3001:
			outcomes = append(outcomes, "new")
		default:
			keys := make([]string, 0, len(got))
			for k := range got {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if len(keys) > 5 {
				keys = keys[:5]
			}
			t.Fatalf("killed after %v: public/ is damaged: %d files, marker %q, first %v", delay, len(got), got["marker"], keys)
		}
		// The next publish cleans up what the killed one left.
		if err := Write(out, old); err != nil {
			t.Fatal(err)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("staging directories left after the next publish: %d entries", len(entries))
		}
	}
	t.Logf("outcomes by kill delay: %v", outcomes)
}
