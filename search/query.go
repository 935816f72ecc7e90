package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The query shape (FORMAT.md, "Queries"), shared with the JS client.
const (
	// maxClauses caps the conjunction: bleve orders a composite searcher's
	// children with sort.Sort, which is a stable insertion sort only up to
	// 12 elements; the client sums scores in that order.
	maxClauses = 12
	// prefixMin is the shortest word (in code points) expanded while typing.
	prefixMin = 2
	// prefixMax is how many dictionary terms a typed prefix expands to; with
	// the word's own term the prefix clause has at most 9 children, under
	// bleve's switch to a heap-ordered disjunction at 11.
	prefixMax = 8
	// Boosts of a prefix expansion (half those of a whole word).
	boostPrefixTitle = 1.5
	boostPrefixBody  = 0.5
)

// Result is the answer to a query.
type Result struct {
	Query string `json:"query"`
	// Total is the number of matching pages.
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
	// StopWordsOnly reports a query whose words are all stop words ("the",
	// "и не"): nothing was searched.
	StopWordsOnly bool `json:"stopWordsOnly,omitempty"`
	// Terms are the analysed terms searched for, prefix expansions
	// included; snippets mark the words that analyse to one of them.
	Terms []string `json:"terms"`
	// Pinned reports that the query was a reply code and its page was moved
	// to the top.
	Pinned bool `json:"pinned,omitempty"`
}

// Hit is one matching page.
type Hit struct {
	ID    string  `json:"id"`
	URL   string  `json:"url"`
	Title string  `json:"title"`
	Code  string  `json:"code,omitempty"`
	Score float64 `json:"score"`
	// Snippet is an excerpt of the summary or text; Marks are the byte
	// ranges in it of the words that matched.
	Snippet string   `json:"snippet"`
	Marks   [][2]int `json:"marks,omitempty"`
}

// Search runs a query of whole words: every word must match (in the title
// or the body); results are sorted by score, then page key. A query that is a
// reply code ("425") puts that code's page first.
func (ix *Index) Search(q string, size int) (Result, error) {
	return ix.search(q, size, false, true)
}

// SearchPrefix is Search for a query being typed: when the query does not end
// in a separator, its last word also matches the most frequent terms that
// start with it (FORMAT.md, "Prefix matching").
func (ix *Index) SearchPrefix(q string, size int) (Result, error) {
	return ix.search(q, size, true, true)
}

// plan is an analysed query.
type plan struct {
	words      int      // tokens in the query, stop words included
	stems      []string // unique terms of the whole words, in query order
	prefixStem string   // the typed word's own term, "" if none or a stop word
	expansions []string // terms the typed word expands to; empty when not typing
	code       string   // the query's only word when it is a number
}

func (p plan) empty() bool { return len(p.stems) == 0 && len(p.expansions) == 0 }

func (p plan) terms() []string {
	t := slices.Clone(p.stems)
	if p.prefixStem != "" {
		t = append(t, p.prefixStem)
	}
	t = append(t, p.expansions...)
	return t
}

func (ix *Index) tokenizer() (analysis.Tokenizer, error) {
	da, ok := ix.analyzer.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("search: analyzer %T has no tokenizer", ix.analyzer)
	}
	return da.Tokenizer, nil
}

// analyze runs bleve's analyzer on normalised text and returns the unique
// terms in order of first appearance.
func (ix *Index) analyze(s string) []string {
	var out []string
	for _, t := range ix.analyzer.Analyze([]byte(s)) {
		term := string(t.Term)
		if !slices.Contains(out, term) {
			out = append(out, term)
		}
	}
	return out
}

func (ix *Index) plan(q string, typing bool) (plan, error) {
	q = Normalize(q)
	tz, err := ix.tokenizer()
	if err != nil {
		return plan{}, err
	}
	toks := tz.Tokenize([]byte(q))
	p := plan{words: len(toks)}
	if len(toks) == 0 {
		return p, nil
	}
	if len(toks) == 1 && isCode(string(toks[0].Term)) {
		p.code = string(toks[0].Term)
	}
	last := toks[len(toks)-1]
	if typing && last.End == len(q) {
		word := lower(string(last.Term))
		if utf8.RuneCountInString(word) >= prefixMin {
			if t := ix.analyze(q[last.Start:last.End]); len(t) > 0 {
				p.prefixStem = t[0]
			}
			exp, err := ix.expand(word, p.prefixStem)
			if err != nil {
				return plan{}, err
			}
			if len(exp) > 0 {
				p.expansions = exp
				p.stems = ix.analyze(q[:last.Start])
				p.stems = p.stems[:min(len(p.stems), maxClauses-1)]
				return p, nil
			}
			p.prefixStem = ""
		}
	}
	p.stems = ix.analyze(q)
	p.stems = p.stems[:min(len(p.stems), maxClauses)]
	return p, nil
}

// lower is bleve's lowercase filter on one word.
func lower(s string) string {
	ts := analysis.TokenStream{&analysis.Token{Term: []byte(s)}}
	return string(lowercase.NewLowerCaseFilter().Filter(ts)[0].Term)
}

// expand returns up to prefixMax terms of the title and body dictionaries
// that start with prefix, other than own: the most frequent first (document
// frequency in title plus body), ties in term order.
func (ix *Index) expand(prefix, own string) ([]string, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// The dictionaries give the terms; their counts are not document
	// frequencies (scorch omits them for prefix iterators), so these come
	// from term readers, as bleve's scorer gets them.
	df := map[string]uint64{}
	for _, f := range []string{fieldTitle, fieldBody} {
		d, err := r.FieldDictPrefix(f, []byte(prefix))
		if err != nil {
			return nil, err
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			if e.Term != own {
				df[e.Term] = 0
			}
		}
		d.Close()
	}
	for t := range df {
		for _, f := range []string{fieldTitle, fieldBody} {
			tfr, err := r.TermFieldReader(context.Background(), []byte(t), f, false, false, false)
			if err != nil {
				return nil, err
			}
			df[t] += tfr.Count()
			tfr.Close()
		}
	}
	terms := make([]string, 0, len(df))
	for t, n := range df {
		// A term only deleted documents had (an index changed by Update)
		// is not in an index built from the live documents.
		if n > 0 {
			terms = append(terms, t)
		}
	}
	slices.SortFunc(terms, func(a, b string) int {
		if df[a] != df[b] {
			if df[a] > df[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return terms[:min(len(terms), prefixMax)], nil
}

// clause matches one term in the title or the body.
func clause(term string, title, body float64) query.Query {
	t := bleve.NewTermQuery(term)
	t.SetField(fieldTitle)
	t.SetBoost(title)
	b := bleve.NewTermQuery(term)
	b.SetField(fieldBody)
	b.SetBoost(body)
	return bleve.NewDisjunctionQuery(t, b)
}

// query is the bleve query of a plan: a conjunction over the terms of a
// disjunction of the term in the title (boost 3) and in the body (boost 1);
// the typed word's clause is a disjunction of such clauses for its own term
// and its expansions (boosts 1.5 and 0.5).
func (p plan) query() query.Query {
	c := bleve.NewConjunctionQuery()
	for _, s := range p.stems {
		c.AddQuery(clause(s, boostTitle, boostBody))
	}
	if len(p.expansions) > 0 {
		d := bleve.NewDisjunctionQuery()
		if p.prefixStem != "" {
			d.AddQuery(clause(p.prefixStem, boostTitle, boostBody))
		}
		for _, t := range p.expansions {
			d.AddQuery(clause(t, boostPrefixTitle, boostPrefixBody))
		}
		c.AddQuery(d)
	}
	return c
}

var resultFields = []string{storedKey, storedURL, storedTitle, fieldCode, storedSummary, storedText}

func (ix *Index) search(q string, size int, typing, snippets bool) (Result, error) {
	p, err := ix.plan(q, typing)
	if err != nil {
		return Result{}, err
	}
	res := Result{Query: q, Terms: p.terms(), Hits: []Hit{}}
	if p.empty() {
		res.StopWordsOnly = p.words > 0
		return res, nil
	}
	if size <= 0 {
		size = 10
	}
	mq := p.query()
	sr, err := ix.run(mq, size)
	if err != nil {
		return Result{}, err
	}
	res.Total = sr.Total
	hits := sr.Hits
	if code := p.code; code != "" && len(hits) > 0 {
		i := slices.IndexFunc(hits, func(h *bleveHit) bool { return hitCode(h) == code })
		switch {
		case i > 0:
			h := hits[i]
			copy(hits[1:i+1], hits[:i])
			hits[0] = h
			res.Pinned = true
		case i == 0:
			res.Pinned = true
		case sr.Total > uint64(len(hits)):
			// The code's page matched but ranks below the page size: find
			// the best-ranked match with that code. The code term has boost
			// 0, so it adds nothing to scores or the query norm.
			ct := bleve.NewTermQuery(code)
			ct.SetField(fieldCode)
			ct.SetBoost(0)
			cr, err := ix.run(bleve.NewConjunctionQuery(mq, ct), 1)
			if err != nil {
				return Result{}, err
			}
			if len(cr.Hits) > 0 {
				hits = append(cr.Hits[:1], hits[:len(hits)-1]...)
				res.Pinned = true
			}
		}
	}
	for _, h := range hits {
		hit := Hit{
			ID:    str(h, storedKey),
			URL:   str(h, storedURL),
			Title: str(h, storedTitle),
			Code:  hitCode(h),
			Score: h.Score,
		}
		if snippets {
			hit.Snippet, hit.Marks = ix.snippet(str(h, storedSummary), str(h, storedText), res.Terms)
		}
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

func (ix *Index) run(q query.Query, size int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.Fields = resultFields
	sr, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %v", err)
	}
	return sr, nil
}

// isCode reports whether a word could be a reply code (or another number a
// page is about, like 10061): ASCII digits only, at most 6.
func isCode(w string) bool {
	if w == "" || len(w) > 6 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

type bleveHit = bsearch.DocumentMatch

func str(h *bleveHit, field string) string {
	s, _ := h.Fields[field].(string)
	return s
}

func hitCode(h *bleveHit) string { return str(h, fieldCode) }
