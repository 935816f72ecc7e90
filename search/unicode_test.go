package search

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the generated JS tables (static/js/search-unicode.js and the inline tables of search.js)")

// The JS tokenizer classifies code points as blevesearch/segment does: by
// the Word_Break property of Unicode 8.0 and the Hangul, Han and Hiragana
// scripts, from the Ragel files segment was generated from. This file
// regenerates those tables from the module cache and checks that the
// checked-in copies are current.

// Word_Break values, in the order of the JS client (wb in class = wb*4+script).
var wbNames = []string{"", "Double_Quote", "Single_Quote", "Hebrew_Letter", "CR", "LF", "Newline",
	"Extend", "Format", "Katakana", "ALetter", "MidLetter", "MidNum", "MidNumLet", "Numeric",
	"ExtendNumLet", "Regional_Indicator"}

var scriptNames = []string{"", "Hangul", "Han", "Hiragana"}

// inlineRanges are the code points the client classifies without loading
// search-unicode.js: Latin, Greek, Cyrillic, Armenian, and the general
// punctuation and symbol blocks queries are made of.
var inlineRanges = [][2]rune{{0, 0x530}, {0x2000, 0x2C00}}

func segmentDir(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/blevesearch/segment").Output()
	dir := filepath.Join(strings.TrimSpace(string(out)), "ragel")
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Skipf("cannot find blevesearch/segment in the module cache: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("blevesearch/segment sources not in the module cache: %v", err)
	}
	return dir
}

var rlName = regexp.MustCompile(`^\s*([A-Za-z_]+) =\s*$`)

// parseRagel reads the character classes of a unicode2ragel.rb file: each is
// a union of UTF-8 byte-range sequences.
func parseRagel(t *testing.T, path string, classes map[string][]rune) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	cur := ""
	for sc.Scan() {
		line := sc.Text()
		if m := rlName.FindStringSubmatch(line); m != nil {
			cur = m[1]
			continue
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "|"))
		if cur == "" || line == "" {
			continue
		}
		if line == ";" {
			cur = ""
			continue
		}
		var rs [][2]int
		for _, f := range strings.Fields(line) {
			lo, hi, _ := strings.Cut(f, "..")
			if hi == "" {
				hi = lo
			}
			l, err1 := strconv.ParseUint(strings.TrimPrefix(lo, "0x"), 16, 8)
			h, err2 := strconv.ParseUint(strings.TrimPrefix(hi, "0x"), 16, 8)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: cannot parse %q", path, line)
			}
			rs = append(rs, [2]int{int(l), int(h)})
		}
		var walk func(i int, b []byte)
		walk = func(i int, b []byte) {
			if i == len(rs) {
				if r, n := utf8.DecodeRune(b); r != utf8.RuneError && n == len(b) {
					classes[cur] = append(classes[cur], r)
				}
				return
			}
			lo, hi := rs[i][0], rs[i][1]
			if i > 0 { // continuation bytes
				lo, hi = max(lo, 0x80), min(hi, 0xBF)
			}
			for x := lo; x <= hi; x++ {
				walk(i+1, append(b, byte(x)))
			}
		}
		walk(0, nil)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// unicodeClasses returns the class (wb*4 + script) of every code point.
func unicodeClasses(t *testing.T) []byte {
	dir := segmentDir(t)
	classes := map[string][]rune{}
	parseRagel(t, filepath.Join(dir, "uwb.rl"), classes)
	parseRagel(t, filepath.Join(dir, "uscript.rl"), classes)
	cls := make([]byte, utf8.MaxRune+1)
	for i, n := range wbNames[1:] {
		if len(classes[n]) == 0 {
			t.Fatalf("no %s in uwb.rl", n)
		}
		for _, r := range classes[n] {
			if cls[r] != 0 {
				t.Fatalf("U+%04X is in two Word_Break classes", r)
			}
			cls[r] = byte(i+1) * 4
		}
	}
	for i, n := range scriptNames[1:] {
		if len(classes[n]) == 0 {
			t.Fatalf("no %s in uscript.rl", n)
		}
		for _, r := range classes[n] {
			cls[r] |= byte(i + 1)
		}
	}
	return cls
}

// encodeTable writes the runs of a class table over [lo, hi) as VLQ pairs
// (length of the run, class), the format search.js decodes.
func encodeTable(cls []byte, ranges [][2]rune) string {
	var b []byte
	for _, rg := range ranges {
		// A run of class 0 bridges the gap before each range.
		start := rg[0]
		if len(b) > 0 || start > 0 {
			b = appendVLQ(b, 0) // marker: skip
			b = appendVLQ(b, uint64(start))
		}
		for r := rg[0]; r < rg[1]; {
			c := cls[r]
			n := rune(1)
			for r+n < rg[1] && cls[r+n] == c {
				n++
			}
			b = appendVLQ(b, uint64(n))
			b = appendVLQ(b, uint64(c))
			r += n
		}
	}
	return string(b)
}

// lowerRun is a run of code points that Go's unicode.ToLower maps by the
// same delta: n code points from start, stride apart.
type lowerRun struct{ start, n, stride, delta int }

// lowerRuns lists the code points that unicode.ToLower (Go's Unicode
// version, which bleve's to_lower uses) changes, within ranges.
func lowerRuns(ranges [][2]rune) []lowerRun {
	var runs []lowerRun
	for _, rg := range ranges {
		for r := rg[0]; r < rg[1]; r++ {
			l := unicode.ToLower(r)
			if l == r {
				continue
			}
			d := int(l - r)
			if len(runs) > 0 {
				last := &runs[len(runs)-1]
				end := last.start + (last.n-1)*last.stride
				gap := int(r) - end
				if last.delta == d && ((last.n == 1 && (gap == 1 || gap == 2)) || (last.n > 1 && gap == last.stride)) {
					last.stride = gap
					last.n++
					continue
				}
			}
			runs = append(runs, lowerRun{int(r), 1, 1, d})
		}
	}
	return runs
}

// encodeLower writes lower-case runs as VLQ: start minus the previous
// start, count, stride, and the delta zigzag-encoded.
func encodeLower(runs []lowerRun) string {
	var b []byte
	prev := 0
	for _, r := range runs {
		b = appendVLQ(b, uint64(r.start-prev))
		b = appendVLQ(b, uint64(r.n))
		b = appendVLQ(b, uint64(r.stride))
		z := uint64(r.delta) << 1
		if r.delta < 0 {
			z = uint64(-r.delta)<<1 | 1
		}
		b = appendVLQ(b, z)
		prev = r.start
	}
	return string(b)
}

// wideLower lists the code points whose lower case is longer in UTF-8:
// bleve's to_lower stops applying the final-sigma rule at them.
func wideLower() string {
	var w []string
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) > utf8.RuneLen(r) {
			w = append(w, strconv.Itoa(int(r)))
		}
	}
	return "[" + strings.Join(w, ",") + "]"
}

func TestUnicodeTablesCurrent(t *testing.T) {
	cls := unicodeClasses(t)
	all := [][2]rune{{0, utf8.MaxRune + 1}}
	full := encodeTable(cls, all)
	inline := encodeTable(cls, inlineRanges)
	fullLower := encodeLower(lowerRuns(all))

	unicodeJS := filepath.Join("..", "static", "js", "search-unicode.js")
	wantFull := fmt.Sprintf(`// Tables of all code points for search.js, generated by
// "go test ./search -run TestUnicodeTablesCurrent -update": word-break
// classes from the Ragel sources of blevesearch/segment (Unicode 8.0
// Word_Break; Hangul, Han and Hiragana scripts) as runs of (length, class),
// and Go's unicode.ToLower as runs (start delta, count, stride, delta), in
// the VLQ of search/FORMAT.md.
ftpdocsSearch('unicode', {wb: %q, lower: %q});
`, full, fullLower)
	searchJS := filepath.Join("..", "static", "js", "search.js")
	src, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	wantSrc := src
	var shrink []string
	for _, p := range shrinking() {
		shrink = append(shrink, fmt.Sprintf("[%d,%d]", p[0], p[1]))
	}
	for name, v := range map[string]string{"INLINE": strconv.Quote(inline), "WIDE": wideLower(),
		"SHRINK": "[" + strings.Join(shrink, ",") + "]"} {
		re := regexp.MustCompile(`(const ` + name + ` = )[^;]*(;)`)
		if !re.Match(wantSrc) {
			t.Fatalf("%s: no line `const %s = ...;`", searchJS, name)
		}
		wantSrc = re.ReplaceAllLiteral(wantSrc, []byte("const "+name+" = "+v+";"))
	}

	if *update {
		if err := os.WriteFile(unicodeJS, []byte(wantFull), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(searchJS, wantSrc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, _ := os.ReadFile(unicodeJS)
	if string(got) != wantFull {
		t.Errorf("%s is out of date: run go test ./search -run TestUnicodeTablesCurrent -update", unicodeJS)
	}
	if !bytes.Equal(src, wantSrc) {
		t.Errorf("the inline tables of %s are out of date: run go test ./search -run TestUnicodeTablesCurrent -update", searchJS)
	}
}

// simple reports whether Normalize's one-pass path takes s.
func simple(s string) bool {
	_, ok := foldSimple(s)
	return ok
}

// TestSimpleRunes checks Normalize's fast path: what folding puts in is
// simple, and on random text from simple runes, combining marks, Hangul
// jamo and invalid bytes, Normalize gives what the full algorithm gives.
func TestSimpleRunes(t *testing.T) {
	f := folder()
	t.Logf("%d simple runes below U+2200", func() (n int) {
		for _, ok := range simpleRunes() {
			if ok {
				n++
			}
		}
		return
	}())
	for _, r := range f.chars {
		if !simple(f.Replace(string(r))) {
			t.Errorf("folding %q gives a rune that is not simple", r)
		}
	}
	var pool []rune
	for r, ok := range simpleRunes() {
		if ok && (r < 0x500 || r%7 == 0) {
			pool = append(pool, rune(r))
		}
	}
	pool = append(pool, []rune("ёЁеЕ\u0301\u0308\u0306\u0327\u1100\u1161\u11A8\uAC00\u212B\u2126\u0340\u0374\u037E\u0387İẞⱢ")...)
	rng := rand.New(rand.NewPCG(1, 2))
	simpleSeen := 0
	for i := range 200000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		if i%1000 == 0 {
			s += "\xff"
		}
		if simple(s) {
			simpleSeen++
		}
		if got, want := Normalize(s), normalizeFully(s); got != want {
			t.Fatalf("Normalize(%+q) = %+q, the full algorithm %+q", s, got, want)
		}
	}
	if simpleSeen < 1000 {
		t.Errorf("only %d simple strings tried", simpleSeen)
	}
}
