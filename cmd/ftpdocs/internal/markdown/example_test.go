package markdown_test

import (
	"fmt"
	"strings"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/markdown"
)

func ExampleDoc_Render() {
	src := []byte("## Causes\n\nAfter [PASV](cmd:pasv) the client could not connect: see [426](code:426).\n")
	doc := markdown.Parse(src)
	res := doc.Render(func(dest string) (string, error) {
		if page, ok := strings.CutPrefix(dest, "cmd:"); ok {
			return "../../commands/" + page + "/", nil
		}
		return "", fmt.Errorf("no page for %s", dest)
	})
	fmt.Print(string(res.HTML))
	for _, e := range res.Errors {
		fmt.Println(e)
	}
	// Output:
	// <h2 id="causes">Causes <a class="anchor" href="#causes" aria-label="§ Causes">§</a></h2>
	// <p>After <a href="../../commands/pasv/">PASV</a> the client could not connect: see <a href="#">426</a>.</p>
	// 3:58: no page for code:426
}
