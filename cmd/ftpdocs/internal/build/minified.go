package build

import (
	"encoding/hex"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/minify"
)

// minifier is how the build minifies static files: through the Cache, the
// AssetCache, or directly.
func (o Options) minifier() func(name string, data []byte) ([]byte, error) {
	if o.Cache != nil {
		return o.Cache.minify
	}
	if o.AssetCache != "" {
		if v := minify.Version(); v != "" {
			return diskMinifier(o.AssetCache, v)
		}
	}
	return minify.File
}

// diskMinifier minifies with minify.File through a directory of earlier
// results, each in a file named after a hash of the minifier's version,
// the kind of file and its bytes. A result is written to a temporary file
// and renamed, so that a reader never sees part of one; a directory that
// cannot be read or written only means minifying again.
func diskMinifier(dir, version string) func(name string, data []byte) ([]byte, error) {
	return func(name string, data []byte) ([]byte, error) {
		if !minify.Minifies(name) {
			return data, nil
		}
		key := hash([]byte(version), []byte(path.Ext(name)), data)
		p := filepath.Join(dir, hex.EncodeToString(key[:]))
		if out, err := os.ReadFile(p); err == nil {
			return out, nil
		}
		out, err := minify.File(name, data)
		if err != nil {
			return nil, err
		}
		if os.MkdirAll(dir, 0o755) == nil {
			if f, err := os.CreateTemp(dir, ".tmp-*"); err == nil {
				_, werr := f.Write(out)
				if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
					os.Remove(f.Name())
				}
			}
			pruneOlder(dir, 30*24*time.Hour)
		}
		return out, nil
	}
}

// pruneOlder removes the files of dir last written more than age ago: the
// minified versions of static files that have since changed.
func pruneOlder(dir string, age time.Duration) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() && time.Since(info.ModTime()) > age {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
