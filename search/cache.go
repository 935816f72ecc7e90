package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// CacheDir is where the build keeps the bleve index of one language for the
// repository at root, and where `ftpdocs search` and `ftpdocs serve` look
// for it: in the user's cache directory (outside public/ and outside the
// repository), under a name derived from the repository's absolute path, so
// that two checkouts do not share an index.
func CacheDir(root, lang string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("search: %v", err)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(base, "ftpdocs", filepath.Base(abs)+"-"+hex.EncodeToString(sum[:6]), "search", lang), nil
}
