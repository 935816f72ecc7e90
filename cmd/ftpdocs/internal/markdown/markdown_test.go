package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// resolve is the Resolver of the tests: a small site.
func resolve(dest string) (string, error) {
	scheme, rest, _ := strings.Cut(dest, ":")
	key, frag, hasFrag := strings.Cut(rest, "#")
	pages := map[string]map[string]string{
		"code":  {"150": "../150/", "227": "../227/", "425": "../425/", "426": "../426/"},
		"cmd":   {"pasv": "../../commands/pasv/", "list": "../../commands/list/"},
		"class": {"4": "../4xx/"},
		"guide": {"passive-mode": "../../guides/passive-mode/"},
	}
	what := map[string]string{"code": "code", "cmd": "command", "class": "class", "guide": "guide"}[scheme]
	href, ok := pages[scheme][key]
	if !ok {
		return "", fmt.Errorf("no page for %s %s", what, key)
	}
	if hasFrag {
		href += "#" + frag
	}
	return href, nil
}

// TestRender runs the cases in testdata/render: each archive holds input.md
// and the expected output.html, text (Result.Text), headings and errors.
// go test -update rewrites the expected sections; review the diff.
func TestRender(t *testing.T) {
	files, err := filepath.Glob("testdata/render/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			input := section(a, "input.md")
			if input == nil {
				t.Fatal("no input.md section")
			}
			got := renderSections(input)
			if *update {
				a.Files = []txtar.File{{Name: "input.md", Data: input}}
				for _, s := range got {
					a.Files = append(a.Files, txtar.File{Name: s.name, Data: []byte(s.data)})
				}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, s := range got {
				want := section(a, s.name)
				if want == nil {
					t.Errorf("no %s section (run go test -update)", s.name)
					continue
				}
				if s.data != string(want) {
					t.Errorf("%s:\n--- got\n%s--- want\n%s", s.name, s.data, want)
				}
			}
		})
	}
}

type goldenSection struct{ name, data string }

func renderSections(input []byte) []goldenSection {
	d := Parse(input)
	r := d.Render(resolve)
	var heads, errs strings.Builder
	for _, h := range d.Headings() {
		how := "auto"
		if h.Explicit {
			how = "explicit"
		}
		fmt.Fprintf(&heads, "%d:%d: h%d %s %s %q\n", h.Line, h.Col, h.Level, h.ID, how, h.Text)
	}
	for _, e := range r.Errors {
		fmt.Fprintln(&errs, e)
	}
	return []goldenSection{
		{"output.html", string(r.HTML)},
		{"text", r.Text + "\n"},
		{"headings", heads.String()},
		{"errors", errs.String()},
	}
}

func section(a *txtar.Archive, name string) []byte {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func TestSlug(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"What to do", "what-to-do"},
		{"As a server administrator", "as-a-server-administrator"},
		{"In practice", "in-practice"},
		{"Common mistakes", "common-mistakes"},
		{"  Leading and   trailing  ", "leading-and-trailing"},
		{"Can't open data connection", "cant-open-data-connection"},
		{"Can’t open", "cant-open"},
		{"FTP/TLS and NAT: a how-to!", "ftp-tls-and-nat-a-how-to"},
		{"snake_case name", "snake-case-name"},
		{"RFC 959 §4.2.2", "rfc-959-4-2-2"},
		{"425", "425"},
		{"1xx replies", "1xx-replies"},
		{"Причины", "prichiny"},
		{"Что делать", "chto-delat"},
		{"Пользователю", "polzovatelyu"},
		{"Администратору сервера", "administratoru-servera"},
		{"Ошибки в справочниках", "oshibki-v-spravochnikakh"},
		{"На практике", "na-praktike"},
		{"Пример", "primer"},
		{"Щука, ёж и Юла", "shchuka-ezh-i-yula"},
		{"Подъезд объявление", "podezd-obyavlenie"},
		{"Ошибка 425 (Can't open)", "oshibka-425-cant-open"},
		{"PASV и EPSV", "pasv-i-epsv"},
		{"Café naïve Ärger", "cafe-naive-arger"},
		{"Straße", "strasse"},
		{"ＦＴＰ　１２３", "ftp-123"},
		{"日本語", "section"},
		{"FTP 日本 server", "ftp-server"},
		{"", "section"},
		{"!!!", "section"},
		{"ъь", "section"},
		{"-a-", "a"},
	} {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		want []string
	}{
		{"duplicates", "## Causes\n## Causes\n## Causes\n", []string{"causes", "causes-1", "causes-2"}},
		{"suffix taken", "## A-1\n## A\n## A\n", []string{"a-1", "a", "a-2"}},
		{"explicit later wins", "## Causes\n## Причины {#causes}\n", []string{"causes-1", "causes"}},
		{"explicit keeps case rules", "## X {#what-to-do}\n## What to do\n", []string{"what-to-do", "what-to-do-1"}},
		{"markup ignored", "## Using `PASV` with [NAT](guide:nat)\n", []string{"using-pasv-with-nat"}},
		{"escapes and entities", "## AT&amp;T \\*stars\\*\n", []string{"at-t-stars"}},
		{"empty heading", "##\n", []string{"section"}},
		{"setext", "Causes\n------\n", []string{"causes"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range Parse([]byte(tt.src)).Headings() {
				got = append(got, h.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("IDs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSetIDs(t *testing.T) {
	const ru = "\n## На практике\n\n## Причины {#why}\n\n## Что делать\n\n### Пользователю\n"
	for _, tt := range []struct {
		name    string
		ids     []string
		want    []string
		wantErr string
	}{
		{
			name: "same outline",
			ids:  []string{"in-practice", "causes", "what-to-do", "as-a-user"},
			want: []string{"in-practice", "why", "what-to-do", "as-a-user"},
		},
		{
			name: "empty keeps own",
			ids:  []string{"", "causes", "", "as-a-user"},
			want: []string{"na-praktike", "why", "chto-delat", "as-a-user"},
		},
		{
			name:    "fewer ids",
			ids:     []string{"in-practice", "causes"},
			want:    []string{"in-practice", "why", "chto-delat", "polzovatelyu"},
			wantErr: "6:1: this page has 4 headings but its English version has 2",
		},
		{
			name:    "more ids",
			ids:     []string{"a", "b", "c", "d", "e"},
			want:    []string{"a", "why", "c", "d"},
			wantErr: "8:1: this page has 4 headings but its English version has 5",
		},
		{
			name:    "duplicate",
			ids:     []string{"why", "causes", "c", "d"},
			want:    []string{"why", "why", "c", "d"},
			wantErr: `4:1: heading ID "why" is already used by the heading on line 2`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse([]byte(ru))
			d.SetIDs(tt.ids)
			var got []string
			for _, h := range d.Headings() {
				got = append(got, h.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("IDs = %q, want %q", got, tt.want)
			}
			r := d.Render(resolve)
			switch {
			case tt.wantErr == "" && len(r.Errors) > 0:
				t.Errorf("unexpected errors %v", r.Errors)
			case tt.wantErr != "" && (len(r.Errors) != 1 || !strings.HasPrefix(r.Errors[0].Error(), tt.wantErr)):
				t.Errorf("errors = %v, want one starting %q", r.Errors, tt.wantErr)
			}
			for _, id := range tt.want {
				if !bytes.Contains(r.HTML, []byte(`id="`+id+`"`)) {
					t.Errorf("HTML lacks id=%q:\n%s", id, r.HTML)
				}
			}
		})
	}
	// A later SetIDs with the right count clears the mismatch.
	d := Parse([]byte(ru))
	d.SetIDs([]string{"a"})
	d.SetIDs([]string{"a", "b", "c", "d"})
	if errs := d.Render(resolve).Errors; len(errs) != 0 {
		t.Errorf("errors after a good SetIDs: %v", errs)
	}
}

// TestCrossLinkPosition checks the line and byte column of unresolved links,
// including after multi-byte text and inside other constructs.
func TestCrossLinkPosition(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want string
	}{
		{"[x](code:999)", "1:1"},
		{"\n\n  see [x](code:999)", "3:7"},
		{"Причины: [x](code:999)", "1:17"}, // 9 runes, 16 bytes before '['
		{"ёж [*x*](code:999)", "1:6"},
		{"a [`x`](code:999)", "1:3"},
		{"a [](code:999)", "1:3"},
		{"a [x][r]\n\n[r]: code:999", "1:3"},
		{"| a | b |\n|---|---|\n| Ш | [x](cmd:nope) |", "3:8"},
		{"text[^1]\n\n[^1]: see [x](guide:nope)", "3:11"},
		{"- item\n  - Пункт [x](class:9)", "2:16"},
		{"> цитата\n> [x](code:999)", "2:3"},
		{"**Жирный [x](code:999)**", "1:16"},
	} {
		r := Parse([]byte(tt.src)).Render(resolve)
		if len(r.Errors) != 1 {
			t.Errorf("%q: errors = %v, want one", tt.src, r.Errors)
			continue
		}
		if got := fmt.Sprintf("%d:%d", r.Errors[0].Line, r.Errors[0].Col); got != tt.want {
			t.Errorf("%q: error at %s, want %s (%s)", tt.src, got, tt.want, r.Errors[0].Msg)
		}
	}
}

func TestCrossLinkResolved(t *testing.T) {
	r := Parse([]byte("[425](code:425#causes) [PASV](CMD:pasv \"title\") [x](https://example.com/) [y](../rel/)")).Render(resolve)
	want := `<p><a href="../425/#causes">425</a> <a href="../../commands/pasv/" title="title">PASV</a> <a href="https://example.com/">x</a> <a href="../rel/">y</a></p>` + "\n"
	if string(r.HTML) != want || len(r.Errors) != 0 {
		t.Errorf("got %s %v\nwant %s", r.HTML, r.Errors, want)
	}
	// Without a Resolver every cross-link is an error.
	r = Parse([]byte("[425](code:425)")).Render(nil)
	if len(r.Errors) != 1 || !strings.Contains(string(r.HTML), `href="#"`) {
		t.Errorf("nil Resolver: %s %v", r.HTML, r.Errors)
	}
}

// TestConcurrent renders one Doc and many others from several goroutines, and
// calls SetIDs meanwhile; run with -race.
func TestConcurrent(t *testing.T) {
	inputs := goldenInputs(t)
	shared := Parse(inputs[0])
	want := shared.Render(resolve)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if got := shared.Render(resolve); !bytes.Equal(got.HTML, want.HTML) {
					t.Error("concurrent renders of one Doc differ")
					return
				}
				in := inputs[(g+i)%len(inputs)]
				d := Parse(in)
				d.SetIDs(make([]string, len(d.Headings())))
				d.Render(resolve)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		ids := make([]string, len(shared.Headings()))
		for i := 0; i < 20; i++ {
			shared.SetIDs(ids) // empty IDs: nothing changes
			shared.Headings()
		}
	}()
	wg.Wait()
}

func goldenInputs(tb testing.TB) [][]byte {
	files, _ := filepath.Glob("testdata/render/*.txtar")
	var inputs [][]byte
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		inputs = append(inputs, section(a, "input.md"))
	}
	if len(inputs) == 0 {
		tb.Fatal("no inputs in testdata/render")
	}
	return inputs
}

// FuzzRender checks that any input renders without panicking, that the
// output never carries live HTML from the input, that every error has a
// position inside the input, and that rendering is deterministic.
//
// The seeds are the blocks (split at blank lines) of the golden inputs: the
// fuzzer minimizes every new input it finds, and minimizing a whole page
// takes it most of a 30-second run.
func FuzzRender(f *testing.F) {
	for _, in := range goldenInputs(f) {
		for _, block := range bytes.Split(in, []byte("\n\n")) {
			if len(bytes.TrimSpace(block)) > 0 {
				f.Add(block)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Parse(src)
		heads := d.Headings()
		ids := make([]string, len(heads))
		for i := range ids {
			ids[i] = fmt.Sprintf("h%d", i%3)
		}
		r := d.Render(resolve)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, e := range r.Errors {
			if strings.Contains(e.Msg, "internal error") {
				t.Fatalf("%v", e)
			}
			if e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Fatalf("error outside the input: %v", e)
			}
		}
		lower := bytes.ToLower(r.HTML)
		for _, bad := range []string{"<script", "<iframe", "<style", "<object", `href="javascript:`, `src="javascript:`} {
			if bytes.Contains(lower, []byte(bad)) {
				t.Fatalf("output contains %q:\n%s", bad, r.HTML)
			}
		}
		if again := d.Render(resolve); !bytes.Equal(again.HTML, r.HTML) || len(again.Errors) != len(r.Errors) {
			t.Fatal("second render differs")
		}
		d.SetIDs(ids)
		d.Render(resolve)
	})
}

func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/bench/425.md")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse+render", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			Parse(src).Render(resolve)
		}
	})
	b.Run("render", func(b *testing.B) {
		d := Parse(src)
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			d.Render(resolve)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				Parse(src).Render(resolve)
			}
		})
	})
}
