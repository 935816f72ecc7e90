package render

import (
	"encoding/json"
	"html/template"
	"strings"
)

// jsonLD describes a code page as a schema.org DefinedTerm in the
// DefinedTermSet of all reply codes. Without a base URL the identifiers are
// left out (schema.org wants absolute URLs there).
func jsonLD(v *view) template.JS {
	if v.Code == nil || v.Page == nil {
		return ""
	}
	set := map[string]any{
		"@type": "DefinedTermSet",
		"name":  v.mustT("site.name"),
	}
	term := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "DefinedTerm",
		"termCode":         v.Code.Number,
		"name":             v.Title,
		"description":      v.Page.Summary,
		"inLanguage":       string(v.Lang),
		"inDefinedTermSet": set,
	}
	if u := v.Canonical(); u != "" {
		term["url"] = u
		term["@id"] = u
		set["@id"] = v.Absolute(strings.TrimSuffix(v.URL, v.Code.Number+"/"))
	}
	b, _ := json.Marshal(term)
	// json.Marshal escapes <, > and & so the script element cannot be closed early.
	return template.JS(b)
}

func (v *view) mustT(id string) string {
	s, err := v.T(id)
	if err != nil {
		return id
	}
	return s
}
