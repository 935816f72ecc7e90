package locale

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

func TestPlurals(t *testing.T) {
	c, errs := Load(os.DirFS("../../../.."))
	if errs != nil {
		t.Fatal(errs)
	}
	for _, tt := range []struct {
		lang site.Lang
		n    int
		want string
	}{
		{site.RU, 1, "1 код"}, {site.RU, 2, "2 кода"}, {site.RU, 4, "4 кода"}, {site.RU, 5, "5 кодов"},
		{site.RU, 11, "11 кодов"}, {site.RU, 12, "12 кодов"}, {site.RU, 21, "21 код"}, {site.RU, 22, "22 кода"},
		{site.RU, 25, "25 кодов"}, {site.RU, 101, "101 код"}, {site.RU, 0, "0 кодов"},
		{site.EN, 1, "1 code"}, {site.EN, 2, "2 codes"}, {site.EN, 0, "0 codes"},
	} {
		got, err := c.N(tt.lang, "count.codes", tt.n)
		if err != nil || got != tt.want {
			t.Errorf("N(%s, count.codes, %d) = %q, %v; want %q", tt.lang, tt.n, got, err, tt.want)
		}
	}
	if _, err := c.T(site.RU, "no.such.string"); err == nil {
		t.Error("a missing string is not an error")
	}
}

func TestMissingTranslation(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/a.en.yaml": {Data: []byte("hello: Hello\nbye: Bye\n")},
		"i18n/a.ru.yaml": {Data: []byte("hello: Привет\n")},
	}
	_, errs := Load(fsys)
	if len(errs) != 1 || errs[0].Error() != `i18n/a.en.yaml: string "bye" has no ru translation: add it to an i18n/*.ru.yaml file` {
		t.Errorf("errs = %v", errs)
	}
}

func TestSyntaxError(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/a.en.yaml": {Data: []byte("hello: Hello\nbye: [Bye\n")},
		"i18n/a.ru.yaml": {Data: []byte("hello: Привет\nbye: Пока\n")},
	}
	_, errs := Load(fsys)
	if len(errs) != 1 || errs[0].File != "i18n/a.en.yaml" || errs[0].Line == 0 {
		t.Errorf("errs = %v", errs)
	}
}
