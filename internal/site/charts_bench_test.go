package site

import (
	"bytes"
	"compress/gzip"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// embedBudget is the most an embedded chart page may load, gzipped (issue 5).
const embedBudget = 450 << 10

// BenchmarkEmbedPageBytes measures what each chart page of the committed
// events loads in all, gzipped: the page, its stylesheet, scripts, the
// ECharts bundle charts.js fetches and the base map. It reports the
// largest and fails when one is over the budget.
//
//	go test ./internal/site -run '^$' -bench EmbedPageBytes -benchtime 1x
func BenchmarkEmbedPageBytes(b *testing.B) {
	ds, schema := realDataset(b)
	for b.Loop() {
		files, _, err := render(b.Context(), ds, Options{Out: filepath.Join(b.TempDir(), "out"), Schema: schema})
		if err != nil {
			b.Fatal(err)
		}
		gz := func(data []byte) int {
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			w.Write(data)
			w.Close()
			return buf.Len()
		}
		ref := regexp.MustCompile(`(?:href|src|data-echarts|data-map)="/(assets/[^"]+)"`)
		largest, largestPage := 0, ""
		for name, page := range files {
			if !strings.HasPrefix(name, "charts/") || name == "charts/index.html" || !strings.HasSuffix(name, "/index.html") {
				continue
			}
			total := gz(page)
			seen := map[string]bool{}
			for _, m := range ref.FindAllSubmatch(page, -1) {
				a := string(m[1])
				if seen[a] {
					continue
				}
				seen[a] = true
				data, ok := files[a]
				if !ok {
					b.Fatalf("%s refers to %s, which is not in the output", name, a)
				}
				total += gz(data)
			}
			if total > largest {
				largest, largestPage = total, name
			}
		}
		b.ReportMetric(float64(largest), "gzbytes/largest-chart-page")
		if largest > embedBudget {
			b.Errorf("%s loads %d bytes gzipped, over the %d budget", largestPage, largest, embedBudget)
		}
	}
}
