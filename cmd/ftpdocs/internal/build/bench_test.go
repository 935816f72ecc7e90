package build

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/load"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/publish"
)

// benchRoot is the repository the benchmarks build: the real one, or the
// one in $FTPDOCS_BENCH_ROOT (for example a corpus converted with
// "ftpdocs bench --hugo DIR --convert-to ROOT").
func benchRoot() string {
	if r := os.Getenv("FTPDOCS_BENCH_ROOT"); r != "" {
		return r
	}
	return repoRoot
}

func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS(benchRoot())
	for b.Loop() {
		if _, errs := load.Load(fsys, nil); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	s, errs := load.Load(os.DirFS(benchRoot()), nil)
	if errs != nil {
		b.Fatal(errs)
	}
	for b.Loop() {
		if _, _, errs := renderBodies(s, nil); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	fsys := os.DirFS(benchRoot())
	for b.Loop() {
		if _, err := Generate(fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPublish(b *testing.B) {
	res, err := Generate(os.DirFS(benchRoot()), Options{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		if err := publish.Write(filepath.Join(dir, "out", string(rune('a'+i%26))), res.Files); err != nil {
			b.Fatal(err)
		}
	}
}
