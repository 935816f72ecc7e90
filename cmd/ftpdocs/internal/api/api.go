// Package api writes the machine-readable API: api/codes.json and
// api/commands.json, both languages in each file. The schema is documented
// in the README ("API"); the types here are that schema.
package api

import (
	"encoding/json"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/site"
)

// Version is the schema version; it changes only when a field changes
// meaning or disappears.
const Version = 1

// Text is a string per language.
type Text map[site.Lang]string

// Codes is api/codes.json.
type Codes struct {
	Version int    `json:"version"`
	Codes   []Code `json:"codes"`
}

// Code is one reply code.
type Code struct {
	Code       string        `json:"code"`
	Class      *int          `json:"class"` // null for codes that are not FTP replies
	Group      *int          `json:"group"`
	Status     site.Status   `json:"status"`
	Sources    []site.Source `json:"sources"`
	Winsock    *site.Winsock `json:"winsock,omitempty"`
	Origin     string        `json:"origin,omitempty"`
	Title      Text          `json:"title"`
	Summary    Text          `json:"summary"`
	URL        Text          `json:"url"`
	Related    []Related     `json:"related"`
	ReturnedBy []string      `json:"returned_by"`
}

// Related is a related code with the one-line difference.
type Related struct {
	Code string `json:"code"`
	Note Text   `json:"note"`
}

// Commands is api/commands.json.
type Commands struct {
	Version  int       `json:"version"`
	Commands []Command `json:"commands"`
}

// Command is one FTP command.
type Command struct {
	Name    string              `json:"name"`
	Syntax  []string            `json:"syntax"`
	Sources []site.Source       `json:"sources"`
	Title   Text                `json:"title"`
	Summary Text                `json:"summary"`
	URL     Text                `json:"url"`
	Replies map[string][]string `json:"replies"`
}

// Files returns the API files, keyed by path from the site root. URLs are
// paths from the site root ("ru/codes/425/"), so the files stay valid
// wherever the site is hosted.
func Files(s *site.Site) map[string][]byte {
	codes := Codes{Version: Version, Codes: []Code{}}
	for _, c := range s.Codes {
		out := Code{
			Code: c.Number, Status: c.Status, Sources: c.Sources, Winsock: c.Winsock, Origin: c.Origin,
			Title: Text{}, Summary: Text{}, URL: Text{}, Related: []Related{}, ReturnedBy: []string{},
		}
		if out.Sources == nil {
			out.Sources = []site.Source{}
		}
		if c.IsReply() {
			cl, gr := c.Class(), c.Group()
			out.Class, out.Group = &cl, &gr
		}
		for lang, p := range c.Pages {
			out.Title[lang], out.Summary[lang], out.URL[lang] = p.Title, p.Summary, p.URL()
		}
		for _, r := range c.Related {
			out.Related = append(out.Related, Related{Code: r.Code.Number, Note: Text(r.Note)})
		}
		for _, cmd := range c.ReturnedBy {
			out.ReturnedBy = append(out.ReturnedBy, cmd.Name)
		}
		codes.Codes = append(codes.Codes, out)
	}
	cmds := Commands{Version: Version, Commands: []Command{}}
	for _, c := range s.Commands {
		out := Command{
			Name: c.Name, Syntax: c.Syntax, Sources: c.Sources,
			Title: Text{}, Summary: Text{}, URL: Text{}, Replies: map[string][]string{},
		}
		for lang, p := range c.Pages {
			out.Title[lang], out.Summary[lang], out.URL[lang] = p.Title, p.Summary, p.URL()
		}
		for _, g := range site.ReplyGroups {
			list := []string{}
			for _, r := range c.Replies[g] {
				list = append(list, r.Number)
			}
			out.Replies[string(g)] = list
		}
		cmds.Commands = append(cmds.Commands, out)
	}
	return map[string][]byte{
		"api/codes.json":    marshal(codes),
		"api/commands.json": marshal(cmds),
	}
}

func marshal(v any) []byte {
	// Maps marshal with sorted keys, slices keep the model's order: the
	// output is the same for the same input.
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		panic("api: " + err.Error()) // only plain values: cannot fail
	}
	return append(b, '\n')
}
