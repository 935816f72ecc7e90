// Command ftpdocs builds the bilingual reference on FTP reply codes.
//
//	ftpdocs build [--out DIR] [--base-url URL]   build content/ into public/
//	ftpdocs serve [--addr HOST:PORT] …           preview with live reload
//	ftpdocs search [--lang en|ru] QUERY          query the search index
//	ftpdocs bench [--runs N] [--dir ROOT]        measure builds
//
// Run it from the repository root. main only wires the stages together;
// the pipeline is in internal/build.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/diag"
)

const usage = `usage: ftpdocs <command> [flags]

commands:
  build    build content/ into public/ (--out DIR, --base-url URL)
  serve    build, serve on 127.0.0.1 and rebuild on change
  search   query the search index from the command line
  bench    build several times in fresh processes; report time and memory

Run "ftpdocs <command> -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one subcommand and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "build":
		err = runBuild(args[1:], stdout)
	case "serve":
		err = runServe(args[1:], stdout)
	case "search":
		err = runSearch(args[1:])
	case "bench":
		err = runBench(args[1:], stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "ftpdocs: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var list diag.List
	if errors.As(err, &list) {
		fmt.Fprintln(stderr, list.Error())
		fmt.Fprintf(stderr, "ftpdocs: %d errors; nothing was published\n", len(list))
		return 1
	}
	fmt.Fprintf(stderr, "ftpdocs: %v\n", err)
	return 1
}
