package event

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"golang.org/x/tools/txtar"
)

// FuzzLoad feeds arbitrary bytes to the loader as an event file, and as
// each of the catalogue files, and checks that it never panics and that
// its result is consistent. The seed corpus is every file of the rule
// fixtures and of the hostile corpus.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/rules/*.txtar")
	hostile, _ := filepath.Glob("testdata/hostile/*.txtar")
	for _, file := range append(files, hostile...) {
		a, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, tf := range a.Files {
			if tf.Name != "want" {
				f.Add(uint8(0), tf.Data)
			}
		}
	}
	for name, mf := range baseFS(f) {
		f.Add(uint8(len(name)%4), mf.Data)
	}
	targets := []string{"2022/2022-06-06-fuzz.yaml", SystemsFile, SitesFile, TimelineFile}
	base := baseFS(f)
	f.Fuzz(func(t *testing.T, target uint8, data []byte) {
		m := fstest.MapFS{}
		for k, v := range base {
			m[k] = v
		}
		m[targets[int(target)%len(targets)]] = &fstest.MapFile{Data: data}
		res, err := Load(context.Background(), m, "events")
		if err != nil {
			t.Fatal(err)
		}
		if !sort.IsSorted(res.Problems) {
			t.Error("problems are not sorted")
		}
		if (len(res.Problems.Errors()) == 0) != (res.Dataset != nil) {
			t.Errorf("dataset present = %v with %d errors", res.Dataset != nil, len(res.Problems.Errors()))
		}
		for _, p := range res.Problems {
			if p.Msg == "" || !strings.HasPrefix(p.Pos.File, "events/") || p.Pos.Line < 1 || p.Pos.Column < 1 {
				t.Errorf("badly formed problem %q", p)
			}
			if strings.ContainsFunc(p.String(), func(r rune) bool { return !unicode.IsPrint(r) }) {
				t.Errorf("problem holds a character that does not print as itself: %q", p)
			}
		}
	})
}
