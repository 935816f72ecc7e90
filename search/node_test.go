package search

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// The tests in this file run the JS client in Node (testdata/harness.js)
// and compare it with bleve: bleve is the oracle. They skip without node;
// CI installs it.

// jsDir holds the client's sources, or in $FTPDOCS_JS_DIR another copy of
// them: the minified files a build publishes (search/BENCHMARKS.md), so
// that the benchmarks count what readers download. (The minify package's
// test proves the minified client gives the same answers.)
var jsDir = func() string {
	if d := os.Getenv("FTPDOCS_JS_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "static", "js")
}()

// runNode sends a request to the harness and decodes its answer into resp.
func runNode(t testing.TB, req, resp any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: the JS client is not tested (CI installs Node)")
	}
	f := filepath.Join(t.TempDir(), "request.json")
	data, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if k := os.Getenv("FTPDOCS_KEEP_REQUEST"); k != "" {
		os.WriteFile(k, data, 0o644)
	}
	cmd := exec.Command(node, "--stack-size=4000", filepath.Join("testdata", "harness.js"), jsDir, f)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node harness.js: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(out, resp); err != nil {
		t.Fatalf("harness output: %v", err)
	}
}

// bleveAnalyzer returns bleve's analyzer of a language from the registry.
func bleveAnalyzer(t testing.TB, lang string) analysis.Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(analyzerName[lang])
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func terms(a analysis.Analyzer, text string) []string {
	out := []string{}
	for _, t := range a.Analyze([]byte(Normalize(text))) {
		out = append(out, string(t.Term))
	}
	return out
}

// readWords returns the words of a file, one per line; nil if it is absent.
func readWords(t testing.TB, path string) []string {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Logf("%s not found: not part of this run", path)
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// vocabulary returns every distinct token of the documents, as written.
func vocabulary(docs []Doc) []string {
	tz := bunicode.NewUnicodeTokenizer()
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, s := range []string{d.Title, d.Summary, d.Body} {
			for _, tok := range tz.Tokenize([]byte(s)) {
				w := string(tok.Term)
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

var (
	enSuffixes = []string{"", "s", "es", "ed", "ing", "er", "ers", "est", "ly", "ness", "ment", "ments",
		"ation", "ations", "ational", "ize", "izes", "ized", "izing", "ization", "izer", "able", "ible",
		"ability", "ful", "fulness", "ous", "ously", "ousness", "ive", "ively", "iveness", "al", "ally",
		"alism", "ality", "aliti", "ity", "ic", "ical", "icate", "iciti", "ance", "ence", "ent", "ant",
		"ement", "ism", "ate", "iti", "ion", "ions", "ies", "ied", "y", "li", "bli", "logi", "'s", "’s", "s'"}
	ruSuffixes = []string{"", "а", "я", "о", "е", "ё", "ы", "и", "у", "ю", "ь", "ой", "ей", "ом", "ем", "ём",
		"ами", "ями", "ах", "ях", "ов", "ев", "ёв", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ого",
		"его", "ому", "ему", "ым", "им", "ых", "их", "ую", "юю", "ешь", "ет", "ете", "ут", "ют", "ит",
		"ите", "ат", "ят", "ал", "ала", "ало", "али", "ить", "ать", "ять", "ся", "сь", "ться", "вшись",
		"ивши", "ывши", "ость", "ости", "остью", "ейший", "ейшая", "нный", "нная", "енный", "ющий",
		"ующий", "ение", "ения", "ении", "ением", "ениями", "ость", "ии", "ия", "ию", "ием", "иями"}
)

// inflect makes up to limit word forms from bases, taken in random order:
// each base with each suffix, and the base less its last one or two letters
// with each suffix; then upper-case and capitalised variants of some.
func inflect(bases, suffixes []string, limit int, rng *rand.Rand) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if !seen[w] && w != "" {
			seen[w] = true
			out = append(out, w)
		}
	}
	order := rng.Perm(len(bases))
	for _, i := range order {
		if len(out) >= limit {
			break
		}
		r := []rune(strings.ToLower(bases[i]))
		stems := []string{string(r)}
		if len(r) > 4 {
			stems = append(stems, string(r[:len(r)-1]), string(r[:len(r)-2]))
		}
		for _, s := range stems {
			for _, suf := range suffixes {
				add(s + suf)
			}
		}
	}
	n := len(out)
	for i := 0; i < n && i < limit/10; i++ {
		w := out[rng.IntN(n)]
		add(strings.ToUpper(w))
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		add(string(r))
	}
	return out
}

// TestAnalyzerAgreement: the JS analyzer gives bleve's terms for the
// Snowball vocabularies, generated inflections, the site's vocabulary and a
// list of awkward inputs.
func TestAnalyzerAgreement(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	tricky := []string{"", "425", "10061", "4xx", "5xx", "ftp-сервер", "ftp‐server", "client's", "clients’",
		"CLIENT'S", "don't", "can’t", "rock'n'roll", "PASV", "EPSV", "227,", "h1,h2,h3,h4,p1,p2",
		"192.168.0.1", "v1.2.3", "3.14", "1,000", "e-mail", "re-use", "_under_score_", "__", "a_1",
		"Ёлка", "ёжик", "учётная", "УЧЁТНАЯ", "е\u0308жик", "naïve", "nai\u0308ve", "ΣΟΦΟΣ", "σοφός",
		"İstanbul", "Straße", "ǅemal", "ﬁle", "ⱥȺ", "ȺΣ", "日本語", "カタカナ", "ひらがな", "한국어",
		"שָׁלוֹם", "עִבְרִית", "ﬀ", "🙂", "🇷🇺", "x\u200dy", "a\u00adb", "a\u0301", "\u0301a", "Ⅻ", "①②",
		"ftp://example.com/pub", "user@example.com", "C:\\Windows", "$HOME", "~/.netrc", "50%",
		"пассивный", "режим", "соединение", "соединения", "соединении", "пользователями", "пользователь",
		"connections", "connected", "connecting", "passive", "mode", "modes", "logging", "login", "logins"}
	for _, lang := range []string{"en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			a := bleveAnalyzer(t, lang)
			stop, err := stopWords(lang)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			voc := map[string]string{"en": "porter-voc.txt", "ru": "russian-voc.txt"}[lang]
			list := readWords(t, filepath.Join("..", "..", "shared", "wordlists", voc))
			texts = append(texts, list...)
			site := vocabulary(contentDocs(t, lang))
			texts = append(texts, site...)
			bases := append(slices.Clone(list), site...)
			sufs := map[string][]string{"en": enSuffixes, "ru": ruSuffixes}[lang]
			texts = append(texts, inflect(bases, sufs, 60000, rng)...)
			texts = append(texts, tricky...)
			texts = append(texts, stop...)
			var resp struct{ Analyze [][]string }
			runNode(t, map[string]any{"fullTable": true, "analyze": map[string]any{"lang": lang, "stop": stop, "texts": texts}}, &resp)
			bad := 0
			for i, text := range texts {
				want := terms(a, text)
				if !slices.Equal(resp.Analyze[i], want) {
					if bad < 20 {
						t.Errorf("%s %q: JS %q, bleve %q", lang, text, resp.Analyze[i], want)
					}
					bad++
				}
			}
			t.Logf("%s: %d of %d texts agree (%.4f%%): %d from %s, %d of the site's vocabulary, the rest inflections and odd inputs",
				lang, len(texts)-bad, len(texts), 100*float64(len(texts)-bad)/float64(len(texts)), len(list), voc, len(site))
		})
	}
}

// TestTokenizerAgreement: the JS tokenizer cuts random text over a mixed
// alphabet as bleve's unicode tokenizer does, with the full table and with
// the inline one alone.
func TestTokenizerAgreement(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	inline := []rune("aZé ñ'’.,:;-_0123456789 \t\n\r\"«»()/+@#%&*=?!…—–·абвгдеёжзЯЁЪЬ\u0301\u0308\u00ad\u200b\u200d\u2019\u2018\u2024\u2027\u202f\u2044\u00b7\u0387ΣσςΩ")
	wide := append(slices.Clone(inline), []rune("\u1100\u1161\u11a8가\u0300\u0323\u0345\u05b0ÅK\u212b\u0130ẞ日本語漢字カタカナｶﾀひらがな한국어שלוםעברית׳״ﾞ゙々〻〇🙂🇷🇺🇺🇸\u302e\u302f\u3099\ufe0f\U0001F3FB\u0e01\u0e32\u1100\u1161\u11a8\uff10\uff21\u0660\u0661٫٬\u2060\ufeff𝒜𝟘")...)
	gen := func(alpha []rune, n int) []string {
		out := make([]string, n)
		for i := range out {
			r := make([]rune, 1+rng.IntN(24))
			for j := range r {
				r[j] = alpha[rng.IntN(len(alpha))]
			}
			out[i] = string(r)
		}
		return out
	}
	tz := bunicode.NewUnicodeTokenizer()
	check := func(name string, full bool, texts []string) {
		var resp struct {
			Tokenize  [][]string
			Normalize []string
		}
		runNode(t, map[string]any{"fullTable": full, "tokenize": texts, "normalize": texts}, &resp)
		nbad := 0
		for i, s := range texts {
			if !assigned(s) {
				continue // NFC of newer characters depends on the engine's Unicode version
			}
			if want := Normalize(s); resp.Normalize[i] != want {
				if nbad < 10 {
					t.Errorf("%s: normalize(%+q): JS %+q, Go %+q", name, s, resp.Normalize[i], want)
				}
				nbad++
			}
		}
		bad := 0
		for i, s := range texts {
			want := []string{}
			for _, tok := range tz.Tokenize([]byte(s)) {
				want = append(want, string(tok.Term))
			}
			if !slices.Equal(resp.Tokenize[i], want) {
				if bad < 20 {
					t.Errorf("%s: %+q: JS %+q, bleve %+q", name, s, resp.Tokenize[i], want)
				}
				bad++
			}
		}
		t.Logf("%s: %d of %d texts tokenized alike", name, len(texts)-bad, len(texts))
	}
	check("inline table", false, gen(inline, 20000))
	check("full table", true, gen(wide, 20000))
	// Every code point alone, doubled and between letters and digits, with
	// the full table (probes joined into texts of 256).
	var each []string
	var b strings.Builder
	for r, k := rune(0), 0; r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		b.WriteString("a" + s + "b 1" + s + "2 " + s + s + " | ")
		if k++; k%256 == 0 || r == utf8.MaxRune {
			each = append(each, b.String())
			b.Reset()
		}
	}
	check("code points", true, each)
}

// TestLowerAgreement: the JS lower case is bleve's to_lower filter for every
// code point, and for the final-sigma cases.
func TestLowerAgreement(t *testing.T) {
	f := lowercase.NewLowerCaseFilter()
	lowerGo := func(s string) string {
		return string(f.Filter(analysis.TokenStream{&analysis.Token{Term: []byte(s)}})[0].Term)
	}
	var resp struct {
		LowerAll [][3]int
		Lower    []string
	}
	samples := []string{"ΣΑΣ", "ΣΑΣ'", "aΣ", "Σ", "ȺΣ", "ΣȺ", "ȺΑΣ", "ⱯΣ", "İI", "ΣΣ", "ΟΔΟΣ1"}
	// With the inline tables alone, every code point they cover.
	var inl struct{ LowerAll [][3]int }
	runNode(t, map[string]any{"lowerAll": true}, &inl)
	inlineJS := map[rune]string{}
	for _, p := range inl.LowerAll {
		inlineJS[rune(p[0])] = string(rune(p[1]))
	}
	for _, rg := range inlineRanges {
		for r := rg[0]; r < rg[1]; r++ {
			got, ok := inlineJS[r]
			if !ok {
				got = string(r)
			}
			if want := lowerGo(string(r)); got != want {
				t.Errorf("inline tables: lower(U+%04X): JS %q, bleve %q", r, got, want)
			}
		}
	}
	runNode(t, map[string]any{"fullTable": true, "lowerAll": true, "lower": samples}, &resp)
	js := map[rune]string{}
	for _, p := range resp.LowerAll {
		s := string(rune(p[1]))
		if p[2] != 1 {
			s = fmt.Sprintf("<%d code points>", p[2])
		}
		js[rune(p[0])] = s
	}
	bad := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		want := lowerGo(string(r))
		got, ok := js[r]
		if !ok {
			got = string(r)
		}
		if got != want {
			if bad < 40 {
				t.Errorf("lower(U+%04X %q): JS %q, bleve %q", r, string(r), got, want)
			}
			bad++
		}
	}
	for i, s := range samples {
		if want := lowerGo(s); resp.Lower[i] != want {
			t.Errorf("lower(%q): JS %q, bleve %q", s, resp.Lower[i], want)
		}
	}
	if bad > 0 {
		t.Logf("%d code points differ", bad)
	}
}

// assigned reports whether every code point of s is assigned in Go's
// Unicode version.
func assigned(s string) bool {
	for _, r := range s {
		if !unicode.IsGraphic(r) && !unicode.IsControl(r) && !unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs) {
			return false
		}
	}
	return true
}
