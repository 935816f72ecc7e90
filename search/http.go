package search

import (
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// Handler answers search queries over HTTP with the JSON of a Result, for
// `ftpdocs serve`:
//
//	GET ?q=QUERY[&lang=en|ru][&prefix=1][&n=10]
//
// lang defaults to en; prefix=1 matches the last word as a prefix
// (SearchPrefix); n is the number of hits, at most 100.
func Handler(indexes map[string]*Index) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "use GET", http.StatusMethodNotAllowed)
			return
		}
		v := r.URL.Query()
		lang := v.Get("lang")
		if lang == "" {
			lang = "en"
		}
		ix := indexes[lang]
		if ix == nil {
			http.Error(w, "lang must be en or ru", http.StatusBadRequest)
			return
		}
		q := v.Get("q")
		if len(q) > 1000 || !utf8.ValidString(q) {
			http.Error(w, "q must be UTF-8, at most 1000 bytes", http.StatusBadRequest)
			return
		}
		n, err := strconv.Atoi(v.Get("n"))
		if err != nil || n <= 0 {
			n = 10
		}
		n = min(n, 100)
		var res Result
		if v.Get("prefix") == "1" {
			res, err = ix.SearchPrefix(q, n)
		} else {
			res, err = ix.Search(q, n)
		}
		if err != nil {
			// Internal errors name files of the build cache: they are not
			// for the client.
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(res)
	})
}
