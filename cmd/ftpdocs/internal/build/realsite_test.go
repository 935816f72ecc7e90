package build

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/api"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

var (
	realOnce sync.Once
	realRes  *Result
	realErr  error
)

// realSite builds the repository's own content/ once per test binary.
func realSite(t *testing.T) *Result {
	t.Helper()
	realOnce.Do(func() {
		realRes, realErr = Generate(os.DirFS(repoRoot), Options{BaseURL: "https://example.github.io/ftpdocs/"})
	})
	if realErr != nil {
		t.Fatalf("the real content does not build:\n%v", realErr)
	}
	return realRes
}

// TestRealSite builds content/ and checks the site-wide invariants: every
// page exists in both languages, the link checker passed (Generate runs
// it), the API parses into its documented schema and agrees with the model.
func TestRealSite(t *testing.T) {
	res := realSite(t)
	s := res.Site
	for _, p := range s.Pages {
		for _, lang := range site.Langs {
			u := site.URL(lang, p.Key) + "index.html"
			if _, ok := res.Files[u]; !ok {
				t.Errorf("%s: no %s page %s", p.File, lang, u)
			}
		}
	}
	for _, f := range []string{"index.html", "ru/index.html", "404.html", "sitemap.xml", "robots.txt", "search/index.html", "ru/search/index.html"} {
		if _, ok := res.Files[f]; !ok {
			t.Errorf("no %s", f)
		}
	}
	for name, data := range res.Files {
		if !strings.HasSuffix(name, ".html") || name == "404.html" {
			continue
		}
		for _, want := range []string{`<link rel="canonical"`, `hreflang="en"`, `hreflang="ru"`, `hreflang="x-default"`, `property="og:title"`} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s has no %s", name, want)
			}
		}
	}
	checkAPI(t, res)
}

// decodeStrict decodes JSON, failing on fields the schema does not have.
func decodeStrict(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("API does not match its schema: %v", err)
	}
}

func checkAPI(t *testing.T, res *Result) {
	var codes api.Codes
	decodeStrict(t, res.Files["api/codes.json"], &codes)
	var cmds api.Commands
	decodeStrict(t, res.Files["api/commands.json"], &cmds)
	if codes.Version != api.Version || cmds.Version != api.Version {
		t.Errorf("versions %d, %d", codes.Version, cmds.Version)
	}
	if len(codes.Codes) != len(res.Site.Codes) || len(cmds.Commands) != len(res.Site.Commands) {
		t.Fatalf("API has %d codes and %d commands; the site %d and %d",
			len(codes.Codes), len(cmds.Commands), len(res.Site.Codes), len(res.Site.Commands))
	}
	returnedBy := map[string][]string{}
	for _, c := range cmds.Commands {
		if c.Name == "" || len(c.Syntax) == 0 || len(c.Sources) == 0 {
			t.Errorf("command %+v lacks name, syntax or sources", c)
		}
		for _, g := range site.ReplyGroups {
			list, ok := c.Replies[string(g)]
			if !ok {
				t.Errorf("%s: no reply group %q", c.Name, g)
			}
			for _, r := range list {
				returnedBy[r] = append(returnedBy[r], c.Name)
			}
		}
		checkTexts(t, c.Name, c.Title, c.Summary, c.URL, res)
	}
	related := map[[2]string]bool{}
	for _, c := range codes.Codes {
		if len(c.Code) == 3 {
			d1, _ := strconv.Atoi(c.Code[:1])
			d2, _ := strconv.Atoi(c.Code[1:2])
			if c.Class == nil || *c.Class != d1 || c.Group == nil || *c.Group != d2 {
				t.Errorf("%s: class/group %v/%v do not match its digits", c.Code, c.Class, c.Group)
			}
		} else if c.Class != nil || c.Winsock == nil {
			t.Errorf("%s: a non-reply needs class null and winsock", c.Code)
		}
		if !c.Status.Valid() {
			t.Errorf("%s: status %q", c.Code, c.Status)
		}
		if (c.Status == site.Standard || c.Status == site.Extension) && len(c.Sources) == 0 {
			t.Errorf("%s: no sources", c.Code)
		}
		want := append([]string(nil), returnedBy[c.Code]...)
		sort.Strings(want)
		seen := map[string]bool{}
		var dedup []string
		for _, w := range want {
			if !seen[w] {
				seen[w] = true
				dedup = append(dedup, w)
			}
		}
		if strings.Join(c.ReturnedBy, ",") != strings.Join(dedup, ",") {
			t.Errorf("%s: returned_by %v, but the commands say %v", c.Code, c.ReturnedBy, dedup)
		}
		for _, r := range c.Related {
			related[[2]string{c.Code, r.Code}] = true
			if r.Note["en"] == "" || r.Note["ru"] == "" {
				t.Errorf("%s: related %s has no note in both languages", c.Code, r.Code)
			}
		}
		checkTexts(t, c.Code, c.Title, c.Summary, c.URL, res)
	}
	for pair := range related {
		if !related[[2]string{pair[1], pair[0]}] {
			t.Errorf("%s lists %s as related, but not the other way round", pair[0], pair[1])
		}
	}
}

func checkTexts(t *testing.T, what string, title, summary, url api.Text, res *Result) {
	for _, lang := range site.Langs {
		if title[lang] == "" || summary[lang] == "" {
			t.Errorf("%s: no %s title or summary", what, lang)
		}
		if _, ok := res.Files[url[lang]+"index.html"]; !ok {
			t.Errorf("%s: %s url %q has no page", what, lang, url[lang])
		}
	}
}

// TestReproducible builds the real site twice: the outputs must be
// byte-identical.
func TestReproducible(t *testing.T) {
	a := realSite(t)
	b, err := Generate(os.DirFS(repoRoot), Options{BaseURL: "https://example.github.io/ftpdocs/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for name, data := range a.Files {
		if !bytes.Equal(data, b.Files[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}
