package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/synth/gen"
)

// TestYearPages checks that every year with events has a complete page,
// newest first, linked to the years around it, and that a year with only
// an era marker has none.
func TestYearPages(t *testing.T) {
	files := renderSmall(t)
	ds := smallDataset(t)
	years := map[int][]string{}
	for _, e := range ds.Events {
		years[e.Date.Year] = append(years[e.Date.Year], e.ID)
	}
	for y, ids := range years {
		page := squash(string(files[fmt.Sprintf("years/%d/index.html", y)]))
		if page == "" {
			t.Errorf("no page for %d", y)
			continue
		}
		if !strings.Contains(page, fmt.Sprintf("<h1>%d</h1>", y)) {
			t.Errorf("%d: no heading", y)
		}
		for _, id := range ids {
			if !strings.Contains(page, `<h3><a href="/events/`+id+`/">`) {
				t.Errorf("%d: lacks %s", y, id)
			}
		}
		if n := strings.Count(page, `<li class="ev`); n != len(ids) {
			t.Errorf("%d: %d events listed, want %d", y, n, len(ids))
		}
	}
	if _, ok := files["years/2011/index.html"]; ok {
		t.Error("a page for 2011, which has no events")
	}
	y2017 := squash(string(files["years/2017/index.html"]))
	for _, want := range []string{
		`<a class="prev" href="/years/2012/" rel="prev"><span>Year before</span>2012</a>`,
		`<a class="next" href="/years/2018/" rel="next"><span>Year after</span>2018</a>`,
		`<p class="lede">2 events · 1 ballistic missile, newest first.`,
		`<title>2017 · Test timeline</title>`,
		`<link rel="canonical" href="https://nk.example/years/2017/">`,
		`<li><a href="/years/2017/" aria-current="page">2017</a>`,
		`<p class="crumbs"><a href="/">Timeline</a> › <a href="/years/">Years</a> › 2017</p>`,
	} {
		if !strings.Contains(y2017, want) {
			t.Errorf("years/2017/ lacks %s", want)
		}
	}
	if i, j := strings.Index(y2017, "2017-11-29-hwasong-15"), strings.Index(y2017, "2017-09-03-sixth"); i < 0 || i > j {
		t.Error("2017 is not newest first")
	}
	list := squash(string(files["years/index.html"]))
	if !strings.Contains(list, `<li><a href="/years/2022/">2022</a><span class="sub">1 event</span></li>`) || strings.Contains(list, `"/years/2011/"`) {
		t.Error("years/ does not list the years with events, or lists 2011")
	}
	first := squash(string(files["years/1998/index.html"]))
	if strings.Contains(first, `class="prev"`) || !strings.Contains(first, "Kim Jong Il era begins") {
		t.Error("1998, the first year, has a year before or lacks the era marker")
	}
}

// synthDataset makes n valid events from the project's catalogues.
func synthDataset(t testing.TB, n int) *event.Dataset {
	t.Helper()
	cat, err := gen.LoadCatalogue("../../events")
	if err != nil {
		t.Fatal(err)
	}
	set, err := gen.Generate(cat, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	return event.NewDataset(cat.Meta, cat.Systems, cat.Sites, set.Events)
}

// renderIndex renders the home page of ds alone.
func renderIndex(t testing.TB, ds *event.Dataset) []byte {
	t.Helper()
	base, _ := url.Parse("https://nk.example/")
	m := newMemOutput()
	b, err := newBuilder(t.Context(), ds, base, templatesFS, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.addIndex(); err != nil {
		t.Fatal(err)
	}
	return m.files["index.html"]
}

// TestIndexSplit checks the home page of a record past indexThreshold: the
// newest years only, no more than indexMaxEvents events, links to every
// year page, and search pointed at data/search.json; and that the same code
// lists every event below the threshold.
func TestIndexSplit(t *testing.T) {
	for _, tc := range []struct {
		n        int
		complete bool
	}{
		{indexThreshold, true},
		{indexThreshold + 1, false},
		{5000, false},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			ds := synthDataset(t, tc.n)
			index := string(renderIndex(t, ds))
			listed := strings.Count(index, `<li class="ev`)
			if tc.complete {
				if listed != tc.n || !strings.Contains(index, "data-complete") {
					t.Errorf("%d events listed of %d, or not marked complete", listed, tc.n)
				}
				return
			}
			if listed > indexMaxEvents || listed == 0 || strings.Contains(index, "data-complete") {
				t.Errorf("%d events listed (max %d), or marked complete", listed, indexMaxEvents)
			}
			// The newest events are the ones listed.
			newest := ds.Events[len(ds.Events)-1]
			if !strings.Contains(index, `data-id="`+newest.ID+`"`) {
				t.Errorf("the newest event %s is not listed", newest.ID)
			}
			// Every year with events is linked.
			years := map[int]bool{}
			for _, e := range ds.Events {
				years[e.Date.Year] = true
			}
			for y := range years {
				if !strings.Contains(index, fmt.Sprintf(`<li><a href="/years/%d/">%d</a>`, y, y)) {
					t.Errorf("no link to the page of %d", y)
				}
			}
			// Listed years are whole unless marked as cut.
			for _, m := range regexp.MustCompile(`(?s)<section class="year" id="y(\d+)".*?</section>`).FindAllStringSubmatch(index, -1) {
				var y int
				fmt.Sscan(m[1], &y)
				n := 0
				for _, e := range ds.Events {
					if e.Date.Year == y {
						n++
					}
				}
				got := strings.Count(m[0], `<li class="ev`)
				if got != n && !strings.Contains(m[0], `class="more-year"`) {
					t.Errorf("%d: %d of %d events listed, without a link to the rest", y, got, n)
				}
			}
		})
	}
}

// TestIndexSize checks the budget of issue 12: out/index.html under 150 KB
// gzipped at 10,000 and 100,000 events (100,000 skipped with -short).
func TestIndexSize(t *testing.T) {
	for _, n := range []int{10000, 100000} {
		if n > 10000 && testing.Short() {
			continue
		}
		index := renderIndex(t, synthDataset(t, n))
		gz := gzipLen(t, index)
		t.Logf("%d events: index.html %d bytes, %d gzipped", n, len(index), gz)
		if gz >= 150*1024 {
			t.Errorf("%d events: index.html is %d bytes gzipped, want under 150 KB", n, gz)
		}
	}
}

// BenchmarkIndexSize reports the size of the home page at 10,000 events.
func BenchmarkIndexSize(b *testing.B) {
	ds := synthDataset(b, 10000)
	var index []byte
	for b.Loop() {
		index = renderIndex(b, ds)
	}
	b.ReportMetric(float64(len(index))/1024, "index-KB")
	b.ReportMetric(float64(gzipLen(b, index))/1024, "index-gz-KB")
}

// TestYearPagesLarge checks that the home page and the year pages of a
// large record link to each other and that every event is on its year's
// page.
func TestYearPagesLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1,500 events")
	}
	ds := synthDataset(t, 1500)
	files, _, err := render(t.Context(), ds, Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ds.Events {
		page := string(files[fmt.Sprintf("years/%d/index.html", e.Date.Year)])
		if !strings.Contains(page, `data-id="`+e.ID+`"`) {
			t.Fatalf("%s is not on the page of %d", e.ID, e.Date.Year)
		}
	}
	checkLinks(t, files, "https://nk.example/")
}

// gzipLen is the size of data gzipped at the best compression, as a
// static host would serve it.
func gzipLen(t testing.TB, data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}
