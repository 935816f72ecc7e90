package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// importHugo converts a corpus written by ../shared/bench/gen-corpus.py
// (Hugo layout: content/LANG/codes/SLUG.md with title, code and related in
// the front matter) into an ftpdocs repository at dst: every page becomes a
// guide (the article section, which takes any number of pages), and the
// home and section pages every site needs are added. templates/, i18n/ and
// static/ are copied from the repository at root.
func importHugo(src, dst, root string) (int, error) {
	n := 0
	for _, lang := range []string{"en", "ru"} {
		dir := filepath.Join(src, "content", lang, "codes")
		entries, err := os.ReadDir(dir)
		if err != nil {
			return 0, err
		}
		out := filepath.Join(dst, "content", lang, "guides")
		if err := os.MkdirAll(out, 0o755); err != nil {
			return 0, err
		}
		for _, e := range entries {
			if e.IsDir() || e.Name() == "_index.md" || !strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return 0, err
			}
			page, err := convertPage(data, lang == "en")
			if err != nil {
				return 0, fmt.Errorf("%s: %w", e.Name(), err)
			}
			if err := os.WriteFile(filepath.Join(out, e.Name()), page, 0o644); err != nil {
				return 0, err
			}
			n++
		}
		for key, title := range map[string]string{"_index.md": "FTP reply codes", "codes/_index.md": "Reply codes",
			"commands/_index.md": "Commands", "guides/_index.md": "Articles"} {
			p := filepath.Join(dst, "content", lang, key)
			os.MkdirAll(filepath.Dir(p), 0o755)
			body := fmt.Sprintf("---\ntitle: %q\nsummary: \"A generated corpus for benchmarks.\"\n---\nSee the [articles](../guides/).\n", title)
			if key == "_index.md" {
				body = fmt.Sprintf("---\ntitle: %q\nsummary: \"A generated corpus for benchmarks.\"\n---\nSee the [articles](guides/).\n", title)
			}
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				return 0, err
			}
		}
	}
	for _, d := range []string{"templates", "i18n", "static"} {
		if err := copyDir(filepath.Join(root, d), filepath.Join(dst, d)); err != nil {
			return 0, err
		}
	}
	return n, nil
}

var firstSentence = regexp.MustCompile(`^(.+?[.!?])(\s|$)`)

// convertPage keeps the title, derives the summary from the first
// paragraph, and drops code and related (the body already links them).
func convertPage(data []byte, english bool) ([]byte, error) {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, fmt.Errorf("no front matter")
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, fmt.Errorf("front matter not closed")
	}
	var title string
	sc := bufio.NewScanner(bytes.NewReader(front))
	for sc.Scan() {
		if t, ok := strings.CutPrefix(sc.Text(), "title: "); ok {
			title = t
		}
	}
	summary := ""
	for _, para := range strings.Split(string(body), "\n\n") {
		para = strings.TrimSpace(para)
		if para != "" && !strings.HasPrefix(para, "#") {
			if m := firstSentence.FindStringSubmatch(para); m != nil {
				summary = m[1]
			} else {
				summary = para
			}
			break
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\ntitle: %s\nsummary: %q\n", title, summary)

	b.WriteString("---\n")
	b.Write(body)
	return b.Bytes(), nil
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
