package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ftpdocs/ftpdocs/search"
)

// runSearch is `ftpdocs search [--lang en|ru] [-n N] [--json] [--index DIR]
// QUERY`: it prints the top results of the bleve index that the last
// `ftpdocs build` of this repository left in its cache.
func runSearch(args []string) error {
	return searchTo(args, os.Stdout)
}

func searchTo(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stdout)
	lang := fs.String("lang", "en", "search the `language`'s pages: en or ru")
	n := fs.Int("n", 10, "show at most `N` results")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	dir := fs.String("index", "", "read the index in `DIR` (default: the build cache of the repository in the current directory)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: ftpdocs search [--lang en|ru] [-n N] [--json] [--index DIR] QUERY\n\n"+
			"Searches the pages as the site's search box does (whole words; a reply code\n"+
			"puts its page first). Run ftpdocs build first: it writes the index.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		fs.Usage()
		return errors.New("search: no query")
	}
	if *lang != "en" && *lang != "ru" {
		return fmt.Errorf("search: --lang %q: want en or ru", *lang)
	}
	if *dir == "" {
		d, err := search.CacheDir(".", *lang)
		if err != nil {
			return err
		}
		*dir = d
	}
	ix, err := search.Open(*dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(q, *n)
	if err != nil {
		return err
	}
	if *asJSON {
		e := json.NewEncoder(stdout)
		e.SetIndent("", "  ")
		return e.Encode(res)
	}
	printResult(stdout, res, isTerminal(stdout))
	return nil
}

func printResult(w io.Writer, res search.Result, color bool) {
	switch {
	case res.StopWordsOnly:
		fmt.Fprintf(w, "%q has only stop words (such as \"the\" or \"и\"): add a word that says what you look for.\n", res.Query)
		return
	case res.Total == 0:
		fmt.Fprintf(w, "no pages match %q\n", res.Query)
		return
	}
	fmt.Fprintf(w, "%d %s for %q", res.Total, plural(res.Total, "page", "pages"), res.Query)
	if len(res.Hits) < int(res.Total) {
		fmt.Fprintf(w, ", the first %d", len(res.Hits))
	}
	fmt.Fprintln(w, ":")
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%2d. %s  /%s  (%.4f)\n", i+1, h.Title, h.URL, h.Score)
		if h.Snippet != "" {
			fmt.Fprintf(w, "    %s\n", marked(h.Snippet, h.Marks, color))
		}
	}
}

// marked shows the matched words of a snippet: bold on a terminal, else
// between asterisks.
func marked(s string, marks [][2]int, color bool) string {
	on, off := "*", "*"
	if color {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	at := 0
	for _, m := range marks {
		if m[0] < at {
			continue
		}
		b.WriteString(s[at:m[0]])
		b.WriteString(on + s[m[0]:m[1]] + off)
		at = m[1]
	}
	b.WriteString(s[at:])
	return b.String()
}

func plural(n uint64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb" && os.Getenv("NO_COLOR") == ""
}
