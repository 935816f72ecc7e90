//go:build tools

// This file pins the project's dependencies in go.mod until the packages
// that use them land. It is never built.
package main

import (
	_ "github.com/alecthomas/chroma/v2"
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/goccy/go-yaml"
	_ "github.com/nicksnyder/go-i18n/v2/i18n"
	_ "github.com/yuin/goldmark"
	_ "golang.org/x/net/html"
	_ "golang.org/x/text/unicode/norm"
	_ "golang.org/x/tools/txtar"
)
