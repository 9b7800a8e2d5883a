package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	update   = flag.Bool("update", false, "rewrite testdata/*.golden.png")
	samples  = flag.String("samples", "", "also write every test card as PNG into this `directory`")
	testSite = Site{Name: "North Korean weapons activity", Domain: "nktimeline.org"}
)

// koreaRegions reads the site's base map the way the build would pass it.
func koreaRegions(t testing.TB) []Region {
	t.Helper()
	b, err := os.ReadFile("../../templates/assets/korea.geo.json")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct{ Name string }
			Geometry   struct {
				Type        string
				Coordinates [][][][2]float64
			}
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var rs []Region
	for _, f := range fc.Features {
		if f.Geometry.Type != "MultiPolygon" {
			t.Fatalf("%s: geometry %s", f.Properties.Name, f.Geometry.Type)
		}
		rs = append(rs, Region{Name: f.Properties.Name, Focus: f.Properties.Name == "North Korea", Polygons: f.Geometry.Coordinates})
	}
	return rs
}

func years(from, to int) []string {
	var ys []string
	for y := from; y <= to; y++ {
		ys = append(ys, strconv.Itoa(y))
	}
	return ys
}

// Ballistic missiles per year by class, 1984–2026, shaped like the record.
func testBars() *Bars {
	cats := years(1984, 2026)
	srbm := make([]float64, len(cats))
	mrbm := make([]float64, len(cats))
	icbm := make([]float64, len(cats))
	for i, v := range map[int][3]float64{
		1984: {3, 0, 0}, 1986: {3, 0, 0}, 1990: {0, 1, 0}, 1993: {0, 4, 0}, 1998: {0, 1, 0}, 2006: {4, 2, 1},
		2009: {7, 1, 0}, 2014: {11, 2, 0}, 2016: {10, 12, 0}, 2017: {6, 12, 3}, 2019: {25, 0, 0},
		2020: {8, 0, 0}, 2021: {7, 0, 0}, 2022: {49, 5, 8}, 2023: {18, 3, 5}, 2024: {20, 4, 1}, 2025: {9, 1, 0}, 2026: {11, 0, 1},
	} {
		srbm[i-1984], mrbm[i-1984], icbm[i-1984] = v[0], v[1], v[2]
	}
	return &Bars{
		Categories: cats,
		Stacked:    true,
		Partial:    "2026",
		Series: []Series{
			{Name: "SRBM", Color: "#0072b2", Values: srbm},
			{Name: "MRBM / IRBM", Color: "#e69f00", Values: mrbm},
			{Name: "ICBM", Color: "#d55e00", Values: icbm},
		},
	}
}

func testHeatmap() *Heatmap {
	h := &Heatmap{Rows: years(1984, 2026), Columns: strings.Fields("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"), Legend: "launch events in the month"}
	for r := range h.Rows {
		row := make([]float64, 12)
		for c := range row {
			// A deterministic pattern heavier in recent years.
			if (r*7+c*5)%11 < r/6 {
				row[c] = float64((r*c)%5 + 1)
			}
		}
		h.Values = append(h.Values, row)
	}
	// The data stops at the end of August 2026.
	h.Values[len(h.Values)-1] = h.Values[len(h.Values)-1][:8]
	return h
}

func testPoints() []Point {
	return []Point{
		{Lon: 125.67, Lat: 39.2, Value: 61, Label: "Sunan"},
		{Lon: 127.45, Lat: 39.15, Value: 48, Label: "Wonsan"},
		{Lon: 124.7, Lat: 39.66, Value: 30, Label: "Sohae"},
		{Lon: 129.66, Lat: 40.85, Value: 12, Label: "Musudan-ri"},
		{Lon: 125.38, Lat: 39.0, Value: 9},
		{Lon: 127.53, Lat: 39.82, Value: 14, Label: "Hamhung"},
		{Lon: 125.9, Lat: 38.7, Value: 5},
		{Lon: 126.6, Lat: 41.1, Value: 3},
		{Lon: 128.1, Lat: 38.9, Value: 2},
		{Lon: 127.6, Lat: 39.3, Value: 7},
		{Lon: 124.4, Lat: 40.1, Value: 1},
	}
}

// cases are the cards the tests draw; the first of each kind has a golden
// file.
func cases(t testing.TB) []struct {
	name string
	card Card
} {
	long := strings.Repeat("Hwasong-18 solid-fuel ICBM lofted into the sea east of the peninsula, ", 5)[:300]
	return []struct {
		name string
		card Card
	}{
		{"event", Event{Site: testSite, Date: "18 December 2023", Kind: "Missile launch", Tone: ToneWeapons,
			Title:   "Hwasong-18 solid-fuel ICBM launched from Pyongyang’s Sunan area",
			Figures: []string{"1 ICBM", "apogee 6,518 km", "range 1,002 km", "flight 73 min"}}},
		{"chart-bars", Chart{Site: testSite, Title: "Ballistic missiles by year", Subtitle: "1984–2026, by missile class",
			Note: "2026: data to 31 August", Bars: testBars()}},
		{"chart-heatmap", Chart{Site: testSite, Title: "Launch events by month", Subtitle: "1984–2026",
			Heatmap: testHeatmap()}},
		{"chart-map", Chart{Site: testSite, Title: "Where missiles are launched from", Subtitle: "Launch sites, 1984–2026, sized by missiles launched",
			Map: &Map{Regions: koreaRegions(t), Points: testPoints(), Legend: "Missiles launched"}}},
		{"home", Home{Site: testSite, Description: "Every North Korean missile launch, nuclear test and satellite launch since 1984, with the diplomacy around them — sourced, dated and counted.",
			Note:    "Data as of 31 August 2026",
			Figures: []Figure{{"1,245", "ballistic missiles since 1984"}, {"2022", "record year, 70 missiles"}, {"6", "nuclear tests"}, {"431", "events recorded"}}}},
		// Edge cases: no golden file, but the same checks.
		{"event-long", Event{Site: testSite, Date: "1 January 2024", Kind: "Allied response", Tone: ToneContext, Title: long,
			Figures: []string{strings.Repeat("apogee 6,000 km ", 8), "2 ICBMs", "range 1,000 km", "a figure that goes on and on and on", "x", "y", "z"}}},
		{"event-words", Event{Site: Site{Name: strings.Repeat("Averyveryverylongsitenamewithoutspaces", 3), Domain: strings.Repeat("domain", 30)},
			Date: strings.Repeat("9", 80), Kind: strings.Repeat("Superlongkindlabel", 6), Tone: ToneNuclear,
			Title:   strings.Repeat("Pneumonoultramicroscopicsilicovolcanoconiosis", 8),
			Figures: []string{strings.Repeat("W", 200)}, Note: strings.Repeat("note ", 40)}},
		{"event-short", Event{Site: testSite, Date: "9 October 2006", Kind: "Nuclear test", Tone: ToneNuclear,
			Title: "First nuclear test", Figures: []string{"yield 0.7–2 kt", "magnitude 4.1"}}},
		{"event-unicode", Event{Site: testSite, Date: "5 April 2009", Kind: "Satellite launch", Tone: ToneSpace,
			Title: "Unha-2 carries Kwangmyŏngsŏng-2 over Japan – DPRK’s “peaceful” launch, ≈3,200 km × é à ç"}},
		{"home-long", Home{Site: Site{Name: strings.Repeat("Long site name ", 12), Domain: testSite.Domain},
			Description: strings.Repeat("A description far longer than the card can hold. ", 12), Note: strings.Repeat("Data as of 31 August 2026 ", 5),
			Figures: []Figure{{strings.Repeat("1,245,", 9), strings.Repeat("ballistic missiles ", 8)}, {"2", "x"}}}},
		{"chart-grouped", Chart{Site: testSite, Title: strings.Repeat("Highest apogee and longest range by system ", 4),
			Subtitle: strings.Repeat("subtitle ", 30), Bars: &Bars{
				Categories: strings.Fields("KN-23 KN-24 KN-25 Hwasong-12 Hwasong-14 Hwasong-15 Hwasong-17 Hwasong-18"),
				Series: []Series{{Name: "Highest apogee (km)", Color: "#0072b2", Values: []float64{60, 50, 90, 2111, 3724, 4475, 6248, 6518}},
					{Name: "Longest range (km)", Color: "#e69f00", Values: []float64{690, 410, 380, 1000, 998, 950, 1090, 1002}}}}}},
		// Degenerate data: nothing to scale by.
		{"chart-zero", Chart{Site: testSite, Title: "Nothing yet", Bars: &Bars{Categories: []string{"2025", "2026"}, Partial: "2026",
			Series: []Series{{Name: "SRBM", Color: "#0072b2", Values: []float64{0, 0}}}}}},
		{"heatmap-zero", Chart{Site: testSite, Title: "Nothing yet", Heatmap: &Heatmap{Rows: []string{"2026"}, Columns: []string{"Jan"}, Values: [][]float64{{0}}}}},
		{"map-empty", Chart{Site: testSite, Title: "No launches", Map: &Map{Regions: koreaRegions(t)}}},
		{"map-points", Chart{Site: testSite, Title: "Points alone", Map: &Map{Points: []Point{{Lon: 125, Lat: 39, Value: 0, Label: "Zero"}, {Lon: 126, Lat: 40, Value: 0}}}}},
		{"home-bare", Home{Site: testSite}},
		{"event-bare", Event{Site: Site{}, Title: "Only a title"}},
	}
}

// TestCards draws every case and checks what a reader's client would:
// that it decodes as a 1200×630 PNG, that drawing it again gives the same
// bytes, and that nothing was drawn outside the margins.
func TestCards(t *testing.T) {
	for i, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			b, err := PNG(tc.card)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds(); got != image.Rect(0, 0, Width, Height) {
				t.Errorf("size %v, want %dx%d", got, Width, Height)
			}
			again, err := PNG(tc.card)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, again) {
				t.Errorf("drawing twice gave different bytes")
			}
			checkMargins(t, img)
			if *samples != "" {
				if err := os.MkdirAll(*samples, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(*samples, tc.name+".png"), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if i < 5 {
				golden(t, tc.name, b)
			}
		})
	}
}

// checkMargins fails if anything but the accent bar was drawn in the
// card's margins: that is where overflowing text would show.
func checkMargins(t *testing.T, img image.Image) {
	t.Helper()
	bg := img.At(Width-1, Height-1)
	inside := image.Rect(margin-2, 40, Width-margin+2, Height-24)
	for y := 0; y < Height; y++ {
		for x := 12; x < Width; x++ { // x < 12 is the accent bar
			if image.Pt(x, y).In(inside) {
				x = inside.Max.X - 1
				continue
			}
			if img.At(x, y) != bg {
				t.Errorf("pixel drawn at %d,%d, in the margin", x, y)
				return
			}
		}
	}
}

// golden compares b with testdata/name.golden.png.
func golden(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.png")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/card/ -update)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("card differs from %s (run go test ./internal/card/ -update, and look at it)", path)
	}
}

// TestConcurrent draws cards at once, as the build does, and checks that
// the shared glyph cache gives every goroutine the same bytes.
func TestConcurrent(t *testing.T) {
	cs := cases(t)
	want := make([][]byte, len(cs))
	for i, tc := range cs {
		b, err := PNG(tc.card)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = b
	}
	glyphs.Clear()
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(cs))
	for g := 0; g < 2; g++ {
		for i, tc := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, err := PNG(tc.card)
				if err == nil && !bytes.Equal(b, want[i]) {
					err = fmt.Errorf("%s: bytes differ when drawn concurrently", tc.name)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestErrors(t *testing.T) {
	bad := []struct {
		name string
		card Card
		want string
	}{
		{"no title", Event{Site: testSite}, "without a title"},
		{"missing glyph", Event{Site: testSite, Title: "조선 launch"}, "the font has no"},
		{"tone", Event{Site: testSite, Title: "x", Tone: 9}, "tone"},
		{"two charts", Chart{Title: "x", Bars: testBars(), Heatmap: testHeatmap()}, "exactly one"},
		{"no chart", Chart{Title: "x"}, "exactly one"},
		{"short series", Chart{Title: "x", Bars: &Bars{Categories: []string{"a", "b"}, Series: []Series{{Name: "s", Color: "#000000", Values: []float64{1}}}}}, "1 values for 2"},
		{"negative", Chart{Title: "x", Bars: &Bars{Categories: []string{"a"}, Series: []Series{{Name: "s", Color: "#000000", Values: []float64{-1}}}}}, "zero or more"},
		{"colour", Chart{Title: "x", Bars: &Bars{Categories: []string{"a"}, Series: []Series{{Name: "s", Color: "blue", Values: []float64{1}}}}}, "#rrggbb"},
		{"long heatmap row", Chart{Title: "x", Heatmap: &Heatmap{Rows: []string{"a"}, Columns: []string{"b"}, Values: [][]float64{{1, 2}}}}, "2 values for 1"},
		{"empty map", Chart{Title: "x", Map: &Map{}}, "without regions or points"},
		{"five figures", Home{Site: testSite, Figures: make([]Figure, 5)}, "four"},
	}
	for _, tc := range bad {
		_, err := PNG(tc.card)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestGlyphs checks that the font has the characters the record's titles
// and figures use beyond ASCII.
func TestAlt(t *testing.T) {
	cs := cases(t)
	for i, want := range []string{
		"Missile launch, 18 December 2023: Hwasong-18 solid-fuel ICBM launched from Pyongyang’s Sunan area. 1 ICBM, apogee 6,518 km, range 1,002 km, flight 73 min.",
		"Bar chart: Ballistic missiles by year, 1984–2026, by missile class.",
		"Heatmap: Launch events by month, 1984–2026.",
		"Map: Where missiles are launched from. Launch sites, 1984–2026, sized by missiles launched.",
		"North Korean weapons activity. Every North Korean missile launch, nuclear test and satellite launch since 1984, with the diplomacy around them — sourced, dated and counted. 1,245 ballistic missiles since 1984. 2022 record year, 70 missiles. 6 nuclear tests. 431 events recorded.",
	} {
		if got := cs[i].card.Alt(); got != want {
			t.Errorf("%s: Alt() =\n%s\nwant\n%s", cs[i].name, got, want)
		}
	}
	if got := (Event{Title: "Only a title"}).Alt(); got != "Only a title." {
		t.Errorf("bare event: Alt() = %q", got)
	}
}

func TestGlyphs(t *testing.T) {
	for _, r := range "’‘“”–—…·×≈°éèàçöüŏŭ" {
		if _, ok := hasGlyphs(string(r)); !ok {
			t.Errorf("the font has no %q", r)
		}
	}
}

func TestWrap(t *testing.T) {
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	c := newCanvas(fs)
	st := style{regular, 30}
	for _, tc := range []struct {
		in    string
		w     int
		max   int
		lines int
		cut   bool
	}{
		{"short", 500, 3, 1, false},
		{"", 500, 3, 0, false},
		{strings.Repeat("word ", 100), 500, 3, 3, true},
		{strings.Repeat("x", 400), 500, 3, 3, true},
		{strings.Repeat("x", 10), 1, 2, 2, true},
	} {
		lines := c.wrap(st, tc.in, tc.w, tc.max)
		if len(lines) != tc.lines {
			t.Errorf("wrap(%.20q, %d, %d): %d lines, want %d: %q", tc.in, tc.w, tc.max, len(lines), tc.lines, lines)
		}
		for _, l := range lines {
			if w := c.width(st, l); w > tc.w && len([]rune(l)) > 1 {
				t.Errorf("wrap(%.20q): line %q is %d wide, more than %d", tc.in, l, w, tc.w)
			}
		}
		if n := len(lines); n > 0 && strings.HasSuffix(lines[n-1], ellipsis) != tc.cut {
			t.Errorf("wrap(%.20q): last line %q, want ellipsis %v", tc.in, lines[n-1], tc.cut)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 7: "7", 1000: "1,000", 6518: "6,518", 1234567: "1,234,567", 2.5: "2.5"} {
		if got := formatNumber(in); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestRevision keeps Key honest: testdata/revision.txt records the
// revision and a digest of every test card's bytes, so that a change to
// the drawing fails here until revision is raised. New cases are simply
// added by -update.
func TestRevision(t *testing.T) {
	path := filepath.Join("testdata", "revision.txt")
	old, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(old)), "\n")
	oldRev := strings.TrimPrefix(lines[0], "revision ")
	oldSums := map[string]string{}
	for _, l := range lines[1:] {
		name, sum, _ := strings.Cut(l, " ")
		oldSums[name] = sum
	}
	var b strings.Builder
	fmt.Fprintf(&b, "revision %d\n", revision)
	changed := []string{}
	for _, tc := range cases(t) {
		p, err := PNG(tc.card)
		if err != nil {
			t.Fatal(err)
		}
		sum := fmt.Sprintf("%x", sha256.Sum256(p))
		fmt.Fprintf(&b, "%s %s\n", tc.name, sum)
		if o, ok := oldSums[tc.name]; ok && o != sum {
			changed = append(changed, tc.name)
		}
	}
	if len(changed) > 0 && oldRev == strconv.Itoa(revision) {
		t.Fatalf("cards %v changed but revision is still %d: raise it in key.go (then run -update), so that cards kept under an old Key are drawn again", changed, revision)
	}
	if b.String() == string(old) {
		return
	}
	if !*update {
		t.Fatalf("%s is out of date: run go test ./internal/card/ -update", path)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestKey(t *testing.T) {
	cs := cases(t)
	seen := map[string]string{}
	for _, tc := range cs {
		k := Key(tc.card)
		if len(k) != 32 {
			t.Errorf("%s: key %q", tc.name, k)
		}
		if other, ok := seen[k]; ok {
			t.Errorf("%s and %s have the same key", tc.name, other)
		}
		seen[k] = tc.name
		if Key(tc.card) != k {
			t.Errorf("%s: key differs on a second call", tc.name)
		}
	}
	e := cs[0].card.(Event)
	e2 := e
	e2.Figures = append([]string(nil), e.Figures...)
	e2.Figures[0] = "2 ICBMs"
	if Key(e) == Key(e2) {
		t.Error("changing a figure left the key unchanged")
	}
	if Key(Chart{Title: "x", Bars: &Bars{Series: []Series{{Values: []float64{math.NaN()}}}}}) != "" {
		t.Error("a card with NaN has a key")
	}
}

// BenchmarkEvent draws an event card to PNG bytes, as the build does for
// every event. Besides ns/op it reports the card's size and the processor
// time per card (cpu-ms/card), which a busy machine does not inflate; run
// it with -cpu 1 for the cost of one card on one core.
func BenchmarkEvent(b *testing.B) {
	benchCard(b, cases(b)[0].card)
}

func BenchmarkCards(b *testing.B) {
	for _, tc := range cases(b)[:5] {
		b.Run(tc.name, func(b *testing.B) { benchCard(b, tc.card) })
	}
}

func benchCard(b *testing.B, card Card) {
	var size int
	start := cpuTime()
	for b.Loop() {
		p, err := PNG(card)
		if err != nil {
			b.Fatal(err)
		}
		size = len(p)
	}
	b.ReportMetric(float64(size), "bytes/card")
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/card")
	}
}

// BenchmarkParallel draws event cards on every core at once, as the
// build does.
func BenchmarkParallel(b *testing.B) {
	card := cases(b)[0].card
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := PNG(card); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
