package site

import "testing"

func TestRel(t *testing.T) {
	for _, tt := range []struct{ from, to, want string }{
		{"", "", "./"},
		{"", "codes/425/", "codes/425/"},
		{"codes/425/", "", "../../"},
		{"codes/425/", "codes/426/", "../426/"},
		{"codes/425/", "codes/425/", "./"},
		{"codes/", "codes/425/", "425/"},
		{"codes/425/", "commands/pasv/", "../../commands/pasv/"},
		{"ru/codes/425/", "codes/425/", "../../../codes/425/"},
		{"ru/", "ru/codes/425/", "codes/425/"},
		{"codes/425/", "css/site.1a2b.css", "../../css/site.1a2b.css"},
		{"", "css/site.1a2b.css", "css/site.1a2b.css"},
		{"codes/200/", "codes/2xx/", "../2xx/"},
	} {
		if got := Rel(tt.from, tt.to); got != tt.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}
