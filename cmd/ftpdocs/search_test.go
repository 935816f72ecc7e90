package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ftpdocs/ftpdocs/search"
)

func TestSearchCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ru")
	ix, err := search.Build(dir, "ru", []search.Doc{
		{ID: "codes/425", URL: "ru/codes/425/", Title: "425 Не удаётся открыть соединение для передачи данных", Code: "425",
			Summary: "Сервер не смог установить соединение для передачи данных."},
		{ID: "codes/227", URL: "ru/codes/227/", Title: "227 Переход в пассивный режим", Code: "227",
			Summary: "Ответ на PASV: адрес и порт, к которым подключается клиент.", Body: "После 227 клиент открывает соединение."},
	})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()

	var out bytes.Buffer
	if err := searchTo([]string{"--lang", "ru", "--index", dir, "соединения"}, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"2 pages", "425 Не удаётся", "/ru/codes/425/", "*соединение*"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}

	out.Reset()
	if err := searchTo([]string{"--lang", "ru", "--index", dir, "--json", "227"}, &out); err != nil {
		t.Fatal(err)
	}
	var res search.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if !res.Pinned || len(res.Hits) == 0 || res.Hits[0].ID != "codes/227" {
		t.Errorf("227: %+v", res)
	}

	out.Reset()
	if err := searchTo([]string{"--lang", "ru", "--index", dir, "и", "не"}, &out); err != nil || !strings.Contains(out.String(), "stop words") {
		t.Errorf("stop words: %v %q", err, out.String())
	}
	if err := searchTo([]string{"--lang", "de", "--index", dir, "x"}, &out); err == nil {
		t.Error("--lang de accepted")
	}
	if err := searchTo([]string{"--index", dir}, &out); err == nil {
		t.Error("no query accepted")
	}
	if err := searchTo([]string{"--index", filepath.Join(dir, "missing"), "x"}, &out); err == nil || !strings.Contains(err.Error(), "ftpdocs build") {
		t.Errorf("missing index: %v", err)
	}
}
