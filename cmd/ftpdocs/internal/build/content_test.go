package build

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// rfcCodes are the reply codes the RFCs define, by RFC.
var rfcCodes = map[string][]string{
	"RFC 959": {"110", "120", "125", "150", "200", "202", "211", "212", "213", "214", "215", "220", "221", "225",
		"226", "227", "230", "250", "257", "331", "332", "350", "421", "425", "426", "450", "451", "452", "500",
		"501", "502", "503", "504", "530", "532", "550", "551", "552", "553"},
	"RFC 1123 §4.1":       {"554", "555"},
	"RFC 1639":            {"228", "521"},
	"RFC 2228":            {"232", "234", "235", "334", "335", "336", "431", "533", "534", "535", "536", "537", "631", "632", "633"},
	"RFC 2428":            {"229", "522"},
	"seeds, non-standard": {"231", "404", "430", "434"},
	"seeds, Winsock":      {"10054", "10060", "10061", "10065", "10066", "10068"},
}

// rfcCommands are the commands of RFC 959 and of the extension RFCs.
var rfcCommands = strings.Fields(`user pass acct cwd cdup smnt rein quit port pasv type stru mode retr stor stou appe
	allo rest rnfr rnto abor dele rmd mkd pwd list nlst site syst stat help noop
	feat opts eprt epsv lprt lpsv auth adat prot pbsz ccc mic conf enc mdtm size mlst mlsd lang host`)

// codeSections are the heading IDs every code page has, in both languages.
var codeSections = []string{"in-practice", "causes", "what-to-do", "as-a-user", "as-a-server-administrator", "example"}

// TestContentComplete checks the content as data: every code the RFCs and
// the seeds name has a page in both languages with a source, the sections
// a reader needs and a highlighted session; every command has a page; the
// command and code pages agree.
func TestContentComplete(t *testing.T) {
	res := realSite(t)
	s := res.Site
	for from, codes := range rfcCodes {
		for _, n := range codes {
			c := s.Code(n)
			if c == nil {
				t.Errorf("%s defines %s, but there is no page content/en/codes/%s.md", from, n, n)
				continue
			}
			for _, lang := range site.Langs {
				if c.Pages[lang] == nil {
					t.Errorf("%s: no %s page", n, lang)
				}
			}
			if strings.HasPrefix(from, "RFC") && len(c.Sources) == 0 {
				t.Errorf("%s: defined by %s but cites no source", n, from)
			}
			if strings.HasPrefix(from, "RFC") && c.Status != site.Standard && c.Status != site.Extension {
				t.Errorf("%s: defined by %s but has status %s", n, from, c.Status)
			}
		}
	}
	for _, c := range s.Codes {
		if c.Status == site.NotFTP && (c.Winsock == nil || !strings.HasPrefix(c.Winsock.Constant, "WSAE")) {
			t.Errorf("%s: a Windows Sockets error needs its WSAE constant", c.Number)
		}
		if (c.Status == site.NonStandard || c.Status == site.NotFTP) && c.Origin == "" {
			t.Errorf("%s: %s without origin", c.Number, c.Status)
		}
		for _, lang := range site.Langs {
			p := c.Pages[lang]
			html := res.Files[p.URL()+"index.html"]
			for _, id := range codeSections {
				if !bytes.Contains(html, []byte(`id="`+id+`"`)) {
					t.Errorf("%s: no section #%s", p.File, id)
				}
			}
			if !bytes.Contains(html, []byte(`class="language-ftp"`)) {
				t.Errorf("%s: no FTP session transcript (```ftp block)", p.File)
			}
		}
	}
	for _, name := range rfcCommands {
		c := s.Command(name)
		if c == nil {
			t.Errorf("no page for command %s: create content/en/commands/%s.md", strings.ToUpper(name), name)
			continue
		}
		if len(c.Replies.All()) == 0 {
			t.Errorf("%s lists no replies", c.Name)
		}
		for _, r := range c.Replies.All() {
			found := false
			for _, by := range r.ReturnedBy {
				found = found || by == c
			}
			if !found {
				t.Errorf("%s returns %s, but the %s page does not list %s", c.Name, r.Number, r.Number, c.Name)
			}
		}
	}
}

var hrefRE = regexp.MustCompile(`<a [^>]*href="([^"]+)"`)

// TestNoOrphans checks that every page is reachable from the home page in
// at most three clicks, in each language, and that no page is a dead end
// (each links to another content page from its main text).
func TestNoOrphans(t *testing.T) {
	res := realSite(t)
	for _, lang := range site.Langs {
		start := site.URL(lang, "") + "index.html"
		depth := map[string]int{start: 0}
		queue := []string{start}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			if depth[cur] == 3 {
				continue
			}
			for _, m := range hrefRE.FindAllSubmatch(res.Files[cur], -1) {
				target := resolveHref(cur, string(m[1]))
				if _, ok := res.Files[target]; !ok {
					continue
				}
				if _, seen := depth[target]; !seen {
					depth[target] = depth[cur] + 1
					queue = append(queue, target)
				}
			}
		}
		var missing []string
		for _, p := range res.Site.Pages {
			if p.Lang != lang {
				continue
			}
			if _, ok := depth[p.URL()+"index.html"]; !ok {
				missing = append(missing, p.File)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s: more than three clicks from the home page: %v", lang, missing)
		}
	}
	for _, p := range res.Site.Pages {
		html := res.Files[p.URL()+"index.html"]
		main := html[bytes.Index(html, []byte("<main")):bytes.Index(html, []byte("</main>"))]
		if !bytes.Contains(main, []byte(`href="../`)) && !bytes.Contains(main, []byte(`href="codes/`)) && p.Kind != site.KindHome {
			t.Errorf("%s: the page's main text links nowhere (a dead end)", p.File)
		}
	}
}

func resolveHref(from, href string) string {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return ""
	}
	p := path.Join(path.Dir(from), u.Path)
	if strings.HasSuffix(u.Path, "/") || p == "." {
		p = strings.TrimPrefix(p+"/index.html", "./")
	}
	return p
}
