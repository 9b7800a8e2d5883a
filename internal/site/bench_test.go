package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// BenchmarkBuild measures a full build of the committed events: render
// every file in memory, write them beside the output and swap them in.
// The goal is well under half a second per build (see README).
func BenchmarkBuild(b *testing.B) {
	ds, schema := realDataset(b)
	out := filepath.Join(b.TempDir(), "out")
	opt := Options{Out: out, BaseURL: "https://nk.example/", Schema: schema}
	b.ReportAllocs()
	for b.Loop() {
		if err := Build(context.Background(), ds, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportBudgets(b, out)
}

// reportBudgets reports the sizes the site's budgets limit, gzipped at the
// best compression as a static host would serve them: index.html (goal
// under 150 KB) and all the JavaScript the index loads (goal under 400 KB).
func reportBudgets(b *testing.B, out string) {
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(gzipSize(b, index))/1024, "index-gz-KB")
	js := 0
	for _, tg := range scanTags(string(index)) {
		if src := tg.Attrs["src"]; tg.Name == "script" && src != "" {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(src, "/"))))
			if err != nil {
				b.Fatal(err)
			}
			js += gzipSize(b, data)
		}
	}
	b.ReportMetric(float64(js)/1024, "index-js-gz-KB")
}

func gzipSize(b *testing.B, data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(data); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Len()
}

// BenchmarkLoadAndBuild adds loading and validating the events, which is
// what `timeline build` does.
func BenchmarkLoadAndBuild(b *testing.B) {
	_, schema := realDataset(b)
	out := filepath.Join(b.TempDir(), "out")
	opt := Options{Out: out, BaseURL: "https://nk.example/", Schema: schema}
	for b.Loop() {
		res, err := event.LoadDir(context.Background(), "../../events")
		if err != nil || res.Dataset == nil {
			b.Fatalf("loading: %v %v", err, res.Errors())
		}
		if err := Build(context.Background(), res.Dataset, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender is the in-memory part alone.
func BenchmarkRender(b *testing.B) {
	ds, schema := realDataset(b)
	opt := Options{Out: filepath.Join(b.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: schema}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := render(context.Background(), ds, opt); err != nil {
			b.Fatal(err)
		}
	}
}
