package webcheck

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNoInlineCode reads every HTML file of the site: no inline script
// (JSON-LD data blocks aside), no event-handler attribute, no javascript:
// URL, no style element or attribute. So the site runs under a strict
// Content-Security-Policy (default-src 'self'), and all behaviour lives in
// the hashed, cacheable files under js/.
func TestNoInlineCode(t *testing.T) {
	f := built(t)
	n := 0
	err := filepath.WalkDir(f.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		n++
		rel := strings.TrimPrefix(p, f.dir+string(filepath.Separator))
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return err
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				typ, src := "", false
				for _, a := range n.Attr {
					switch {
					case a.Key == "type":
						typ = a.Val
					case a.Key == "src":
						src = true
					case a.Key == "style", strings.HasPrefix(a.Key, "on"):
						t.Errorf("%s: <%s %s=%q>: inline style or script", rel, n.Data, a.Key, a.Val)
					case strings.HasPrefix(strings.TrimSpace(strings.ToLower(a.Val)), "javascript:"):
						t.Errorf("%s: <%s %s=%q>: javascript: URL", rel, n.Data, a.Key, a.Val)
					}
				}
				switch {
				case n.Data == "style":
					t.Errorf("%s: <style> element: put styles in static/css/", rel)
				case n.Data == "script" && !src && typ != "application/ld+json":
					t.Errorf("%s: inline <script>: put scripts in static/js/", rel)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d HTML files", n)
	}
}
