package build

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/errors sections of testdata/sites/*.txtar")

// repoRoot is the repository root, where templates/, i18n/ and static/ live.
const repoRoot = "../../../.."

// siteFS builds the file system of a test site: the repository's
// templates/, i18n/ and static/, then the archive's base (named on the
// archive's first comment line as "base: NAME.txtar"), then the archive's
// own files. A file whose content is "DELETE" removes that file.
func siteFS(t testing.TB, name string) (fstest.MapFS, *txtar.Archive) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata/sites", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, dir := range []string{"templates", "i18n", "static"} {
		err := filepath.WalkDir(filepath.Join(repoRoot, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(repoRoot, p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	comment := string(ar.Comment)
	if base, ok := strings.CutPrefix(strings.SplitN(comment, "\n", 2)[0], "base: "); ok {
		bfs, _ := siteFS(t, strings.TrimSpace(base))
		for k, v := range bfs {
			fsys[k] = v
		}
	}
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want/") {
			continue
		}
		if string(f.Data) == "DELETE\n" {
			delete(fsys, f.Name)
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys, ar
}

func section(ar *txtar.Archive, name string) (string, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

// TestSites builds every testdata/sites/*.txtar. A valid site lists its
// output files in want/files and substrings of outputs in want/contains
// ("path: text"); an invalid site gives the exact error list in
// want/errors.
func TestSites(t *testing.T) {
	names, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(names) == 0 {
		t.Fatal("no test sites")
	}
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".txtar"), func(t *testing.T) {
			fsys, ar := siteFS(t, name)
			res, err := Generate(fsys, Options{})
			wantErrs, isInvalid := section(ar, "want/errors")
			if isInvalid {
				got := ""
				if err != nil {
					got = err.Error() + "\n"
				}
				if *update {
					writeSection(t, path, ar, "want/errors", got)
					return
				}
				if got != wantErrs {
					t.Errorf("errors:\n%s\nwant:\n%s", got, wantErrs)
				}
				return
			}
			if err != nil {
				t.Fatalf("build failed:\n%v", err)
			}
			if want, ok := section(ar, "want/files"); ok {
				var got []string
				for f := range res.Files {
					if !strings.HasPrefix(f, "css/") && !strings.HasPrefix(f, "js/") && !strings.HasPrefix(f, "favicon") && (!strings.HasPrefix(f, "search/") || f == "search/index.html") {
						got = append(got, f)
					}
				}
				sort.Strings(got)
				if g := strings.Join(got, "\n") + "\n"; g != want {
					t.Errorf("files:\n%s\nwant:\n%s", g, want)
				}
			}
			if want, ok := section(ar, "want/contains"); ok {
				for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
					file, text, _ := strings.Cut(line, ": ")
					data, ok := res.Files[file]
					if !ok {
						t.Errorf("no output file %s", file)
						continue
					}
					if !strings.Contains(string(data), text) {
						t.Errorf("%s does not contain %q", file, text)
					}
				}
			}
		})
	}
}

func writeSection(t *testing.T, path string, ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
		}
	}
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
