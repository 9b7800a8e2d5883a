package stats

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

func d(s string) event.Date {
	dt, err := event.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return dt
}

func km(f float64) *float64 { return &f }

// testData is a small record: 2015 to 2022 with an empty 2016, a year-only
// date, a cruise-only launch, a satellite launch, two nuclear tests, a
// launch event from an unreported site and context events that count for
// nothing.
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
		{ID: "arty", Name: "KN-09", Class: event.ClassArtillery},
	}
	sites := []event.Site{
		{ID: "sunan", Name: "Sunan", Lat: 39.2, Lon: 125.67},
		{ID: "sohae", Name: "Sohae", Lat: 39.66, Lon: 124.71},
		{ID: "sinpo", Name: "Sinpo", Lat: 40.03, Lon: 128.18},
		{ID: "punggye-ri", Name: "Punggye-ri", Lat: 41.28, Lon: 129.08},
	}
	events := []event.Event{
		{ID: "2015-politics", Date: d("2015-01-01"), Kind: event.KindPolitics},
		{ID: "2015-05-09-slbm", Date: d("2015-05-09"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "slbm", Count: 1, Site: "sinpo", ApogeeKm: km(30)}}},
		{ID: "2017-09-03-nuke", Date: d("2017-09-03"), Kind: event.KindNuclearTest, Title: "Sixth test",
			Nuclear: &event.Nuclear{Site: "punggye-ri", YieldKt: &event.Range{Min: 70, Max: 280}, MagnitudeMb: km(6.3)}},
		{ID: "2017-11-29-icbm", Date: d("2017-11-29"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "icbm", Count: 1, Site: "sunan", ApogeeKm: km(4475), RangeKm: km(950)}}},
		{ID: "2017-03-06-salvo", Date: d("2017-03-06"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "srbm", Count: 4, Site: "sohae", ApogeeKm: km(260), RangeKm: km(1000)}}},
		{ID: "2018", Date: d("2018"), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "unknown", Count: 2}}},
		{ID: "2016-arty", Date: d("2016-03-04"), Kind: event.KindArtillery,
			Launches: []event.Launch{{System: "arty", Count: 10, Site: "sinpo"}, {System: "arty", Count: 4}}},
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
			Nuclear: &event.Nuclear{Site: "punggye-ri"}},
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

func TestSpan(t *testing.T) {
	ds := testData()
	tests := []struct {
		y           Years
		first, last int
	}{
		{All, 2009, 2022},
		{Years{From: 2017}, 2017, 2022},
		{Years{To: 2018}, 2009, 2018},
		{Years{From: 2017, To: 2018}, 2017, 2018},
		{Years{From: 1990, To: 2030}, 2009, 2022},
		{Years{From: 2030}, 2030, 2022},
	}
	for _, tt := range tests {
		first, last := Span(ds, tt.y)
		if first != tt.first || last != tt.last {
			t.Errorf("Span(%+v) = %d, %d; want %d, %d", tt.y, first, last, tt.first, tt.last)
		}
	}
}

func TestBallisticByYear(t *testing.T) {
	ds := testData()
	// Columns: SRBM MRBM IRBM ICBM SLBM ballistic-unknown.
	tests := []struct {
		name string
		y    Years
		want []ClassYear
	}{
		{"2015-2019", Years{2015, 2019}, []ClassYear{
			{2015, []int{0, 0, 0, 0, 1, 0}, 1},
			{2016, []int{0, 0, 0, 0, 0, 0}, 0},
			{2017, []int{4, 0, 0, 1, 0, 0}, 5},
			{2018, []int{0, 0, 0, 0, 0, 2}, 2},
			{2019, []int{2, 0, 0, 0, 0, 0}, 2},
		}},
		{"one year", Years{2022, 2022}, []ClassYear{{2022, []int{12, 0, 0, 0, 0, 0}, 12}}},
		{"outside", Years{From: 2030}, []ClassYear{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BallisticByYear(ds, tt.y)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
	all := BallisticByYear(ds, All)
	if len(all) != 2022-2009+1 || all[0].Year != 2009 || all[len(all)-1].Year != 2022 {
		t.Errorf("whole record covers %d years from %d; want 14 from 2009", len(all), all[0].Year)
	}
}

func TestTotal(t *testing.T) {
	ds := testData()
	tests := []struct {
		y    Years
		want Totals
	}{
		{All, Totals{First: 2009, Last: 2022, BallisticMissiles: 22, LaunchEvents: 8, NuclearTests: 2, SatelliteLaunches: 1, Events: 16}},
		{Years{2017, 2017}, Totals{First: 2017, Last: 2017, BallisticMissiles: 5, LaunchEvents: 2, NuclearTests: 1, Events: 3}},
		{Years{2016, 2016}, Totals{First: 2016, Last: 2016, Events: 1}},
	}
	for _, tt := range tests {
		if got := Total(ds, tt.y); got != tt.want {
			t.Errorf("Total(%+v) = %+v; want %+v", tt.y, got, tt.want)
		}
	}
}

func TestActivityByYear(t *testing.T) {
	ds := testData()
	// Columns: ballistic launches, other missile launches, satellite, nuclear, engine.
	got := ActivityByYear(ds, Years{2017, 2019})
	want := []ActivityYear{
		{2017, []int{2, 0, 0, 1, 0}, 3},
		{2018, []int{1, 0, 0, 0, 1}, 2},
		{2019, []int{1, 1, 0, 0, 0}, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	got = ActivityByYear(ds, Years{2012, 2012})
	want = []ActivityYear{{2012, []int{0, 0, 1, 0, 0}, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2012: got %v, want %v", got, want)
	}
}

func TestNuclearTests(t *testing.T) {
	ds := testData()
	got := NuclearTests(ds, All)
	if len(got) != 2 {
		t.Fatalf("got %d tests, want 2", len(got))
	}
	if got[0].ID != "2009-05-25-nuke" || got[0].YieldMin != nil || got[0].MagnitudeMb != nil {
		t.Errorf("first test = %+v; want 2009 test without estimates", got[0])
	}
	g := got[1]
	if g.ID != "2017-09-03-nuke" || *g.YieldMin != 70 || *g.YieldMax != 280 || *g.MagnitudeMb != 6.3 || g.Site != "punggye-ri" {
		t.Errorf("second test = %+v", g)
	}
	if n := len(NuclearTests(ds, Years{2010, 2016})); n != 0 {
		t.Errorf("2010-2016: %d tests, want 0", n)
	}
}

func TestBallisticByMonth(t *testing.T) {
	ds := testData()
	got := BallisticByMonth(ds, Years{2018, 2022})
	if len(got) != 5 {
		t.Fatalf("got %d years, want 5", len(got))
	}
	tests := []struct {
		i       int
		months  [12]int
		unknown int
		total   int
	}{
		{0, [12]int{}, 2, 2},            // 2018: year-only date
		{1, [12]int{7: 2}, 0, 2},        // 2019: the cruise-only event adds nothing
		{4, [12]int{0: 4, 5: 8}, 0, 12}, // 2022
		{2, [12]int{}, 0, 0},            // 2020: empty
	}
	for _, tt := range tests {
		r := got[tt.i]
		if r.Months != tt.months || r.Unknown != tt.unknown || r.Total != tt.total {
			t.Errorf("%d: got %+v; want months %v unknown %d total %d", r.Year, r, tt.months, tt.unknown, tt.total)
		}
	}
	// The first six months of 2022, as the design's check does for the real data.
	h := 0
	for _, n := range got[4].Months[:6] {
		h += n
	}
	if h != 12 {
		t.Errorf("first half of 2022 = %d, want 12", h)
	}
}

func TestSites(t *testing.T) {
	ds := testData()
	tests := []struct {
		name    string
		y       Years
		want    []string // id:ballistic:other:events
		unknown SiteCount
	}{
		{"all", All, []string{"sunan:15:3:6", "sohae:4:1:2", "sinpo:1:0:1"}, SiteCount{Ballistic: 2, Events: 1}},
		{"2019", Years{2019, 2019}, []string{"sunan:2:3:2"}, SiteCount{}},
		{"2018", Years{2018, 2018}, nil, SiteCount{Ballistic: 2, Events: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, unknown := Sites(ds, tt.y)
			var ids []string
			for _, s := range got {
				ids = append(ids, fmt.Sprintf("%s:%d:%d:%d", s.Site.ID, s.Ballistic, s.Other, s.Events))
			}
			if !reflect.DeepEqual(ids, tt.want) || !reflect.DeepEqual(unknown, tt.unknown) {
				t.Errorf("got %v, %+v unknown; want %v, %+v", ids, unknown, tt.want, tt.unknown)
			}
		})
	}
}

func TestReachByYear(t *testing.T) {
	ds := testData()
	got := ReachByYear(ds, Years{2017, 2019})
	if len(got) != 3 {
		t.Fatalf("got %d years, want 3", len(got))
	}
	a, r := got[0].Apogee, got[0].Range
	if a == nil || a.Km != 4475 || a.EventID != "2017-11-29-icbm" || r == nil || r.Km != 1000 || r.EventID != "2017-03-06-salvo" {
		t.Errorf("2017 = %+v, %+v", a, r)
	}
	if got[1].Apogee != nil || got[1].Range != nil {
		t.Errorf("2018 has no reported reach, got %+v", got[1])
	}
	// The cruise missile's 1500 km does not count: ballistic only.
	if r := got[2].Range; r == nil || r.Km != 600 || got[2].Apogee != nil {
		t.Errorf("2019 = %+v", got[2])
	}
}

func TestByEra(t *testing.T) {
	ds := testData()
	tests := []struct {
		y    Years
		want []string // id:missiles:launch events:nuclear tests
	}{
		{All, []string{"kim-jong-il:0:0:1", "kim-jong-un:22:8:1"}},
		{Years{2015, 2022}, []string{"kim-jong-un:22:8:1"}},
		{Years{2009, 2010}, []string{"kim-jong-il:0:0:1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range ByEra(ds, tt.y) {
			got = append(got, fmt.Sprintf("%s:%d:%d:%d", e.Era.ID, e.BallisticMissiles, e.LaunchEvents, e.NuclearTests))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ByEra(%+v) = %v; want %v", tt.y, got, tt.want)
		}
	}
}
