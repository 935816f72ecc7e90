package search

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// The result agreement test: for checked-in queries (testdata/queries.txt)
// and seeded random ones, over the real content and a generated corpus, the
// JS client, reading the exported files, returns bleve's answer: the same
// total, the same top 10 ids in the same order, the same scores (relative
// difference at most 1e-9), the same stop-word verdict, pin and terms.

type testQuery struct {
	lang   string
	typing bool
	q      string
}

func (q testQuery) String() string {
	m := ""
	if q.typing {
		m = "+"
	}
	return fmt.Sprintf("%s%s %q", q.lang, m, q.q)
}

func checkedInQueries(t testing.TB) []testQuery {
	f, err := os.Open(filepath.Join("testdata", "queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []testQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, q, _ := strings.Cut(line, " ")
		out = append(out, testQuery{lang: strings.TrimSuffix(head, "+"), typing: strings.HasSuffix(head, "+"), q: q})
	}
	return out
}

// randomQueries makes n queries from the words of docs: one to three words
// of a page, sometimes in capitals, with a stop word, with a word from
// elsewhere, as a prefix being typed, or a number of the page.
func randomQueries(docs []Doc, lang string, n int, rng *rand.Rand) []testQuery {
	tz := bunicode.NewUnicodeTokenizer()
	stop, _ := stopWords(lang)
	var vocab []string
	seen := map[string]bool{}
	words := make([][]string, len(docs))
	for i, d := range docs {
		for _, tok := range tz.Tokenize([]byte(d.Title + " " + d.Summary + " " + d.Body)) {
			w := string(tok.Term)
			words[i] = append(words[i], w)
			if !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	slices.Sort(vocab)
	var out []testQuery
	for len(out) < n {
		d := rng.IntN(len(docs))
		ws := words[d]
		if len(ws) == 0 {
			continue
		}
		k := 1 + rng.IntN(3)
		at := rng.IntN(len(ws))
		var q []string
		for j := 0; j < k; j++ {
			if rng.IntN(2) == 0 {
				q = append(q, ws[(at+j)%len(ws)])
			} else {
				q = append(q, ws[rng.IntN(len(ws))])
			}
		}
		switch r := rng.IntN(20); {
		case r == 0:
			q = append(q, vocab[rng.IntN(len(vocab))])
		case r == 1:
			q = []string{stop[rng.IntN(len(stop))], stop[rng.IntN(len(stop))]}
		case r == 2:
			q = append([]string{stop[rng.IntN(len(stop))]}, q...)
		case r == 3:
			for i := range q {
				q[i] = strings.ToUpper(q[i])
			}
		case r == 4 && docs[d].Code != "":
			q = []string{docs[d].Code}
		case r == 5:
			q[0] = strings.ToUpper(q[0][:1]) + q[0][1:]
		}
		typing := rng.IntN(3) == 0
		if typing {
			last := []rune(q[len(q)-1])
			q[len(q)-1] = string(last[:1+rng.IntN(len(last))])
		}
		sep := " "
		if rng.IntN(10) == 0 {
			sep = ", "
		}
		out = append(out, testQuery{lang: lang, typing: typing, q: strings.Join(q, sep)})
	}
	return out
}

type jsResult struct {
	Total         uint64
	StopWordsOnly bool
	Pinned        bool
	Terms         []string
	Hits          []struct {
		ID    string
		Score float64
	}
}

// exportTo builds the index of docs and writes its export under dir; it
// returns the index and the path of the entry file.
func exportTo(t testing.TB, dir, lang string, docs []Doc) (*Index, string) {
	ix, err := Build(filepath.Join(dir, "index-"+lang), lang, docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ex, err := ix.Export(ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "public")
	for name, data := range ex.Files {
		p := filepath.Join(pub, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ix, filepath.Join(pub, filepath.FromSlash(ex.Entry))
}

// agree runs queries through bleve and the JS client and reports every
// difference; it returns the number of queries that agree.
func agree(t *testing.T, name string, corpus map[string][]Doc, queries []testQuery) {
	dir := t.TempDir()
	byLang := map[string][]testQuery{}
	for _, q := range queries {
		byLang[q.lang] = append(byLang[q.lang], q)
	}
	total, good := 0, 0
	for _, lang := range []string{"en", "ru"} {
		qs := byLang[lang]
		if len(qs) == 0 || len(corpus[lang]) == 0 {
			continue
		}
		ix, entry := exportTo(t, dir, lang, corpus[lang])
		var reqs []map[string]any
		for _, q := range qs {
			reqs = append(reqs, map[string]any{"q": q.q, "typing": q.typing})
		}
		var resp struct {
			Search []jsResult
			Docs   []Doc
		}
		runNode(t, map[string]any{
			"search": map[string]any{"meta": entry, "queries": reqs, "size": 10},
			"docs":   map[string]any{"meta": entry, "n": len(corpus[lang])},
		}, &resp)
		// Every row of the doc table and every text, as the client reads
		// them, in export order (the order of bleve IDs).
		byID := slices.Clone(corpus[lang])
		slices.SortFunc(byID, func(a, b Doc) int { return strings.Compare(bleveID(a.ID), bleveID(b.ID)) })
		if len(resp.Docs) != len(byID) {
			t.Fatalf("%s %s: the client reads %d documents, the index has %d", name, lang, len(resp.Docs), len(byID))
		}
		for i, d := range byID {
			want := Doc{ID: d.ID, URL: d.URL, Title: d.Title, Code: d.Code, Summary: d.Summary, Body: collapseSpace(d.Body)}
			if got := resp.Docs[i]; got != want {
				t.Errorf("%s %s: document %d: the client reads %+.200v, want %+.200v", name, lang, i, got, want)
				break
			}
		}
		for i, q := range qs {
			want, err := ix.search(q.q, 10, q.typing, false)
			if err != nil {
				t.Fatal(err)
			}
			total++
			if diff := compare(want, resp.Search[i]); diff != "" {
				t.Errorf("%s: %v: %s", name, q, diff)
				continue
			}
			good++
		}
	}
	t.Logf("%s: %d of %d queries agree (%.2f%%)", name, good, total, 100*float64(good)/float64(max(total, 1)))
}

func compare(want Result, got jsResult) string {
	if got.Total != want.Total {
		return fmt.Sprintf("total: JS %d, bleve %d", got.Total, want.Total)
	}
	if got.StopWordsOnly != want.StopWordsOnly {
		return fmt.Sprintf("stop words only: JS %v, bleve %v", got.StopWordsOnly, want.StopWordsOnly)
	}
	if got.Pinned != want.Pinned {
		return fmt.Sprintf("pinned: JS %v, bleve %v", got.Pinned, want.Pinned)
	}
	if !slices.Equal(got.Terms, want.Terms) && !(len(got.Terms) == 0 && len(want.Terms) == 0) {
		return fmt.Sprintf("terms: JS %q, bleve %q", got.Terms, want.Terms)
	}
	if len(got.Hits) != len(want.Hits) {
		return fmt.Sprintf("%d hits from JS, %d from bleve", len(got.Hits), len(want.Hits))
	}
	for i, h := range want.Hits {
		g := got.Hits[i]
		if g.ID != h.ID {
			return fmt.Sprintf("hit %d: JS %q (%v), bleve %q (%v)", i, g.ID, g.Score, h.ID, h.Score)
		}
		if d := math.Abs(g.Score-h.Score) / math.Max(math.Abs(h.Score), 1e-300); d > 1e-9 {
			return fmt.Sprintf("hit %d %q: score JS %v, bleve %v (relative difference %.2g)", i, h.ID, g.Score, h.Score, d)
		}
	}
	return ""
}

func TestResultAgreementSite(t *testing.T) {
	corpus := map[string][]Doc{"en": contentDocs(t, "en"), "ru": contentDocs(t, "ru")}
	if len(corpus["en"]) == 0 || len(corpus["ru"]) == 0 {
		t.Skip("no content/ yet")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	qs := checkedInQueries(t)
	qs = append(qs, randomQueries(corpus["en"], "en", 600, rng)...)
	qs = append(qs, randomQueries(corpus["ru"], "ru", 600, rng)...)
	agree(t, "content/", corpus, qs)
}

// generatedPages is the size of the generated corpus of the agreement test
// (pages per language).
const generatedPages = 2000

func TestResultAgreementGenerated(t *testing.T) {
	corpus := map[string][]Doc{"en": generatedDocs(t, generatedPages, "en"), "ru": generatedDocs(t, generatedPages, "ru")}
	rng := rand.New(rand.NewPCG(8, 8))
	qs := checkedInQueries(t)
	qs = append(qs, randomQueries(corpus["en"], "en", 600, rng)...)
	qs = append(qs, randomQueries(corpus["ru"], "ru", 600, rng)...)
	agree(t, fmt.Sprintf("generated corpus of %d pages", generatedPages), corpus, qs)
}
