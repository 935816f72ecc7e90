package webcheck

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// head is what a page says about itself in its <head>.
type head struct {
	lang      string
	canonical string
	hreflang  map[string]string
	og        map[string]string
	jsonLD    []string
}

func readHead(t *testing.T, name string) head {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	h := head{hreflang: map[string]string{}, og: map[string]string{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch {
			case n.Data == "html":
				h.lang = a["lang"]
			case n.Data == "link" && a["rel"] == "canonical":
				h.canonical = a["href"]
			case n.Data == "link" && a["rel"] == "alternate" && a["hreflang"] != "":
				h.hreflang[a["hreflang"]] = a["href"]
			case n.Data == "meta" && strings.HasPrefix(a["property"], "og:"):
				h.og[a["property"]] = a["content"]
			case n.Data == "script" && a["type"] == "application/ld+json" && n.FirstChild != nil:
				h.jsonLD = append(h.jsonLD, n.FirstChild.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return h
}

// definedTerm is the schema.org description of a code page.
type definedTerm struct {
	Context     string `json:"@context"`
	Type        string `json:"@type"`
	ID          string `json:"@id"`
	URL         string `json:"url"`
	TermCode    string `json:"termCode"`
	Name        string `json:"name"`
	Description string `json:"description"`
	InLanguage  string `json:"inLanguage"`
	Set         struct {
		Type string `json:"@type"`
		ID   string `json:"@id"`
		Name string `json:"name"`
	} `json:"inDefinedTermSet"`
}

// TestCodePageMetadata reads the head of every code page in both
// languages: one JSON-LD block that parses as a schema.org DefinedTerm in a
// DefinedTermSet, with the code, name, description, language and the page's
// canonical address; the canonical link, the hreflang alternates (en, ru,
// x-default) and the OpenGraph tags agree with it.
func TestCodePageMetadata(t *testing.T) {
	f := built(t)
	var data struct {
		Codes []struct {
			Code    string            `json:"code"`
			Title   map[string]string `json:"title"`
			Summary map[string]string `json:"summary"`
			URL     map[string]string `json:"url"`
		} `json:"codes"`
	}
	raw, err := os.ReadFile(filepath.Join(f.dir, "api", "codes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range data.Codes {
		for _, lang := range []string{"en", "ru"} {
			rel := c.URL[lang]
			label := rel
			h := readHead(t, filepath.Join(f.dir, filepath.FromSlash(rel), "index.html"))
			n++
			want := f.url(rel)
			if h.lang != lang || h.canonical != want || h.og["og:url"] != want {
				t.Errorf("%s: lang %q, canonical %q, og:url %q; want %s and %s", label, h.lang, h.canonical, h.og["og:url"], lang, want)
			}
			if h.hreflang["en"] != f.url(c.URL["en"]) || h.hreflang["ru"] != f.url(c.URL["ru"]) || h.hreflang["x-default"] != f.url(c.URL["en"]) {
				t.Errorf("%s: hreflang alternates %v", label, h.hreflang)
			}
			for _, p := range []string{"og:title", "og:description", "og:type", "og:site_name", "og:locale"} {
				if h.og[p] == "" {
					t.Errorf("%s: no %s", label, p)
				}
			}
			if len(h.jsonLD) != 1 {
				t.Errorf("%s: %d JSON-LD blocks, want 1", label, len(h.jsonLD))
				continue
			}
			var d definedTerm
			dec := json.NewDecoder(strings.NewReader(h.jsonLD[0]))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&d); err != nil {
				t.Errorf("%s: JSON-LD: %v\n%s", label, err, h.jsonLD[0])
				continue
			}
			setURL := f.url(strings.TrimSuffix(rel, c.Code+"/"))
			switch {
			case d.Context != "https://schema.org" || d.Type != "DefinedTerm":
				t.Errorf("%s: JSON-LD is a %s of %s, want a DefinedTerm of https://schema.org", label, d.Type, d.Context)
			case d.TermCode != c.Code || d.Name != c.Code+" "+c.Title[lang] || d.Description != c.Summary[lang] || d.InLanguage != lang:
				t.Errorf("%s: JSON-LD term %q, name %q, description %q, language %q", label, d.TermCode, d.Name, d.Description, d.InLanguage)
			case d.URL != want || d.ID != want:
				t.Errorf("%s: JSON-LD url %q, @id %q, want %s", label, d.URL, d.ID, want)
			case d.Set.Type != "DefinedTermSet" || d.Set.Name == "" || d.Set.ID != setURL:
				t.Errorf("%s: JSON-LD set %+v, want a named DefinedTermSet with @id %s", label, d.Set, setURL)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d code pages", n)
	}
}
