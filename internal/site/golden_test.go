package site

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden renders the small dataset and compares the public data files
// with testdata/*.golden. Run with -update after a deliberate change.
func TestGolden(t *testing.T) {
	files, _, err := render(context.Background(), smallDataset(t), Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, golden string }{
		{"data/events.json", "events.json.golden"},
		{"data/events.csv", "events.csv.golden"},
		{"feed.xml", "feed.xml.golden"},
		{"robots.txt", "robots.txt.golden"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, ok := files[tc.file]
			if !ok {
				t.Fatalf("no %s in the output", tc.file)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -update after a deliberate change)\n%s", tc.file, path, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return "line " + itoa(i+1) + ":\n got: " + string(gl) + "\nwant: " + string(wl)
		}
	}
	return ""
}

func itoa(n int) string { return formatNum(float64(n)) }
