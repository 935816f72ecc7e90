package search

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	// bleve finds analyzers by name in a registry that init functions fill:
	// without these imports the mapping below names analyzers that do not
	// exist and bleve.New fails ("no analyzer with name or type 'ru'").
	// TestAnalyzersRegistered fails if one goes missing.
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
)

// Fields of the index. Only title and body are searched; code is a keyword
// field used to put a code's own page first; the rest are stored for
// results and the exporter and are not indexed.
const (
	fieldTitle = "title" // analysed, boost 3
	fieldBody  = "body"  // analysed: summary and page text, boost 1
	fieldCode  = "code"  // keyword: "425"

	storedKey     = "key"
	storedURL     = "url"
	storedTitle   = "name" // the title as written (title is normalised)
	storedSummary = "summary"
	storedText    = "text"
)

// Boosts of the two searched fields (DESIGN.md §3).
const (
	boostTitle = 3.0
	boostBody  = 1.0
)

// analyzerName maps a language to its bleve analyzer.
var analyzerName = map[string]string{
	"en": en.AnalyzerName,
	"ru": ru.AnalyzerName,
}

// stopName maps a language to the token map of its analyzer's stop filter.
var stopName = map[string]string{
	"en": en.StopName,
	"ru": ru.StopName,
}

func newMapping(lang string) (*mapping.IndexMappingImpl, error) {
	an, ok := analyzerName[lang]
	if !ok {
		return nil, fmt.Errorf("search: unknown language %q (want en or ru)", lang)
	}
	searched := func(analyzer string) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	stored := func() *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Index = false
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldTitle, searched(an))
	dm.AddFieldMappingsAt(fieldBody, searched(an))
	code := searched(keyword.Name)
	code.Store = true
	dm.AddFieldMappingsAt(fieldCode, code)
	for _, f := range []string{storedKey, storedURL, storedTitle, storedSummary, storedText} {
		dm.AddFieldMappingsAt(f, stored())
	}

	im := mapping.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = an
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	return im, nil
}

// stopWords returns the stop list of a language's analyzer, from bleve's
// registry, so the JS client filters exactly the words bleve filters.
func stopWords(lang string) ([]string, error) {
	tm, err := registry.NewCache().TokenMapNamed(stopName[lang])
	if err != nil {
		return nil, err
	}
	return sortedKeys(tm), nil
}

func sortedKeys(tm analysis.TokenMap) []string {
	out := make([]string, 0, len(tm))
	for k := range tm {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
