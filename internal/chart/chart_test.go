package chart

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func d(s string) event.Date {
	dt, err := event.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return dt
}

func km(f float64) *float64 { return &f }

// TestData is a small record used by this package's tests and by the
// site's chart tests: 2009 to 2022 with empty years, a year-only date, a
// cruise-only launch, a satellite launch, two nuclear tests and a launch
// from an unreported site.
func testData() *event.Dataset {
	meta := event.Meta{
		Title: "Test record",
		AsOf:  d("2022-12-31"),
		Eras: []event.Era{
			{ID: "kim-jong-il", Name: "Kim Jong Il", Start: d("1994-07-09"), End: d("2011-12-17")},
			{ID: "kim-jong-un", Name: "Kim Jong Un", Start: d("2011-12-18")},
		},
	}
	systems := []event.System{
		{ID: "srbm", Name: "KN-23", Class: event.ClassSRBM},
		{ID: "icbm", Name: "Hwasong-15", Class: event.ClassICBM},
		{ID: "slbm", Name: "Pukguksong-1", Class: event.ClassSLBM},
		{ID: "unknown", Name: "Unknown ballistic", Class: event.ClassBallisticUnknown},
		{ID: "cruise", Name: "Hwasal-1", Class: event.ClassCruise},
		{ID: "slv", Name: "Unha-3", Class: event.ClassSLV},
	}
	sites := []event.Site{
		{ID: "sunan", Name: "Sunan", Province: "Pyongyang", Lat: 39.2, Lon: 125.67},
		{ID: "sohae", Name: "Sohae", Province: "North Pyongan", Lat: 39.66, Lon: 124.71},
		{ID: "sinpo", Name: "Sinpo", Province: "South Hamgyong", Lat: 40.03, Lon: 128.18},
		{ID: "punggye-ri", Name: "Punggye-ri", Lat: 41.28, Lon: 129.08},
	}
	events := []event.Event{
		{ID: "2015-politics", Date: d("2015-01-01"), Kind: event.KindPolitics},
		{ID: "2015-05-09-slbm", Date: d("2015-05-09"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "slbm", Count: 1, Site: "sinpo", ApogeeKm: km(30)}}},
		{ID: "2017-09-03-nuke", Date: d("2017-09-03"), Kind: event.KindNuclearTest, Title: "Sixth test </script><b>",
			Nuclear: &event.Nuclear{Site: "punggye-ri", YieldKt: &event.Range{Min: 70, Max: 280}, MagnitudeMb: km(6.3)}},
		{ID: "2017-11-29-icbm", Date: d("2017-11-29"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "icbm", Count: 1, Site: "sunan", ApogeeKm: km(4475), RangeKm: km(950)}}},
		{ID: "2017-03-06-salvo", Date: d("2017-03-06"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "srbm", Count: 4, Site: "sohae", ApogeeKm: km(260), RangeKm: km(1000)}}},
		{ID: "2018", Date: d("2018"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "unknown", Count: 2}}},
		{ID: "2018-engine", Date: d("2018-03"), Kind: event.KindEngineTest},
		{ID: "2019-cruise", Date: d("2019-08-01"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "cruise", Count: 2, Site: "sunan", RangeKm: km(1500)}}},
		{ID: "2019-mixed", Date: d("2019-08-02"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{
				{System: "srbm", Count: 2, Site: "sunan", RangeKm: km(600)},
				{System: "cruise", Count: 1, Site: "sunan"},
			}},
		{ID: "2012-12-12-sat", Date: d("2012-12-12"), Kind: event.KindSatelliteLaunch,
			Launches: []event.Launch{{System: "slv", Count: 1, Site: "sohae"}}},
		{ID: "2009-05-25-nuke", Date: d("2009-05-25"), Kind: event.KindNuclearTest, Title: "Second test",
			Nuclear: &event.Nuclear{Site: "punggye-ri", MagnitudeMb: km(4.7)}},
		{ID: "2022-01-05", Date: d("2022-01-05"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "srbm", Count: 2, Site: "sunan"}}},
		{ID: "2022-01-17", Date: d("2022-01-17"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "srbm", Count: 2, Site: "sunan"}}},
		{ID: "2022-06-05", Date: d("2022-06-05"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "srbm", Count: 8, Site: "sunan"}}},
		{ID: "2022-diplomacy", Date: d("2022-07-01"), Kind: event.KindDiplomacy},
	}
	return event.NewDataset(meta, systems, sites, events)
}

func TestCSV(t *testing.T) {
	tests := []struct {
		t    Table
		want string
	}{
		{Table{Header: []string{"Year", "N"}}, "Year,N\r\n"},
		{Table{Header: []string{"Site", "N"}, Rows: [][]string{{"Sunan", "3"}, {`A "quoted", name`, ""}}},
			"Site,N\r\nSunan,3\r\n\"A \"\"quoted\"\", name\",\r\n"},
		{Table{Header: []string{"Note"}, Rows: [][]string{{"two\nlines"}}}, "Note\r\n\"two\r\nlines\"\r\n"},
	}
	for _, tt := range tests {
		if got := string(tt.t.CSV()); got != tt.want {
			t.Errorf("CSV() = %q; want %q", got, tt.want)
		}
	}
}

// TestDescriptions checks the generated text for several ranges.
func TestDescriptions(t *testing.T) {
	ds := testData()
	tests := []struct {
		id       string
		from, to int
		want     string
	}{
		{"ballistic-missiles-per-year", 0, 0, "From 2009 to 2022, North Korea launched 22 ballistic missiles in 8 launch events. The most in one year was 12, in 2022. 9 of the 14 years had none. The largest share were short-range missiles (SRBM): 18, or 82%."},
		{"ballistic-missiles-per-year", 2015, 2015, "In 2015, North Korea launched 1 ballistic missile in 1 launch event. The largest share were submarine-launched missiles (SLBM): 1, or 100%."},
		{"ballistic-missiles-per-year", 2010, 2011, "From 2010 to 2011, no ballistic missiles were launched."},
		{"tests-per-year", 2017, 2019, "From 2017 to 2019, the record holds 4 ballistic missile launch events, 1 other missile launch, 0 satellite launches, 1 nuclear test and 1 engine test. The busiest year was 2017, with 3."},
		{"nuclear-tests", 0, 0, "From 2009 to 2022, North Korea conducted 2 nuclear tests, the first on 25 May 2009 and the last on 3 Sep 2017. The strongest, on 3 Sep 2017, had a seismic magnitude of 6.3 and an estimated yield of 70 to 280 kilotons."},
		{"nuclear-tests", 2009, 2016, "From 2009 to 2016, North Korea conducted 1 nuclear test, on 25 May 2009. The strongest, on 25 May 2009, had a seismic magnitude of 4.7."},
		{"nuclear-tests", 2018, 2022, "From 2018 to 2022, North Korea conducted no nuclear tests."},
		{"ballistic-missiles-by-month", 0, 0, "From 2009 to 2022, ballistic missiles were launched in 6 different months. The busiest month was Jun 2022, with 8. The busiest year was 2022, with 12. The month of 2 missiles is not known."},
		{"launch-sites", 0, 0, "From 2009 to 2022, missiles and space launchers were launched from 3 known sites. The most used was Sunan (Pyongyang), with 18 launched, 15 of them ballistic missiles. For 2 more the launch site was not reported."},
		{"launch-sites", 2010, 2011, "From 2010 to 2011, no launch from a known site is recorded."},
		{"reach-per-year", 0, 0, "From 2009 to 2022, the highest apogee recorded was 4,475 km, by a Hwasong-15 on 29 Nov 2017, and the longest range was 1,000 km, by a KN-23 on 6 Mar 2017."},
		{"reach-per-year", 2019, 2019, "In 2019, the longest range was 600 km, by a KN-23 on 2 Aug 2019."},
		{"missiles-per-leader", 0, 0, "From 2009 to 2022, North Korea launched 22 ballistic missiles: 0 under Kim Jong Il and 22 under Kim Jong Un. Kim Jong Un's rule accounts for 100% of them."},
		{"missiles-per-leader", 2017, 2012, "From 2012 to 2017, North Korea launched 6 ballistic missiles: 6 under Kim Jong Un."},
		{"missiles-per-leader", 2012, 2017, "From 2012 to 2017, North Korea launched 6 ballistic missiles: 6 under Kim Jong Un."},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d-%d", tt.id, tt.from, tt.to), func(t *testing.T) {
			c, ok := ByID(Range(ds, tt.from, tt.to), tt.id)
			if !ok {
				t.Fatalf("no chart %q", tt.id)
			}
			if c.Description != tt.want {
				t.Errorf("description:\n got %s\nwant %s", c.Description, tt.want)
			}
		})
	}
}

// TestCharts checks what every chart must have and compares the whole
// output for the small record with testdata/charts.golden.
func TestCharts(t *testing.T) {
	ds := testData()
	cs := All(ds)
	if len(cs) != 7 {
		t.Fatalf("All returned %d charts, want 7", len(cs))
	}
	var golden bytes.Buffer
	for i, c := range cs {
		if c.ID != IDs[i] {
			t.Errorf("chart %d has id %q, want %q", i, c.ID, IDs[i])
		}
		if c.Title == "" || c.Description == "" || len(c.Table.Header) == 0 || c.Height <= 0 {
			t.Errorf("%s: missing title, description, table header or height", c.ID)
		}
		for _, r := range c.Table.Rows {
			if len(r) != len(c.Table.Header) {
				t.Errorf("%s: row %v has %d cells, header %d", c.ID, r, len(r), len(c.Table.Header))
			}
		}
		var o map[string]any
		if err := json.Unmarshal(c.Option, &o); err != nil {
			t.Errorf("%s: option is not JSON: %v", c.ID, err)
		}
		if s, ok := o["series"].([]any); !ok || len(s) == 0 {
			t.Errorf("%s: option has no series", c.ID)
		}
		// No JavaScript in options, and HTML-significant characters escaped.
		for _, bad := range []string{"function", "__f__", "<", ">"} {
			if bytes.Contains(c.Option, []byte(bad)) {
				t.Errorf("%s: option contains %q", c.ID, bad)
			}
		}
		if c.Map != (c.ID == "launch-sites") {
			t.Errorf("%s: Map = %v", c.ID, c.Map)
		}
		var indented bytes.Buffer
		json.Indent(&indented, c.Option, "  ", "  ")
		fmt.Fprintf(&golden, "== %s (%d–%d, height %d)\n%s\n%s\n%s  option: %s\n  data: %s\n\n",
			c.ID, c.From, c.To, c.Height, c.Title, c.Description, c.Table.CSV(), indented.String(), c.Data)
	}
	checkGolden(t, "charts.golden", golden.Bytes())
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got %s\nwant %s\n(run go test -update if the change is intended)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", path, len(gl), len(wl))
	}
}

// TestDeterministic builds the charts twice and compares the bytes.
func TestDeterministic(t *testing.T) {
	a, b := All(testData()), All(testData())
	for i := range a {
		if !bytes.Equal(a[i].Option, b[i].Option) || !bytes.Equal(a[i].Data, b[i].Data) || a[i].Description != b[i].Description {
			t.Errorf("%s differs between two builds", a[i].ID)
		}
	}
}

// TestRealData checks the figure the design quotes against the committed
// events, once they hold 2022: 31 ballistic missiles in the first six
// months of 2022.
func TestRealData(t *testing.T) {
	res, err := event.LoadDir(context.Background(), "../../events")
	if err != nil {
		t.Skipf("events: %v", err)
	}
	if len(res.Errors()) > 0 || res.Dataset == nil {
		t.Skipf("events do not validate yet: %v", res.Errors())
	}
	ds := res.Dataset
	cs := All(ds)
	c, _ := ByID(cs, "ballistic-missiles-by-month")
	for _, r := range c.Table.Rows {
		if r[0] != "2022" {
			continue
		}
		n := 0
		for _, cell := range r[1:7] {
			var k int
			fmt.Sscan(cell, &k)
			n += k
		}
		if n < 25 {
			t.Skipf("2022 holds only %d missiles in January–June so far: data still arriving", n)
		}
		if n != 31 {
			t.Errorf("ballistic missiles January–June 2022 = %d, want 31", n)
		}
	}
}

// BenchmarkAll measures the seven charts of the committed events, which
// every build computes.
func BenchmarkAll(b *testing.B) {
	res, err := event.LoadDir(context.Background(), "../../events")
	if err != nil || res.Dataset == nil {
		b.Skip("the committed events do not load")
	}
	for b.Loop() {
		All(res.Dataset)
	}
}
