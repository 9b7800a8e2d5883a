package site

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nktimeline/timeline/templates"
)

// Options.FS replaces the embedded templates and assets: the preview server
// builds from the templates directory so that edits to it show at once.
func TestOptionsFS(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		switch p {
		case "about.html":
			data = []byte(strings.Replace(string(data), "</main>", "<p>edited about page</p></main>", 1))
		case "assets/embed.js":
			data = append(data, "\n// edited embed script\n"...)
		}
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files, err := BuildFiles(context.Background(), smallDataset(t), Options{BaseURL: "https://nk.example/", Schema: testSchema, FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files["about/index.html"]), "edited about page") {
		t.Error("about/index.html was not rendered from Options.FS")
	}
	if !strings.Contains(string(files["assets/embed.js"]), "edited embed script") {
		t.Error("assets/embed.js was not read from Options.FS")
	}
}
