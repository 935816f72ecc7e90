package render

import (
	"bytes"
	"encoding/xml"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// Sitemap returns sitemap.xml with both language versions of every content
// page and their hreflang alternates, or nil when no base URL is set
// (a sitemap needs absolute URLs).
func Sitemap(s *site.Site, baseURL string) []byte {
	if baseURL == "" {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, p := range s.Pages {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(baseURL+p.URL()))
		b.WriteString("</loc>")
		for _, alt := range []struct{ hreflang, url string }{
			{"en", site.URL(site.EN, p.Key)},
			{"ru", site.URL(site.RU, p.Key)},
			{"x-default", site.URL(site.EN, p.Key)},
		} {
			b.WriteString(`<xhtml:link rel="alternate" hreflang="` + alt.hreflang + `" href="`)
			xml.EscapeText(&b, []byte(baseURL+alt.url))
			b.WriteString(`"/>`)
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots returns robots.txt: everything may be crawled; the sitemap is
// named when there is one.
func Robots(baseURL string) []byte {
	r := "User-agent: *\nAllow: /\n"
	if baseURL != "" {
		r += "Sitemap: " + baseURL + "sitemap.xml\n"
	}
	return []byte(r)
}
