package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// fixtureSite writes the small valid site of the build package's tests
// (minimal.txtar) and the repository's templates, strings and static files
// into a new directory.
func fixtureSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, dir, "templates", "i18n", "static")
	ar, err := txtar.ParseFile(filepath.Join(repoRoot, "cmd/ftpdocs/internal/build/testdata/sites/minimal.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want/") {
			continue
		}
		p := filepath.Join(dir, f.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const page425 = "content/en/codes/425.md"

// TestHostileInput feeds the build one bad input at a time. Each mistake
// gets a clear message (with file:line:col where there is a position), a
// non-zero exit and no panic, and the public/ of the last good build stays
// exactly as it was. CRLF line endings and a byte-order mark must work.
func TestHostileInput(t *testing.T) {
	dir := fixtureSite(t)
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"build"}, &out, &errb); code != 0 {
		t.Fatalf("the fixture does not build: %s", errb.String())
	}
	good := readDir(t, "public")
	read := func(name string) string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	orig425 := read(page425)
	ruGuide := read("content/ru/guides/login.md")

	type change func()
	write := func(name, data string) change {
		return func() { mustWrite(t, name, data) }
	}
	cases := []struct {
		name   string
		change change
		args   []string
		ok     bool   // the build must succeed
		want   string // regexp the error output must match
	}{
		{"malformed YAML", write(page425, "---\ntitle: [unclosed\nsummary: x\n---\n"), nil, false,
			`content/en/codes/425\.md:\d+:\d+: invalid YAML in front matter`},
		{"unknown key", write(page425, strings.Replace(orig425, "status: standard", "status: standard\ncolour: red", 1)), nil, false,
			`content/en/codes/425\.md:5:1: unknown front matter key "colour"`},
		{"wrong type", write(page425, strings.Replace(orig425, "status: standard", "status: [standard]", 1)), nil, false,
			`content/en/codes/425\.md:4:9: wrong type for status`},
		{"duplicate key", write(page425, strings.Replace(orig425, "status: standard", "status: standard\nstatus: extension", 1)), nil, false,
			`content/en/codes/425\.md:5:1: duplicate front matter key "status" \(first given on line 4\)`},
		{"duplicate page key", write("content/en/commands/PASV.md", "---\ntitle: x\nsummary: y\n---\n"), nil, false,
			`content/en/commands/PASV\.md: unexpected file name`},
		{"file and front matter disagree", write(page425, strings.Replace(orig425, "title: Can't", "title: 426 Can't", 1)), nil, false,
			`content/en/codes/425\.md:2:8: the title starts with 426 but the file is 425\.md`},
		{"related code without a page", write(page425, strings.Replace(orig425, `"426":`, `"999":`, 1)), nil, false,
			`content/en/codes/425\.md:10:3: related code 999 has no page`},
		{"code: link without a page", write(page425, orig425+"\nSee [999](code:999).\n"), nil, false,
			`content/en/codes/425\.md:\d+:5: no page for code "999"`},
		{"missing translation", func() { os.Remove("content/ru/guides/login.md") }, nil, false,
			`content/en/guides/login\.md: missing translation: create content/ru/guides/login\.md`},
		{"invalid UTF-8", write(page425, strings.Replace(orig425, "A firewall.", "A fire\xffwall.", 1)), nil, false,
			`content/en/codes/425\.md:\d+:7: the file is not valid UTF-8`},
		{"byte-order mark", write(page425, "\uFEFF"+orig425), nil, true, ``},
		{"CRLF line endings", write(page425, strings.ReplaceAll(orig425, "\n", "\r\n")), nil, true, ``},
		{"empty file", write(page425, ""), nil, false,
			`content/en/codes/425\.md:1:1: the file must start with front matter`},
		{"10 MB file", write(page425, orig425+strings.Repeat("A very long page. ", 10<<20/18)), nil, false,
			`content/en/codes/425\.md: file is \d+ bytes; the limit is \d+`},
		{"deeply nested Markdown", write(page425, orig425+"\n"+strings.Repeat("> ", 5000)+"deep\n"), nil, false,
			`content/en/codes/425\.md:\d+:65: block quotes and lists nest more than 32 levels`},
		{"raw script in Markdown", write(page425, orig425+"\n<script>alert(1)</script>\n"), nil, false,
			`content/en/codes/425\.md:\d+:1: .*HTML`},
		{"symlink loop", func() { os.Symlink("loop.md", "content/en/guides/loop.md") }, nil, false,
			`content/en/guides/loop\.md: cannot read: .*(too many levels of symbolic links|loop)`},
		{"output directory that cannot be written", nil, []string{"build", "--out", "content/en/_index.md/public"}, false,
			`not a directory`},
		{"template that references a missing field", write("templates/guide.html", "{{define \"main\"}}{{.Page.Author}}{{end}}\n"), nil, false,
			`templates/guide\.html:1:\d+: .*can't evaluate field Author`},
		{"script with a syntax error", write("static/js/site.js", "var a = 1;\nfunction (\n"), nil, false,
			`static/js/site\.js:2:10: Expected identifier but found "\("`},
	}
	if os.Geteuid() != 0 {
		cases = append(cases, struct {
			name   string
			change change
			args   []string
			ok     bool
			want   string
		}{"unreadable file", func() { os.Chmod(page425, 0) }, nil, false, `content/en/codes/425\.md: cannot read: permission denied`})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Restore the fixture after each case.
			defer func() {
				os.Chmod(page425, 0o644)
				mustWrite(t, page425, orig425)
				mustWrite(t, "content/ru/guides/login.md", ruGuide)
				os.Remove("content/en/commands/PASV.md")
				os.Remove("content/en/guides/loop.md")
				copyTree(t, ".", "templates")
			}()
			if tc.change != nil {
				tc.change()
			}
			args := tc.args
			if args == nil {
				args = []string{"build"}
			}
			var out, errb bytes.Buffer
			code := run(args, &out, &errb)
			if tc.ok {
				if code != 0 {
					t.Fatalf("exit %d:\n%s", code, errb.String())
				}
				return
			}
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%s", code, errb.String())
			}
			if !regexp.MustCompile(tc.want).MatchString(errb.String()) {
				t.Errorf("stderr does not match %q:\n%s", tc.want, errb.String())
			}
			if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "goroutine ") {
				t.Errorf("stderr shows a panic:\n%s", errb.String())
			}
			now := readDir(t, "public")
			if len(now) != len(good) {
				t.Fatalf("public/ has %d files, had %d", len(now), len(good))
			}
			for name, data := range good {
				if !bytes.Equal(now[name], data) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
	// The raw <script> never reaches a page, even in the case that fails.
	for name, data := range readDir(t, "public") {
		if bytes.Contains(data, []byte("alert(1)")) {
			t.Errorf("%s contains the raw script", name)
		}
	}
}

// TestKilledBuild kills "ftpdocs build" with SIGKILL at several moments of
// a build of the real content and checks that public/ is each time either
// the complete previous site or the complete new one.
func TestKilledBuild(t *testing.T) {
	if os.Getenv("FTPDOCS_MAIN") != "" {
		os.Exit(run(os.Args[len(os.Args)-1:], os.Stdout, os.Stderr))
	}
	dir := t.TempDir()
	copyTree(t, dir, "content", "templates", "i18n", "static")
	t.Chdir(dir)
	// The previous site: an old build with a marker file the new one lacks.
	var out, errb bytes.Buffer
	if code := run([]string{"build"}, &out, &errb); code != 0 {
		t.Fatalf("build: %s", errb.String())
	}
	mustWrite(t, "public/old-site-marker", "old")
	old := readDir(t, "public")
	mustWrite(t, "content/en/codes/425.md", strings.Replace(readFile(t, "content/en/codes/425.md"), "## In practice", "## In practice\n\nNEW-BUILD-MARKER\n", 1))

	var outcomes []string
	for _, delay := range []time.Duration{0, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond,
		200 * time.Millisecond, 300 * time.Millisecond, 450 * time.Millisecond, 700 * time.Millisecond, 1000 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuild$", "build")
		cmd.Env = append(os.Environ(), "FTPDOCS_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		now := readDir(t, "public")
		switch {
		case sameTree(now, old):
			outcomes = append(outcomes, "old")
		case now["public/old-site-marker"] == nil && bytes.Contains(now["public/codes/425/index.html"], []byte("NEW-BUILD-MARKER")) && len(now) == len(old)-1:
			outcomes = append(outcomes, "new")
			// Put the old site back for the next round.
			os.RemoveAll("public")
			for name, data := range old {
				os.MkdirAll(filepath.Dir(name), 0o755)
				os.WriteFile(name, data, 0o644)
			}
		default:
			t.Fatalf("killed after %v (%v): public/ is damaged: %d files (old had %d)", delay, err, len(now), len(old))
		}
	}
	t.Logf("outcome by kill delay: %s", strings.Join(outcomes, " "))
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			// Left by a killed build; the next build removes it.
			var out, errb bytes.Buffer
			run([]string{"build"}, &out, &errb)
			if _, err := os.Stat(e.Name()); err == nil {
				t.Errorf("%s survived the next build", e.Name())
			}
			break
		}
	}
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
