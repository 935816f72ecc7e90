// Package load reads content/ into the site model.
//
// It reads the two language trees (content/en, content/ru), splits each
// file's front matter from its Markdown body, decodes and checks the front
// matter, pairs translations by key, and hands the values to site.New,
// which computes the derived relations. Every problem is collected with its
// file:line:col; Load returns all of them, not just the first.
//
// What the file names mean is documented in the README ("Writing content").
package load

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/work"
)

// ContentDir is the content directory, relative to the repository root.
const ContentDir = "content"

// MaxFileSize bounds a content file; larger files are reported, not read
// into the pipeline.
const MaxFileSize = 4 << 20

var (
	codeFile    = regexp.MustCompile(`^codes/([0-9]{3}|100[0-9]{2})$`)
	classFile   = regexp.MustCompile(`^codes/([1-6])xx$`)
	commandFile = regexp.MustCompile(`^commands/([a-z]{3,4})$`)
	guideFile   = regexp.MustCompile(`^guides/([a-z0-9]+(?:-[a-z0-9]+)*)$`)
	sections    = []string{"codes", "commands", "guides"}
)

// file is one content file after reading and front matter parsing.
type file struct {
	page *site.Page
	meta *meta
}

// Load reads the content tree from fsys (rooted at the repository root).
// It returns the model and the list of every problem found. When there are
// problems the model holds what could be read, so that later stages can
// report their own problems in the same run; it must not be published.
//
// memo, which may be nil, keeps parsed front matter for the next Load
// (ftpdocs serve loads after every save).
func Load(fsys fs.FS, memo *Memo) (*site.Site, diag.List) {
	l := &loader{fsys: fsys, files: map[site.Lang]map[string]*file{}, broken: map[string]bool{}, memo: memo}
	memo.begin()
	defer memo.end()
	var jobs []readJob
	for _, lang := range site.Langs {
		l.files[lang] = map[string]*file{}
		jobs = append(jobs, l.walkTree(lang)...)
	}
	l.readAll(jobs)
	l.pair()
	s := l.build()
	s.Unreadable = l.broken
	return s, l.errs.Sorted()
}

type loader struct {
	fsys  fs.FS
	files map[site.Lang]map[string]*file
	// broken holds the keys of files that exist but could not be read or
	// parsed; their error is reported once, not again by every page that
	// refers to them.
	broken map[string]bool
	errs   diag.List
	memo   *Memo
}

func (l *loader) errorf(file string, line, col int, format string, args ...any) {
	l.errs.Add(file, line, col, format, args...)
}

// readJob is one content file to read.
type readJob struct {
	lang      site.Lang
	name, rel string
	// results, filled by readFile
	f     *file
	errs  diag.List
	key   string
	known bool // the file name maps to a page key
}

// walkTree lists the Markdown files of one language tree, reporting
// anything else found there.
func (l *loader) walkTree(lang site.Lang) []readJob {
	var jobs []readJob
	root := ContentDir + "/" + string(lang)
	err := fs.WalkDir(l.fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			l.errorf(name, 0, 0, "cannot read: %v", unwrapPathError(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if editorFile(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(name, root+"/")
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			l.errorf(name, 0, 0, "not a regular file; content/%s holds only .md files", lang)
			return nil
		}
		if path.Ext(rel) != ".md" {
			l.errorf(name, 0, 0, "unexpected file: content/%s holds only Markdown files ending in .md", lang)
			return nil
		}
		jobs = append(jobs, readJob{lang: lang, name: name, rel: strings.TrimSuffix(rel, ".md")})
		return nil
	})
	if err != nil {
		l.errorf(root, 0, 0, "cannot read the %s content: %v", lang, unwrapPathError(err))
	}
	return jobs
}

// readAll reads and parses the files on every core, then records the
// results in file order.
func (l *loader) readAll(jobs []readJob) {
	work.Each(len(jobs), func(i int) { readFile(l.fsys, &jobs[i], l.memo) })
	for _, j := range jobs {
		l.errs = append(l.errs, j.errs...)
		switch {
		case j.f != nil:
			l.files[j.lang][j.key] = j.f
		case j.known:
			l.broken[j.key] = true
		}
	}
}

// editorFile reports whether a name is an editor's or a tool's working file
// (".425.md.swp", "425.md~", "#425.md#", ".git"), which is not content and
// is skipped rather than reported, so that saving in an editor never breaks
// a preview.
func editorFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp")
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// kindOf maps a file's path inside the language tree to the page key and kind.
func kindOf(rel string) (key string, kind site.Kind, ok bool) {
	switch {
	case rel == "_index":
		return "", site.KindHome, true
	case strings.HasSuffix(rel, "/_index"):
		sec := strings.TrimSuffix(rel, "/_index")
		for _, s := range sections {
			if s == sec {
				return sec, site.KindSection, true
			}
		}
	case codeFile.MatchString(rel):
		return rel, site.KindCode, true
	case classFile.MatchString(rel):
		return rel, site.KindClass, true
	case commandFile.MatchString(rel):
		return rel, site.KindCommand, true
	case guideFile.MatchString(rel):
		return rel, site.KindGuide, true
	}
	return "", "", false
}

// readFile reads, splits and parses one file into j.
func readFile(fsys fs.FS, j *readJob, memo *Memo) {
	name := j.name
	key, kind, ok := kindOf(j.rel)
	if !ok {
		j.errs.Add(name, 0, 0, "unexpected file name; expected _index.md, codes/NNN.md, codes/Nxx.md, "+
			"commands/name.md (lower case), guides/slug.md (lower case, digits and hyphens) or SECTION/_index.md")
		return
	}
	j.key, j.known = key, true
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxFileSize {
		j.errs.Add(name, 0, 0, "file is %d bytes; the limit is %d: split it into several pages", info.Size(), MaxFileSize)
		return
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		j.errs.Add(name, 0, 0, "cannot read: %v", unwrapPathError(err))
		return
	}
	front, body, fmLine, err := Split(src)
	if err == nil {
		if pe := checkNesting(body); pe != nil {
			err = pe
		}
	}
	if err == nil {
		var m *meta
		if m, err = memo.parse(front, fmLine); err == nil {
			j.f = &file{page: &site.Page{Key: key, Kind: kind, Lang: j.lang, File: name, Body: body, Front: front}, meta: m}
			return
		}
	}
	if pe, ok := err.(*PosError); ok {
		j.errs.Add(name, pe.Line, pe.Col, "%s", pe.Msg)
	} else {
		j.errs.Add(name, 0, 0, "%v", err)
	}
}

func (l *loader) posError(name string, err error) {
	if pe, ok := err.(*PosError); ok {
		l.errorf(name, pe.Line, pe.Col, "%s", pe.Msg)
		return
	}
	l.errorf(name, 0, 0, "%v", err)
}

// pair reports pages that exist in one language only.
func (l *loader) pair() {
	for _, lang := range site.Langs {
		other := lang.Other()
		for _, key := range sortedKeys(l.files[lang]) {
			if _, ok := l.files[other][key]; !ok && !l.broken[key] {
				f := l.files[lang][key]
				l.errorf(f.page.File, 0, 0, "missing translation: create %s", twinFile(f.page.File, lang, other))
			}
		}
	}
	for _, lang := range site.Langs {
		for _, key := range append([]string{""}, sections...) {
			if _, ok := l.files[lang][key]; !ok {
				name := ContentDir + "/" + string(lang) + "/" + path.Join(key, "_index.md")
				if _, ok := l.files[lang.Other()][key]; !ok {
					l.errorf(name, 0, 0, "missing: every site needs this page (title, summary and an introduction)")
				}
			}
		}
	}
}

func twinFile(name string, from, to site.Lang) string {
	return strings.Replace(name, ContentDir+"/"+string(from)+"/", ContentDir+"/"+string(to)+"/", 1)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Front matter shapes. English files of codes and commands carry the
// language-neutral facts; Russian files only translations.
type (
	plainFM struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
	}
	guideFM struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
		Weight  int    `yaml:"weight"`
	}
	codeFM struct {
		Title   string            `yaml:"title"`
		Summary string            `yaml:"summary"`
		Status  string            `yaml:"status"`
		Sources []source          `yaml:"sources"`
		Related map[string]string `yaml:"related"`
		Winsock *site.Winsock     `yaml:"winsock"`
		Origin  string            `yaml:"origin"`
	}
	codeRuFM struct {
		Title   string            `yaml:"title"`
		Summary string            `yaml:"summary"`
		Related map[string]string `yaml:"related"`
	}
	commandFM struct {
		Title   string           `yaml:"title"`
		Summary string           `yaml:"summary"`
		Syntax  stringList       `yaml:"syntax"`
		Sources []source         `yaml:"sources"`
		Replies map[string][]int `yaml:"replies"`
	}
	source struct {
		RFC     int    `yaml:"rfc"`
		Section string `yaml:"section"`
		Text    string `yaml:"text"`
	}
)

// stringList accepts a string or a list of strings.
type stringList []string

func (s *stringList) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*s = stringList{one}
		return nil
	}
	var many []string
	if err := unmarshal(&many); err != nil {
		return fmt.Errorf("syntax must be a text or a list of texts")
	}
	*s = many
	return nil
}

// factKeys are the keys that only the English file of a page may have.
var factKeys = map[site.Kind][]string{
	site.KindCode:    {"status", "sources", "winsock", "origin"},
	site.KindCommand: {"syntax", "sources", "replies"},
	site.KindGuide:   {"weight"},
}

func (l *loader) decode(f *file, v any) bool {
	if f.page.Lang != site.EN {
		ok := true
		for _, k := range f.meta.keys() {
			for _, fk := range factKeys[f.page.Kind] {
				if k.name == fk {
					l.errorf(f.page.File, k.line, k.col, "%s is a language-neutral fact: write it only in the English file %s",
						k.name, twinFile(f.page.File, f.page.Lang, site.EN))
					ok = false
				}
			}
		}
		if !ok {
			return false
		}
	}
	if err := f.meta.decode(v); err != nil {
		l.posError(f.page.File, err)
		return false
	}
	return true
}

func (l *loader) setCommon(f *file, title, summary string) {
	f.page.Title = strings.TrimSpace(title)
	f.page.Summary = strings.TrimSpace(summary)
	if f.page.Title == "" {
		line, col := f.meta.pos("title")
		l.errorf(f.page.File, line, col, "missing title: add a line `title: …` to the front matter")
	}
	if f.page.Summary == "" {
		line, col := f.meta.pos("summary")
		l.errorf(f.page.File, line, col, "missing summary: add one sentence `summary: …` to the front matter")
	}
}

var leadingNumber = regexp.MustCompile(`^([0-9]{3,5})\b`)

// checkTitleNumber reports a code page whose title starts with a number:
// the number comes from the file name, and a different one means the file
// and its front matter disagree.
func (l *loader) checkTitleNumber(f *file) {
	m := leadingNumber.FindStringSubmatch(f.page.Title)
	if m == nil {
		return
	}
	num := strings.TrimPrefix(f.page.Key, "codes/")
	line, col := f.meta.valuePos("title")
	if m[1] != num {
		l.errorf(f.page.File, line, col, "the title starts with %s but the file is %s.md: the code comes from the file name; rename the file or fix the title", m[1], num)
		return
	}
	l.errorf(f.page.File, line, col, "remove %s from the title: the page shows the code from the file name in front of the title", num)
}

// build decodes every file's front matter into the model.
func (l *loader) build() *site.Site {
	var (
		pages    []*site.Page
		codes    = map[string]*site.Code{}
		commands []*site.Command
		classes  = map[int]*site.Class{}
		codeFMs  = map[site.Lang]map[string]*codeFM{site.EN: {}, site.RU: {}}
		cmdFMs   = map[string]*commandFM{}
	)
	for _, lang := range site.Langs {
		for _, key := range sortedKeys(l.files[lang]) {
			f := l.files[lang][key]
			p := f.page
			pages = append(pages, p)
			switch p.Kind {
			case site.KindCode:
				var fm codeFM
				var ok bool
				if lang == site.EN {
					ok = l.decode(f, &fm)
				} else {
					var ru codeRuFM
					ok = l.decode(f, &ru)
					fm = codeFM{Title: ru.Title, Summary: ru.Summary, Related: ru.Related}
				}
				if ok {
					l.setCommon(f, fm.Title, fm.Summary)
					l.checkTitleNumber(f)
					codeFMs[lang][key] = &fm
				}
			case site.KindCommand:
				var fm commandFM
				if lang == site.EN {
					if l.decode(f, &fm) {
						l.setCommon(f, fm.Title, fm.Summary)
						cmdFMs[key] = &fm
					}
				} else {
					var ru plainFM
					if l.decode(f, &ru) {
						l.setCommon(f, ru.Title, ru.Summary)
					}
				}
			case site.KindGuide:
				var fm guideFM
				var ok bool
				if lang == site.EN {
					ok = l.decode(f, &fm)
				} else {
					var ru plainFM
					ok = l.decode(f, &ru)
					fm = guideFM{Title: ru.Title, Summary: ru.Summary}
				}
				if ok {
					l.setCommon(f, fm.Title, fm.Summary)
					p.Weight = fm.Weight
				}
			default:
				var fm plainFM
				if l.decode(f, &fm) {
					l.setCommon(f, fm.Title, fm.Summary)
				}
			}
		}
	}
	// Russian guides take their order from the English ones.
	for key, f := range l.files[site.RU] {
		if en := l.files[site.EN][key]; en != nil && f.page.Kind == site.KindGuide {
			f.page.Weight = en.page.Weight
		}
	}

	for _, key := range sortedKeys(codeFMs[site.EN]) {
		fm := codeFMs[site.EN][key]
		c := l.code(key, fm)
		codes[c.Number] = c
	}
	for _, key := range sortedKeys(cmdFMs) {
		commands = append(commands, l.command(key, cmdFMs[key], codes))
	}
	for _, lang := range site.Langs {
		for _, f := range l.files[lang] {
			if f.page.Kind != site.KindClass {
				continue
			}
			d := int(f.page.Key[len("codes/")] - '0')
			if classes[d] == nil {
				classes[d] = &site.Class{Digit: d, Pages: map[site.Lang]*site.Page{}}
			}
			classes[d].Pages[lang] = f.page
		}
	}
	for _, c := range codes {
		for _, lang := range site.Langs {
			if f := l.files[lang][c.Pages[site.EN].Key]; f != nil {
				c.Pages[lang] = f.page
			}
		}
		if c.IsReply() && classes[c.Class()] == nil {
			p := c.Pages[site.EN]
			l.errorf(p.File, 0, 0, "no class overview for %dxx: create %s/en/codes/%dxx.md and %s/ru/codes/%dxx.md",
				c.Class(), ContentDir, c.Class(), ContentDir, c.Class())
		}
	}
	for _, cmd := range commands {
		for _, lang := range site.Langs {
			if f := l.files[lang]["commands/"+cmd.Slug]; f != nil {
				cmd.Pages[lang] = f.page
			}
		}
	}
	links := l.links(codes, codeFMs)
	var codeList []*site.Code
	for _, c := range codes {
		codeList = append(codeList, c)
	}
	var classList []*site.Class
	for _, c := range classes {
		classList = append(classList, c)
	}
	return site.New(pages, codeList, commands, classList, links)
}

func (l *loader) code(key string, fm *codeFM) *site.Code {
	f := l.files[site.EN][key]
	name := f.page.File
	c := &site.Code{
		Number:  strings.TrimPrefix(key, "codes/"),
		Status:  site.Status(fm.Status),
		Winsock: fm.Winsock,
		Origin:  strings.TrimSpace(fm.Origin),
		Pages:   map[site.Lang]*site.Page{site.EN: f.page},
	}
	if !c.Status.Valid() {
		line, col := f.meta.pos("status")
		l.errorf(name, line, col, "status must be one of standard, extension, non-standard, not-ftp; got %q", fm.Status)
	}
	if c.IsReply() && (c.Class() < 1 || c.Class() > 6) {
		l.errorf(name, 0, 0, "%s is not a reply code: the first digit of an FTP reply is 1 to 6", c.Number)
	}
	if c.IsReply() == (c.Status == site.NotFTP) && c.Status.Valid() {
		line, col := f.meta.pos("status")
		if c.IsReply() {
			l.errorf(name, line, col, "status not-ftp is for Windows Sockets errors (100NN); a three-digit code is an FTP reply")
		} else {
			l.errorf(name, line, col, "a five-digit code is a Windows Sockets error, not an FTP reply: use status: not-ftp")
		}
	}
	if (c.Status == site.NotFTP) != (fm.Winsock != nil) {
		line, col := f.meta.pos("winsock")
		if fm.Winsock == nil {
			l.errorf(name, line, col, "a not-ftp code needs winsock: {constant: WSAE…, posix: E…}")
		} else {
			l.errorf(name, line, col, "winsock is only for codes with status: not-ftp")
		}
	}
	if fm.Winsock != nil && (fm.Winsock.Constant == "" || fm.Winsock.POSIX == "") {
		line, col := f.meta.pos("winsock")
		l.errorf(name, line, col, "winsock needs both constant (WSAE…) and posix (E…)")
	}
	if (c.Status == site.Standard || c.Status == site.Extension) && len(fm.Sources) == 0 {
		line, col := f.meta.pos("status")
		l.errorf(name, line, col, "a %s code needs sources: the RFC and section that define it", c.Status)
	}
	if (c.Status == site.NonStandard || c.Status == site.NotFTP) && c.Origin == "" {
		line, col := f.meta.pos("status")
		l.errorf(name, line, col, "a %s code needs origin: who sends or prints it", c.Status)
	}
	c.Sources = l.sources(f, fm.Sources)
	return c
}

func (l *loader) sources(f *file, in []source) []site.Source {
	var out []site.Source
	for i, s := range in {
		if s.RFC <= 0 || strings.TrimSpace(s.Section) == "" {
			line, col := f.meta.pos("sources", i)
			l.errorf(f.page.File, line, col, "a source needs rfc (a number) and section (e.g. \"4.2.2\")")
			continue
		}
		out = append(out, site.Source{RFC: s.RFC, Section: strings.TrimSpace(s.Section), Text: strings.TrimSpace(s.Text)})
	}
	return out
}

func (l *loader) command(key string, fm *commandFM, codes map[string]*site.Code) *site.Command {
	f := l.files[site.EN][key]
	name := f.page.File
	slug := strings.TrimPrefix(key, "commands/")
	cmd := &site.Command{
		Name:    strings.ToUpper(slug),
		Slug:    slug,
		Pages:   map[site.Lang]*site.Page{site.EN: f.page},
		Replies: site.Replies{},
	}
	for _, s := range fm.Syntax {
		if s = strings.TrimSpace(s); s != "" {
			cmd.Syntax = append(cmd.Syntax, s)
		}
	}
	if len(cmd.Syntax) == 0 {
		line, col := f.meta.pos("syntax")
		l.errorf(name, line, col, "missing syntax: e.g. syntax: \"%s <SP> <pathname> <CRLF>\"", cmd.Name)
	}
	cmd.Sources = l.sources(f, fm.Sources)
	if len(fm.Sources) == 0 {
		line, col := f.meta.pos("sources")
		l.errorf(name, line, col, "missing sources: the RFC and section that define %s", cmd.Name)
	}
	if len(fm.Replies) == 0 {
		line, col := f.meta.pos("replies")
		l.errorf(name, line, col, "missing replies: list the replies the RFC gives, by group")
	}
	for _, g := range sortedKeys(fm.Replies) {
		group := site.ReplyGroup(g)
		valid := false
		for _, rg := range site.ReplyGroups {
			valid = valid || rg == group
		}
		if !valid {
			line, col := f.meta.pos("replies", g)
			l.errorf(name, line, col, "unknown reply group %q; use preliminary, following, success, intermediate, error or practice", g)
			continue
		}
		for i, n := range fm.Replies[g] {
			c := codes[strconv.Itoa(n)]
			if c == nil && l.broken["codes/"+strconv.Itoa(n)] {
				continue
			}
			if c == nil {
				line, col := f.meta.pos("replies", g, i)
				l.errorf(name, line, col, "no page for reply %d: create content/en/codes/%d.md or fix the number", n, n)
				continue
			}
			cmd.Replies[group] = append(cmd.Replies[group], c)
		}
	}
	return cmd
}

// links validates the related codes of both languages and returns each
// declared relation once.
func (l *loader) links(codes map[string]*site.Code, fms map[site.Lang]map[string]*codeFM) []site.Link {
	var links []site.Link
	declared := map[[2]string]string{} // pair → where it was declared
	for _, key := range sortedKeys(fms[site.EN]) {
		en := fms[site.EN][key]
		from := codes[strings.TrimPrefix(key, "codes/")]
		f := l.files[site.EN][key]
		ru := fms[site.RU][key]
		for _, num := range sortedKeys(en.Related) {
			line, col := f.meta.pos("related", num)
			to := codes[num]
			switch {
			case to == nil && l.broken["codes/"+num]:
				continue
			case to == nil:
				l.errorf(f.page.File, line, col, "related code %s has no page: create content/en/codes/%s.md or remove it", num, num)
				continue
			case to == from:
				l.errorf(f.page.File, line, col, "a code cannot be related to itself")
				continue
			}
			pair := [2]string{from.Number, to.Number}
			if pair[0] > pair[1] {
				pair[0], pair[1] = pair[1], pair[0]
			}
			where := fmt.Sprintf("%s:%d:%d", f.page.File, line, col)
			if prev, dup := declared[pair]; dup {
				l.errorf(f.page.File, line, col, "the relation %s–%s is already declared at %s; declare it once (it shows on both pages)", from.Number, to.Number, prev)
				continue
			}
			declared[pair] = where
			note := map[site.Lang]string{site.EN: strings.TrimSpace(en.Related[num])}
			if ru != nil {
				if n, ok := ru.Related[num]; ok && strings.TrimSpace(n) != "" {
					note[site.RU] = strings.TrimSpace(n)
				} else if rf := l.files[site.RU][key]; rf != nil {
					line, col := rf.meta.pos("related")
					l.errorf(rf.page.File, line, col, "missing Russian note for related code %s (declared in %s)", num, f.page.File)
				}
			}
			links = append(links, site.Link{From: from, To: to, Note: note})
		}
		if ru != nil {
			rf := l.files[site.RU][key]
			for _, num := range sortedKeys(ru.Related) {
				if _, ok := en.Related[num]; !ok {
					line, col := rf.meta.pos("related", num)
					l.errorf(rf.page.File, line, col, "related code %s is not declared in the English file %s; add it there first", num, f.page.File)
				}
			}
		}
	}
	return links
}
