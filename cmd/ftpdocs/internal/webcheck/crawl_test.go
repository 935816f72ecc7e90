package webcheck

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// noRedirects is an HTTP client that reports redirects instead of
// following them: a link inside the site must name the final address.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// fetched is one crawled address.
type fetched struct {
	status int
	ctype  string
	body   []byte
	ids    map[string]bool // for HTML: the id and name attributes
}

// ref is one reference found in a fetched document.
type ref struct {
	from, attr, to string
}

// TestSubpathCrawl serves the site under /ftpdocs/ like GitHub Pages and
// crawls it from the root: every page, stylesheet, script, icon, canonical
// and alternate address, sitemap entry and #fragment must resolve with
// status 200, without a redirect, and stay under /ftpdocs/.
func TestSubpathCrawl(t *testing.T) {
	t.Parallel()
	f := built(t)
	start, _ := url.Parse(f.base)
	seen := map[string]*fetched{}
	var refs []ref
	queue := []string{f.base, f.url("sitemap.xml"), f.url("robots.txt")}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] != nil {
			continue
		}
		res, err := noRedirects.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		d := &fetched{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), body: body}
		seen[u] = d
		if d.status != http.StatusOK {
			continue
		}
		var found []ref
		switch {
		case strings.HasPrefix(d.ctype, "text/html"):
			d.ids, found = htmlRefs(u, body)
		case strings.HasPrefix(d.ctype, "text/css"):
			found = cssRefs(u, body)
		case strings.HasSuffix(u, "sitemap.xml"):
			found = sitemapRefs(t, u, body)
		case strings.HasSuffix(u, "robots.txt"):
			for _, line := range strings.Split(string(body), "\n") {
				if s, ok := strings.CutPrefix(line, "Sitemap: "); ok {
					found = append(found, ref{u, "Sitemap", s})
				}
			}
		}
		for _, r := range found {
			to, err := url.Parse(r.to)
			if err != nil {
				t.Errorf("%s: %s=%q does not parse: %v", r.from, r.attr, r.to, err)
				continue
			}
			if to.Scheme != "http" || to.Host != start.Host {
				continue // outside links (the RFCs) are not requests of the page
			}
			refs = append(refs, r)
			to.Fragment = ""
			if !strings.HasPrefix(to.Path, prefix) {
				t.Errorf("%s: %s=%q leaves the site's path %s", short(f, r.from), r.attr, r.to, prefix)
				continue
			}
			queue = append(queue, to.String())
		}
	}

	broken := 0
	for _, r := range refs {
		to, _ := url.Parse(r.to)
		frag := to.Fragment
		to.Fragment = ""
		d := seen[to.String()]
		switch {
		case d == nil:
			continue // reported above
		case d.status != http.StatusOK:
			broken++
			t.Errorf("%s: %s=%q: status %d", short(f, r.from), r.attr, r.to, d.status)
		case frag != "" && d.ids != nil && !d.ids[frag]:
			broken++
			t.Errorf("%s: %s=%q: no element with id %q", short(f, r.from), r.attr, r.to, frag)
		}
	}

	// Every page of the site is reachable by following links, except the
	// 404 page and the redirects from class headings, which exist for
	// addresses that other sites link to.
	counts := map[string]int{}
	for _, d := range seen {
		if d.status == http.StatusOK {
			counts[kindOf(d.ctype)]++
		}
	}
	var orphans []string
	filepath.WalkDir(f.dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, f.dir+string(filepath.Separator)))
		u := f.url(strings.TrimSuffix(rel, "index.html"))
		if seen[u] != nil || rel == "404.html" {
			return nil
		}
		data, _ := os.ReadFile(p)
		if bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			return nil
		}
		orphans = append(orphans, rel)
		return nil
	})
	sort.Strings(orphans)
	for _, o := range orphans {
		t.Errorf("%s: no page links to it", o)
	}
	t.Logf("crawled %d addresses under %s (%v); %d references, %d broken", len(seen), prefix, counts, len(refs), broken)
}

func kindOf(ctype string) string {
	ctype, _, _ = strings.Cut(ctype, ";")
	return ctype
}

// short is an address without the scheme and host, for messages.
func short(f *fixture, u string) string {
	return strings.TrimPrefix(u, strings.TrimSuffix(f.base, prefix))
}

// htmlRefs returns the ids of an HTML document and every address it refers
// to, resolved against its own address (or its <base>).
func htmlRefs(from string, body []byte) (map[string]bool, []ref) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, nil
	}
	base, _ := url.Parse(from)
	ids := map[string]bool{}
	var out []ref
	add := func(attr, v string) {
		if v == "" || strings.HasPrefix(v, "data:") {
			return
		}
		u, err := base.Parse(v)
		if err != nil {
			out = append(out, ref{from, attr, v})
			return
		}
		out = append(out, ref{from, attr, u.String()})
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
				if at.Key == "id" || (at.Key == "name" && n.Data == "a") {
					ids[at.Val] = true
				}
			}
			switch n.Data {
			case "a", "link", "area":
				add(n.Data+"[href]", a["href"])
			case "script", "img", "iframe", "source", "audio", "video", "track", "embed":
				add(n.Data+"[src]", a["src"])
			case "form":
				add("form[action]", a["action"])
			case "meta":
				switch {
				case a["property"] == "og:url" || a["property"] == "og:image":
					add("meta["+a["property"]+"]", a["content"])
				case strings.EqualFold(a["http-equiv"], "refresh"):
					if _, u, ok := strings.Cut(a["content"], "url="); ok {
						add("meta[refresh]", u)
					}
				}
			}
			if s := a["srcset"]; s != "" {
				for _, part := range strings.Split(s, ",") {
					add(n.Data+"[srcset]", strings.Fields(part)[0])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return ids, out
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]`)

func cssRefs(from string, body []byte) []ref {
	base, _ := url.Parse(from)
	var out []ref
	for _, m := range cssURL.FindAllSubmatch(body, -1) {
		v := string(m[1]) + string(m[2])
		if strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "#") {
			continue
		}
		if u, err := base.Parse(v); err == nil {
			out = append(out, ref{from, "url()", u.String()})
		}
	}
	return out
}

func sitemapRefs(t *testing.T, from string, body []byte) []ref {
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(body, &sm); err != nil {
		t.Errorf("%s: %v", from, err)
	}
	var out []ref
	for _, u := range sm.URLs {
		out = append(out, ref{from, "loc", u.Loc})
		for _, l := range u.Links {
			out = append(out, ref{from, "xhtml:link", l.Href})
		}
	}
	return out
}

// TestPagesHandler checks the test server against what GitHub Pages does,
// so that the crawl means what it says: a directory without its slash
// redirects to it, a directory serves its index.html, a missing path gets
// 404.html with status 404, and files are served as they are.
func TestPagesHandler(t *testing.T) {
	f := built(t)
	want404, _ := os.ReadFile(filepath.Join(f.dir, "404.html"))
	host := strings.TrimSuffix(f.base, prefix)
	for _, tc := range []struct {
		path     string
		status   int
		location string
		body     string // a substring; "404" for 404.html itself
	}{
		{"/ftpdocs", http.StatusMovedPermanently, "/ftpdocs/", ""},
		{"/ftpdocs/", http.StatusOK, "", `<html lang="en">`},
		{"/ftpdocs/codes/425", http.StatusMovedPermanently, "/ftpdocs/codes/425/", ""},
		{"/ftpdocs/codes/425/", http.StatusOK, "", `class="kind-code"`},
		{"/ftpdocs/codes/425/index.html", http.StatusOK, "", `class="kind-code"`},
		{"/ftpdocs/ru/codes/425/", http.StatusOK, "", `<html lang="ru">`},
		{"/ftpdocs/codes/499/", http.StatusNotFound, "", "404"},
		{"/ftpdocs/a/b/c/d", http.StatusNotFound, "", "404"},
		{"/elsewhere/", http.StatusNotFound, "", "404"},
		{"/ftpdocs/../../etc/passwd", http.StatusNotFound, "", "404"},
		{"/ftpdocs/robots.txt", http.StatusOK, "", "User-agent"},
	} {
		res, err := noRedirects.Get(host + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, res.StatusCode, res.Header.Get("Location"), tc.status, tc.location)
		}
		switch {
		case tc.body == "404" && string(body) != string(want404):
			t.Errorf("GET %s: not 404.html", tc.path)
		case tc.body != "" && tc.body != "404" && !strings.Contains(string(body), tc.body):
			t.Errorf("GET %s: no %q in the answer", tc.path, tc.body)
		}
	}
}
