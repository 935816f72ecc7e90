package search

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Test corpora. The search tests run over the real content/ (as far as it
// has been written) and over the synthetic corpus that
// ../shared/bench/gen-corpus.py generates. Neither goes through the site
// build: a light Markdown-to-text conversion is close enough for search, and
// keeps this package free of the build's internals.

// contentDocs reads ../content/<lang> as search documents, or nil when there
// is no content.
func contentDocs(t testing.TB, lang string) []Doc {
	root := filepath.Join("..", "content", lang)
	var docs []Doc
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		key := strings.TrimSuffix(filepath.ToSlash(rel), ".md")
		key = strings.TrimSuffix(strings.TrimSuffix(key, "_index"), "/")
		fm, body := splitFrontMatter(string(data))
		doc := Doc{ID: key, Title: fm["title"], Summary: fm["summary"], Body: markdownText(body)}
		doc.URL = key + "/"
		if key == "" {
			doc.URL = ""
		}
		if lang != "en" {
			doc.URL = lang + "/" + doc.URL
		}
		if n, ok := strings.CutPrefix(key, "codes/"); ok && isCode(n) {
			doc.Code = n
			doc.Title = n + " " + doc.Title
		}
		if n, ok := strings.CutPrefix(key, "commands/"); ok {
			doc.Title = strings.ToUpper(n) + ": " + doc.Title
		}
		docs = append(docs, doc)
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs
}

var (
	genMu    sync.Mutex
	genCache = map[string][]Doc{}
)

// generatedDocs returns the documents of a generated corpus of n pages per
// language, generating it once into the temporary directory; it skips the
// test when the generator or python3 is missing.
func generatedDocs(t testing.TB, n int, lang string) []Doc {
	t.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	ck := fmt.Sprint(n, lang)
	if docs, ok := genCache[ck]; ok {
		return docs
	}
	script := filepath.Join("..", "..", "shared", "bench", "gen-corpus.py")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("no corpus generator at %s", script)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: cannot generate the test corpus")
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("ftpdocs-search-corpus-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "corpus.json")); err != nil {
		out, err := exec.Command("python3", script, strconv.Itoa(n), dir, "--force").CombinedOutput()
		if err != nil {
			t.Fatalf("gen-corpus.py: %v\n%s", err, out)
		}
	}
	root := filepath.Join(dir, "content", lang)
	var docs []Doc
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		key := strings.TrimSuffix(filepath.ToSlash(rel), ".md")
		key = strings.TrimSuffix(strings.TrimSuffix(key, "_index"), "/")
		fm, body := splitFrontMatter(string(data))
		doc := Doc{ID: key, Title: fm["title"], Code: fm["code"], Body: markdownText(body)}
		doc.URL = key + "/"
		if key == "" {
			doc.URL = ""
		}
		if lang != "en" {
			doc.URL = lang + "/" + doc.URL
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	genCache[ck] = docs
	return docs
}

// splitFrontMatter returns the top-level scalar keys of a YAML front matter
// block and the body after it.
func splitFrontMatter(s string) (map[string]string, string) {
	fm := map[string]string{}
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return fm, s
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return fm, s
	}
	sc := bufio.NewScanner(strings.NewReader(head))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' || line[0] == '-' {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
			v = uq
		} else if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = strings.ReplaceAll(v[1:len(v)-1], "''", "'")
		}
		fm[k] = v
	}
	return fm, body
}

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdHeadID   = regexp.MustCompile(`\s*\{#[^}]*\}\s*$`)
	mdEmphasis = regexp.MustCompile("[*_`]+")
	mdListMark = regexp.MustCompile(`^\s*(?:[-*+]|\d+\.)\s+`)
	mdHeading  = regexp.MustCompile(`^#+\s+`)
)

// markdownText is a rough plain-text rendering of Markdown.
func markdownText(md string) string {
	var b strings.Builder
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			continue
		}
		line = mdHeadID.ReplaceAllString(line, "")
		line = mdHeading.ReplaceAllString(line, "")
		line = mdListMark.ReplaceAllString(line, "")
		line = mdLink.ReplaceAllString(line, "$1")
		line = mdEmphasis.ReplaceAllString(line, "")
		line = strings.ReplaceAll(line, "|", " ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
