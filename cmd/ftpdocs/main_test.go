package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the repository root, absolute so that tests may change
// directory.
var repoRoot = func() string {
	p, err := filepath.Abs("../..")
	if err != nil {
		panic(err)
	}
	return p
}()

// copyTree copies the repository parts a build reads into dir.
func copyTree(t *testing.T, dir string, parts ...string) {
	t.Helper()
	for _, part := range parts {
		err := filepath.WalkDir(filepath.Join(repoRoot, part), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repoRoot, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestBuildErrorsKeepPublic runs "ftpdocs build" on content with mistakes:
// the exit status is 1, every mistake is printed as file:line:col, and the
// public/ of the last good build is left exactly as it was.
func TestBuildErrorsKeepPublic(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, dir, "content", "templates", "i18n", "static")
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"build"}, &out, &errb); code != 0 {
		t.Fatalf("the real content does not build (exit %d):\n%s", code, errb.String())
	}
	before := readDir(t, "public")

	mustWrite(t, "content/en/codes/425.md", "---\ntitle: x\nsummary: y\nstatus: standard\ncolour: red\n---\n")
	mustWrite(t, "content/ru/guides/passive-mode.md", "---\ntitle: x\nsummary: [\n---\n")
	mustWrite(t, "content/en/commands/pasv.md", "no front matter\n")
	out.Reset()
	errb.Reset()
	if code := run([]string{"build"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	pos := regexp.MustCompile(`^content/(en|ru)/\S+\.md:\d+:\d+: `)
	var positioned []string
	for _, l := range lines {
		if pos.MatchString(l) {
			positioned = append(positioned, l)
		}
	}
	for _, want := range []string{
		"content/en/codes/425.md:5:1: unknown front matter key \"colour\"",
		"content/en/commands/pasv.md:1:1: the file must start with front matter",
		"content/ru/guides/passive-mode.md:3:",
	} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	if !strings.HasSuffix(lines[len(lines)-1], "nothing was published") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	after := readDir(t, "public")
	if len(before) != len(after) {
		t.Fatalf("public/ has %d files, had %d", len(after), len(before))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("public/%s changed", name)
		}
	}
}

func TestUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage: ftpdocs") {
		t.Errorf("no arguments: exit %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"build", "--base-url", "ftp://x"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "absolute http(s) URL") {
		t.Errorf("bad base URL: exit %d, %q", code, errb.String())
	}
}

func mustWrite(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
