package search

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/registry"
)

// TestAnalyzersRegistered fails when the blank imports in mapping.go go
// missing: bleve finds analyzers by name, registered by init functions.
func TestAnalyzersRegistered(t *testing.T) {
	for lang, name := range analyzerName {
		if _, err := registry.NewCache().AnalyzerNamed(name); err != nil {
			t.Errorf("bleve has no %q analyzer for %s: is analysis/lang/%s imported in mapping.go? %v", name, lang, lang, err)
		}
		if _, err := newMapping(lang); err != nil {
			t.Errorf("mapping for %s: %v", lang, err)
		}
		if _, err := stopWords(lang); err != nil {
			t.Errorf("stop words of %s: %v", lang, err)
		}
	}
	if _, err := newMapping("de"); err == nil {
		t.Error("newMapping(de) did not fail")
	}
}

// morphologyDocs are pages written for the morphology tests: each says a
// word in forms other than the one searched for.
var morphologyDocs = map[string][]Doc{
	"en": {
		{ID: "codes/530", URL: "codes/530/", Title: "530 Not logged in", Code: "530",
			Summary: "The server refuses the command because the user is not logged in.",
			Body:    "Log in with USER and PASS before any other command. Anonymous servers accept the name anonymous."},
		{ID: "codes/10061", URL: "codes/10061/", Title: "10061 Connection refused (WSAECONNREFUSED)", Code: "10061",
			Summary: "Nothing listens on the port the client tried.",
			Body:    "Windows Sockets error 10061: the server's host answered with a reset. Check that the FTP server runs and listens on port 21."},
		{ID: "guides/active", URL: "guides/active/", Title: "Active mode",
			Summary: "How the server opens data connections to the client.",
			Body:    "The server connected back to the client's port and failed when a firewall dropped it."},
		{ID: "guides/tls", URL: "guides/tls/", Title: "FTPS",
			Summary: "TLS for the control and data connection.",
			Body:    "Codes 530 and 534 appear when the server requires TLS before login."},
		{ID: "", URL: "", Title: "FTP reply codes", Summary: "The reference.", Body: "Reply codes and commands."},
	},
	"ru": {
		{ID: "codes/425", URL: "ru/codes/425/", Title: "425 Не удаётся открыть соединение для передачи данных", Code: "425",
			Summary: "Сервер не смог установить соединения для передачи данных.",
			Body:    "При соединении с сервером клиент ждёт ответа 227."},
		{ID: "guides/users", URL: "ru/guides/users/", Title: "Пользователь и пароль",
			Summary: "Как сервер проверяет имя и пароль.",
			Body:    "Пользователь отправляет USER, затем PASS."},
		{ID: "codes/332", URL: "ru/codes/332/", Title: "332 Для входа нужна учётная запись", Code: "332",
			Summary: "Серверу нужна учётная запись (ACCT).",
			Body:    "Отправьте ACCT с учётной записью."},
		{ID: "guides/yo", URL: "ru/guides/yo/", Title: "Учетные записи без ё",
			Summary: "Эта страница пишет учетная запись без буквы ё.",
			Body:    "Учетная запись — то же самое."},
	},
}

var (
	morphOnce sync.Once
	morphIx   map[string]*Index
	morphDir  string
)

func morphologyIndex(t *testing.T, lang string) *Index {
	morphOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ftpdocs-search-morph")
		if err != nil {
			t.Fatal(err)
		}
		morphDir = dir
		morphIx = map[string]*Index{}
		for l, docs := range morphologyDocs {
			ix, err := Build(filepath.Join(dir, l), l, docs)
			if err != nil {
				t.Fatal(err)
			}
			morphIx[l] = ix
		}
	})
	return morphIx[lang]
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, ix := range morphIx {
		ix.Close()
	}
	if morphDir != "" {
		os.RemoveAll(morphDir)
	}
	os.Exit(code)
}

func ids(r Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestMorphology: forms find each other, ё is е, numbers are words, a code
// puts its page first, and stop words alone are reported.
func TestMorphology(t *testing.T) {
	tests := []struct {
		lang, q  string
		first    string   // the first hit
		want     []string // among the hits
		pinned   bool
		stopOnly bool
	}{
		{lang: "ru", q: "соединение", first: "codes/425"},
		{lang: "ru", q: "соединения", first: "codes/425"},
		{lang: "ru", q: "пользователями", first: "guides/users"},
		{lang: "ru", q: "учетная", want: []string{"codes/332", "guides/yo"}},
		{lang: "ru", q: "учётная запись", want: []string{"codes/332", "guides/yo"}},
		{lang: "ru", q: "УЧЁТНОЙ ЗАПИСЬЮ", want: []string{"codes/332", "guides/yo"}},
		{lang: "ru", q: "425", first: "codes/425", pinned: true},
		{lang: "ru", q: "и не в", stopOnly: true},
		{lang: "en", q: "connections", want: []string{"guides/active", "codes/10061", "guides/tls"}},
		{lang: "en", q: "connected", want: []string{"guides/active", "codes/10061", "guides/tls"}},
		{lang: "en", q: "530", first: "codes/530", want: []string{"guides/tls"}, pinned: true},
		{lang: "en", q: "10061", first: "codes/10061", pinned: true},
		{lang: "en", q: "the and of", stopOnly: true},
		{lang: "en", q: "logging", first: "codes/530"},
	}
	for _, tt := range tests {
		ix := morphologyIndex(t, tt.lang)
		r, err := ix.Search(tt.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := ids(r)
		if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
			t.Errorf("%s %q: got %q, want %q first", tt.lang, tt.q, got, tt.first)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s %q: got %q, want %q among them", tt.lang, tt.q, got, w)
			}
		}
		if tt.stopOnly && len(got) > 0 {
			t.Errorf("%s %q: got %q, want nothing", tt.lang, tt.q, got)
		}
		if r.Pinned != tt.pinned {
			t.Errorf("%s %q: pinned %v, want %v", tt.lang, tt.q, r.Pinned, tt.pinned)
		}
		if r.StopWordsOnly != tt.stopOnly {
			t.Errorf("%s %q: stop words only %v, want %v", tt.lang, tt.q, r.StopWordsOnly, tt.stopOnly)
		}
	}
}

// TestMorphologyJS: the JS client answers the morphology queries as bleve.
func TestMorphologyJS(t *testing.T) {
	var qs []testQuery
	for _, q := range []string{"соединение", "соединения", "пользователями", "учетная", "учётная запись", "425", "и не в"} {
		qs = append(qs, testQuery{lang: "ru", q: q}, testQuery{lang: "ru", q: q, typing: true})
	}
	for _, q := range []string{"connections", "connected", "530", "10061", "the and of", "logging", "conn", "53"} {
		qs = append(qs, testQuery{lang: "en", q: q}, testQuery{lang: "en", q: q, typing: true})
	}
	agree(t, "morphology pages", morphologyDocs, qs)
}

func TestSnippet(t *testing.T) {
	ix := morphologyIndex(t, "en")
	r, err := ix.Search("port", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 {
		t.Fatal("no hits for port")
	}
	for _, h := range r.Hits {
		if len(h.Marks) == 0 {
			t.Errorf("%s: snippet %q has no marks", h.ID, h.Snippet)
		}
		for _, m := range h.Marks {
			if w := strings.ToLower(h.Snippet[m[0]:m[1]]); !strings.HasPrefix(w, "port") {
				t.Errorf("%s: mark %q in %q", h.ID, w, h.Snippet)
			}
		}
	}
	// The summary is preferred when it matches.
	r, _ = ix.Search("refuses", 10)
	for _, h := range r.Hits {
		if h.ID == "codes/530" && (h.Snippet != morphologyDocs["en"][0].Summary || len(h.Marks) != 1) {
			t.Errorf("refuses: %+v", h)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(filepath.Join(dir, "x"), "de", nil); err == nil {
		t.Error("Build accepted the language de")
	}
	docs := []Doc{{ID: "a", Title: "A"}, {ID: "a", Title: "B"}}
	if _, err := Build(filepath.Join(dir, "y"), "en", docs); err == nil || !strings.Contains(err.Error(), `"a"`) {
		t.Errorf("duplicate IDs: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "none")); err == nil {
		t.Error("Open of a missing directory did not fail")
	}
}

// FuzzQuery: analysing and searching any query never panics; Normalize
// returns valid UTF-8 and is idempotent; the terms searched for are
// normalised already. Run longer with go test -fuzz FuzzQuery ./search.
func FuzzQuery(f *testing.F) {
	for _, q := range checkedInQueries(f) {
		f.Add(q.q, q.typing)
	}
	for _, s := range []string{"", " ", "ё\u0308", "е\u0308\u0308", "İİ", "\xff\xfe", "Σ", "a'", "'s", "\u0301", "🇷🇺🇺"} {
		f.Add(s, true)
	}
	f.Fuzz(checkQuery)
}

func checkQuery(t *testing.T, q string, typing bool) {
	n := Normalize(q)
	if !utf8.ValidString(n) {
		t.Fatalf("Normalize(%q) = %q: not UTF-8", q, n)
	}
	if n2 := Normalize(n); n2 != n {
		t.Fatalf("Normalize is not idempotent: %q → %q → %q", q, n, n2)
	}
	for _, lang := range []string{"en", "ru"} {
		ix := morphologyIndex(t, lang)
		r, err := ix.search(q, 10, typing, true)
		if err != nil {
			t.Fatalf("%s %q: %v", lang, q, err)
		}
		for _, term := range r.Terms {
			if Normalize(term) != term && utf8.ValidString(term) {
				t.Errorf("%s %q: term %q is not normalised", lang, q, term)
			}
		}
		if r.StopWordsOnly && len(r.Hits) > 0 {
			t.Errorf("%s %q: stop words only, yet hits", lang, q)
		}
		for _, h := range r.Hits {
			for _, m := range h.Marks {
				if m[0] < 0 || m[1] > len(h.Snippet) || m[0] >= m[1] {
					t.Errorf("%s %q: bad mark %v in %q", lang, q, m, h.Snippet)
				}
			}
		}
	}
}

// TestQueryRandom is a bounded run of FuzzQuery's checks over seeded random
// strings of an alphabet of awkward characters.
func TestQueryRandom(t *testing.T) {
	alpha := []rune("aZ09 '’.,-_ёЁеЕ\u0308\u0301İẞΣσς日カ한\u200d\ufeff\U0001F642\uFFFD\u00adпасивныйрежим")
	rng := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 3000; i++ {
		r := make([]rune, rng.IntN(12))
		for j := range r {
			r[j] = alpha[rng.IntN(len(alpha))]
		}
		s := string(r)
		if rng.IntN(20) == 0 {
			s += "\xff" // invalid UTF-8
		}
		checkQuery(t, s, rng.IntN(2) == 0)
	}
}

// TestUpdateMatchesBuild changes an index in place (one document edited,
// one deleted, one added, then the deleted one back) and checks after each
// step that it searches and exports exactly as an index built from scratch
// from the same documents; also for an index that never kept them
// (BuildOnce), whose updates export afresh.
func TestUpdateMatchesBuild(t *testing.T) {
	for _, lang := range []string{"en", "ru", "en-once", "ru-once"} {
		t.Run(lang, func(t *testing.T) {
			lang, once := strings.CutSuffix(lang, "-once")
			docs := slices.Clone(morphologyDocs[lang])
			build := Build
			if once {
				build = BuildOnce
			}
			given := slices.Clone(docs)
			ix, err := build("", lang, given)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if cleared := slices.Equal(given, make([]Doc, len(docs))); cleared != once {
				t.Fatalf("the documents given to Build were cleared: %v", cleared)
			}
			if _, err := ix.Export(ExportOptions{Incremental: true}); err != nil { // fills the memo
				t.Fatal(err)
			}
			edited := docs[0]
			edited.Body += " " + docs[1].Summary
			retitled := docs[2]
			retitled.Title = docs[3].Summary
			retitled.Code = "999"
			cut := docs[3]
			cut.Body, cut.Summary = "", ""
			added := Doc{ID: "guides/new", URL: "guides/new/", Title: docs[1].Title, Summary: docs[2].Summary, Body: docs[0].Body}
			steps := []struct {
				name    string
				docs    []Doc
				removed []string
			}{
				{"edit", []Doc{edited}, nil},
				{"edit title and code", []Doc{retitled}, nil},
				{"empty the text", []Doc{cut}, nil},
				{"unchanged", []Doc{cut}, nil},
				{"edit back", []Doc{docs[0], docs[2], docs[3]}, nil},
				{"delete", nil, []string{docs[1].ID}},
				{"add", []Doc{added}, nil},
				{"restore", []Doc{docs[1], docs[0]}, []string{added.ID}},
				{"edit again", []Doc{edited}, nil},
			}
			current := map[string]Doc{}
			for _, d := range docs {
				current[d.ID] = d
			}
			for _, st := range steps {
				if err := ix.Update(st.docs, st.removed); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				for _, d := range st.docs {
					current[d.ID] = d
				}
				for _, id := range st.removed {
					delete(current, id)
				}
				var all []Doc
				for _, d := range current {
					all = append(all, d)
				}
				fresh, err := Build("", lang, all)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ix.Export(ExportOptions{Incremental: true})
				if err != nil {
					t.Fatal(err)
				}
				want, err := fresh.Export(ExportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				sameExport(t, st.name+": the updated index against a fresh one", got, want)
				for _, q := range []string{docs[0].Title, docs[1].Summary, "530", "соединение", "the"} {
					a, err1 := ix.Search(q, 10)
					b, err2 := fresh.Search(q, 10)
					if err1 != nil || err2 != nil {
						t.Fatal(err1, err2)
					}
					if !reflect.DeepEqual(a, b) {
						t.Errorf("%s: %q: the updated index answers %+v, a fresh one %+v", st.name, q, a, b)
					}
				}
				// Prefixes of words that only the deleted document has.
				for _, q := range []string{"па", "пол", "an", "wind", "log", "соедин"} {
					a, err1 := ix.SearchPrefix(q, 10)
					b, err2 := fresh.SearchPrefix(q, 10)
					if err1 != nil || err2 != nil {
						t.Fatal(err1, err2)
					}
					if !reflect.DeepEqual(a, b) {
						t.Errorf("%s: prefix %q: the updated index answers %+v, a fresh one %+v", st.name, q, a, b)
					}
				}
				fresh.Close()
			}
		})
	}
}

// TestStableEntry checks the preview's naming: the entry keeps its name
// when the content changes, and its key is the one the client derives from
// that name.
func TestStableEntry(t *testing.T) {
	for _, lang := range []string{"en", "ru"} {
		var entries []string
		for _, docs := range [][]Doc{morphologyDocs[lang], morphologyDocs[lang][1:]} {
			ix, err := Build("", lang, docs)
			if err != nil {
				t.Fatal(err)
			}
			ex, err := ix.Export(ExportOptions{StableEntry: true})
			ix.Close()
			if err != nil {
				t.Fatal(err)
			}
			if ex.Entry != PreviewEntry(lang) {
				t.Errorf("%s: entry %s, want %s", lang, ex.Entry, PreviewEntry(lang))
			}
			data := string(ex.Files[ex.Entry])
			if want := callback + `("` + lang + `/meta.js",`; !strings.HasPrefix(data, want) {
				t.Errorf("%s: the entry starts %.40q, want %q", lang, data, want)
			}
			entries = append(entries, data)
		}
		if entries[0] == entries[1] {
			t.Errorf("%s: two different sites gave the same entry", lang)
		}
	}
}

// sameExport fails the test unless got has want's entry and exactly its
// files, byte for byte.
func sameExport(t *testing.T, what string, got, want Export) {
	t.Helper()
	if got.Entry != want.Entry || len(got.Files) != len(want.Files) {
		t.Errorf("%s: exports %s (%d files), want %s (%d files)", what, got.Entry, len(got.Files), want.Entry, len(want.Files))
	}
	for name, data := range want.Files {
		if string(got.Files[name]) != string(data) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
}
