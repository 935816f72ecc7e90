// Package locale holds the user-interface strings of the site (i18n/), with
// the plural rules of each language (1 код, 2 кода, 5 кодов).
//
// Strings live in i18n/NAME.LANG.yaml in go-i18n's format: either
// `id: text` or `id: {one: …, few: …, many: …, other: …}` where the text
// may use {{.Count}}. Every id must exist in every language.
package locale

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// Dir is the strings directory, relative to the repository root.
const Dir = "i18n"

// Catalog answers string lookups for every language.
type Catalog struct {
	loc  map[site.Lang]*i18n.Localizer
	said sync.Map // said → string
}

// Load reads every i18n/*.LANG.yaml file from fsys.
func Load(fsys fs.FS) (*Catalog, diag.List) {
	var errs diag.List
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	ids := map[site.Lang]map[string]string{}
	names, err := fs.Glob(fsys, Dir+"/*.yaml")
	if err != nil || len(names) == 0 {
		errs.Add(Dir, 0, 0, "no string files: expected i18n/NAME.en.yaml and i18n/NAME.ru.yaml")
		return nil, errs
	}
	sort.Strings(names)
	for _, name := range names {
		parts := strings.Split(path.Base(name), ".")
		lang := site.Lang(parts[len(parts)-2])
		if len(parts) < 3 || (lang != site.EN && lang != site.RU) {
			errs.Add(name, 0, 0, "string files are named NAME.en.yaml or NAME.ru.yaml")
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Add(name, 0, 0, "cannot read: %v", err)
			continue
		}
		mf, err := bundle.ParseMessageFileBytes(src, name)
		if err != nil {
			line, col, msg := yamlPos(err.Error())
			errs.Add(name, line, col, "%s", msg)
			continue
		}
		if ids[lang] == nil {
			ids[lang] = map[string]string{}
		}
		for _, m := range mf.Messages {
			if prev, dup := ids[lang][m.ID]; dup {
				errs.Add(name, 0, 0, "string %q is already defined in %s", m.ID, prev)
			}
			ids[lang][m.ID] = name
		}
	}
	if len(errs) > 0 {
		// A file that does not parse would make every string in it look
		// untranslated; report the parse error alone.
		return nil, errs.Sorted()
	}
	for _, lang := range site.Langs {
		for id, name := range ids[lang] {
			if _, ok := ids[lang.Other()][id]; !ok {
				errs.Add(name, 0, 0, "string %q has no %s translation: add it to an i18n/*.%s.yaml file", id, lang.Other(), lang.Other())
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	c := &Catalog{loc: map[site.Lang]*i18n.Localizer{}}
	for _, lang := range site.Langs {
		c.loc[lang] = i18n.NewLocalizer(bundle, string(lang))
	}
	return c, nil
}

var yamlAt = regexp.MustCompile(`\[(\d+):(\d+)\] ([^\n]*)`)

// yamlPos finds the "[line:col] message" of a YAML error inside the text
// go-i18n wraps it in.
func yamlPos(text string) (line, col int, msg string) {
	if m := yamlAt.FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1])
		col, _ = strconv.Atoi(m[2])
		return line, col, "invalid YAML: " + m[3]
	}
	return 0, 0, text
}

// T returns the string id in lang.
func (c *Catalog) T(lang site.Lang, id string) (string, error) {
	k := said{lang, id, 0, false}
	if s, ok := c.said.Load(k); ok {
		return s.(string), nil
	}
	s, err := c.loc[lang].Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		return "", fmt.Errorf("no UI string %q for %s: add it to i18n/*.%s.yaml", id, lang, lang)
	}
	c.said.Store(k, s)
	return s, nil
}

// said keys the strings T and N have found: every page asks for the same
// few dozen, and go-i18n matches the language and looks the message up on
// every call.
type said struct {
	lang   site.Lang
	id     string
	n      int
	plural bool
}

// N returns the plural form of id for count n in lang, with {{.Count}}
// replaced by n.
func (c *Catalog) N(lang site.Lang, id string, n int) (string, error) {
	k := said{lang, id, n, true}
	if s, ok := c.said.Load(k); ok {
		return s.(string), nil
	}
	s, err := c.loc[lang].Localize(&i18n.LocalizeConfig{
		MessageID:    id,
		PluralCount:  n,
		TemplateData: map[string]any{"Count": n},
	})
	if err != nil {
		return "", fmt.Errorf("no UI string %q for %s: add it to i18n/*.%s.yaml (with one/few/many/other forms)", id, lang, lang)
	}
	c.said.Store(k, s)
	return s, nil
}
