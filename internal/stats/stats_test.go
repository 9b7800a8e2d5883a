package stats

// The expected values below are worked out by hand from
// internal/eventtest/fixture.txtar. Its ballistic missiles per year: 2011 3
// (1 + 2), 2016 7 (1 on 1 January + 3 dated only to March + 2 on 10 March +
// 1 SLBM), 2017 2 (IRBM, ICBM), 2018 2 (dated only to the year), 2019 6
// (2 + 2 on 2 August, 2 on 16 August; the cruise missiles do not count),
// 2022 21 (2 + 2 + 1 ICBM + 8 + 8; the rocket artillery does not count),
// 2023 4 (1 + 2 + 1), 2024 3 (1 + 2 dated only to February): 48 in 22
// launch events.

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventtest"
)

func d(s string) event.Date {
	dt, err := event.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return dt
}

func TestSpan(t *testing.T) {
	ds := eventtest.Dataset()
	tests := []struct {
		y           Years
		first, last int
	}{
		{All, 2011, 2024},
		{Years{From: 2017}, 2017, 2024},
		{Years{To: 2018}, 2011, 2018},
		{Years{From: 2017, To: 2018}, 2017, 2018},
		{Years{From: 1990, To: 2030}, 2011, 2024},
		{Years{From: 2030}, 2030, 2024},
	}
	for _, tt := range tests {
		first, last := Span(ds, tt.y)
		if first != tt.first || last != tt.last {
			t.Errorf("Span(%+v) = %d, %d; want %d, %d", tt.y, first, last, tt.first, tt.last)
		}
	}
	// Without events the span is the as-of year; without an as-of date
	// either, it is empty.
	if first, last := Span(event.NewDataset(event.Meta{AsOf: d("2020-05-01")}, nil, nil, nil), All); first != 2020 || last != 2020 {
		t.Errorf("no events: Span = %d, %d; want 2020, 2020", first, last)
	}
	if first, last := Span(&event.Dataset{}, All); last >= first {
		t.Errorf("empty dataset: Span = %d, %d; want no years", first, last)
	}
}

func TestBallisticByYear(t *testing.T) {
	ds := eventtest.Dataset()
	// Columns: SRBM MRBM IRBM ICBM SLBM ballistic-unknown.
	tests := []struct {
		name string
		y    Years
		want []ClassYear
	}{
		{"2016-2019", Years{2016, 2019}, []ClassYear{
			{2016, []int{6, 0, 0, 0, 1, 0}, 7},
			{2017, []int{0, 0, 1, 1, 0, 0}, 2},
			{2018, []int{2, 0, 0, 0, 0, 0}, 2}, // dated only to the year
			{2019, []int{6, 0, 0, 0, 0, 0}, 6},
		}},
		{"no launches", Years{2014, 2015}, []ClassYear{
			{2014, []int{0, 0, 0, 0, 0, 0}, 0},
			{2015, []int{0, 0, 0, 0, 0, 0}, 0},
		}},
		{"one year", Years{2022, 2022}, []ClassYear{{2022, []int{20, 0, 0, 1, 0, 0}, 21}}},
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
	if len(all) != 2024-2011+1 || all[0].Year != 2011 || all[len(all)-1].Year != 2024 {
		t.Errorf("whole record covers %d years from %d; want 14 from 2011", len(all), all[0].Year)
	}
}

func TestTotal(t *testing.T) {
	ds := eventtest.Dataset()
	tests := []struct {
		y    Years
		want Totals
	}{
		{All, Totals{First: 2011, Last: 2024, BallisticMissiles: 48, LaunchEvents: 22, NuclearTests: 2, SatelliteLaunches: 1, Events: 30}},
		// The engine test, the IRBM and the ICBM.
		{Years{2017, 2017}, Totals{First: 2017, Last: 2017, BallisticMissiles: 2, LaunchEvents: 2, Events: 3}},
		{Years{2014, 2014}, Totals{First: 2014, Last: 2014}},
		{Years{2015, 2015}, Totals{First: 2015, Last: 2015, Events: 1}}, // a context event
	}
	for _, tt := range tests {
		if got := Total(ds, tt.y); got != tt.want {
			t.Errorf("Total(%+v) = %+v; want %+v", tt.y, got, tt.want)
		}
	}
}

func TestActivityByYear(t *testing.T) {
	ds := eventtest.Dataset()
	// Columns: ballistic launches, other missile launches, satellite, nuclear, engine.
	got := ActivityByYear(ds, Years{2016, 2019})
	want := []ActivityYear{
		{2016, []int{4, 0, 0, 1, 0}, 5},
		{2017, []int{2, 0, 0, 0, 1}, 3},
		{2018, []int{1, 0, 0, 0, 0}, 1},
		{2019, []int{3, 1, 0, 0, 0}, 4}, // the cruise missiles are another missile launch
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	got = ActivityByYear(ds, Years{2012, 2012})
	want = []ActivityYear{{2012, []int{0, 0, 1, 0, 0}, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2012: got %v, want %v", got, want)
	}
	// Rocket artillery in a missile-launch event is another missile launch.
	got = ActivityByYear(ds, Years{2022, 2022})
	want = []ActivityYear{{2022, []int{5, 1, 0, 0, 0}, 6}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2022: got %v, want %v", got, want)
	}
}

func TestNuclearTests(t *testing.T) {
	ds := eventtest.Dataset()
	got := NuclearTests(ds, All)
	if len(got) != 2 {
		t.Fatalf("got %d tests, want 2", len(got))
	}
	g := got[0]
	if g.ID != "2013-02-12-nuclear-test" || *g.YieldMin != 6 || *g.YieldMax != 7 || *g.MagnitudeMb != 5.1 || g.Site != "punggye-ri" {
		t.Errorf("first test = %+v", g)
	}
	if got[1].ID != "2016-09-09-nuclear-test" || got[1].YieldMin != nil || got[1].MagnitudeMb != nil {
		t.Errorf("second test = %+v; want 2016 test without estimates", got[1])
	}
	if n := len(NuclearTests(ds, Years{2014, 2015})); n != 0 {
		t.Errorf("2014-2015: %d tests, want 0", n)
	}
}

func TestBallisticByMonth(t *testing.T) {
	ds := eventtest.Dataset()
	got := BallisticByMonth(ds, Years{2016, 2024})
	if len(got) != 9 {
		t.Fatalf("got %d years, want 9", len(got))
	}
	tests := []struct {
		i       int
		months  [12]int
		unknown int
		total   int
	}{
		{0, [12]int{0: 1, 2: 5, 7: 1}, 0, 7}, // 2016: March has 3 dated only to the month and 2 on the 10th
		{2, [12]int{}, 2, 2},                 // 2018: dated only to the year
		{3, [12]int{7: 6}, 0, 6},             // 2019: the cruise missiles add nothing
		{4, [12]int{}, 0, 0},                 // 2020: empty
		{6, [12]int{0: 4, 2: 1, 5: 8, 10: 8}, 0, 21},
		{8, [12]int{0: 1, 1: 2}, 0, 3}, // 2024: February dated only to the month
	}
	for _, tt := range tests {
		r := got[tt.i]
		if r.Months != tt.months || r.Unknown != tt.unknown || r.Total != tt.total {
			t.Errorf("%d: got %+v; want months %v unknown %d total %d", r.Year, r, tt.months, tt.unknown, tt.total)
		}
	}
	// The first six months of 2022, as the design's check does for the real data.
	h := 0
	for _, n := range got[6].Months[:6] {
		h += n
	}
	if h != 13 {
		t.Errorf("first half of 2022 = %d, want 13", h)
	}
}

func TestSites(t *testing.T) {
	ds := eventtest.Dataset()
	tests := []struct {
		name    string
		y       Years
		want    []string // id:ballistic:other:events
		unknown SiteCount
	}{
		// Sunan: 21 ballistic missiles in 13 launch events and 2 cruise
		// missiles in one more. Sohae: 11 ballistic and the satellite
		// launcher, 6 events. Sinpo: the SLBM; its rocket artillery is left
		// out. No site reported: 3 + 2 + 8 + 2 ballistic in 4 events.
		// Punggye-ri and Kusong launched nothing.
		{"all", All, []string{"sunan:21:2:14", "sohae:11:1:6", "sinpo:1:0:1"}, SiteCount{Ballistic: 15, Events: 4}},
		{"2019", Years{2019, 2019}, []string{"sunan:4:2:3", "sohae:2:0:1"}, SiteCount{}},
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
	ds := eventtest.Dataset()
	got := ReachByYear(ds, Years{2011, 2019})
	if len(got) != 9 {
		t.Fatalf("got %d years, want 9", len(got))
	}
	rec := func(r *Record) string {
		if r == nil {
			return "none"
		}
		return fmt.Sprintf("%g %s", r.Km, r.EventID)
	}
	tests := []struct {
		i            int
		apogee, rnge string
	}{
		// 2011: both launches reached 50 km; the tie goes to the earlier.
		{0, "50 2011-12-17-last-day-launch", "250 2011-12-18-first-day-launch"},
		// 2012: the satellite launcher's apogee does not count.
		{1, "none", "none"},
		// 2016: 1 January and 10 March both flew 300 km, the SLBM 500.
		{5, "500 2016-08-24-slbm", "500 2016-08-24-slbm"},
		{6, "4475 2017-11-29-hwasong-15", "950 2017-11-29-hwasong-15"},
		{7, "none", "none"},
		// 2019: two events on 2 August tie (the earlier id holds it); the
		// cruise missiles' 1500 km does not count: ballistic only.
		{8, "30 2019-08-02-kn-25", "250 2019-08-02-kn-25"},
	}
	for _, tt := range tests {
		r := got[tt.i]
		if a, g := rec(r.Apogee), rec(r.Range); a != tt.apogee || g != tt.rnge {
			t.Errorf("%d: apogee %s, range %s; want %s, %s", r.Year, a, g, tt.apogee, tt.rnge)
		}
	}
}

func TestByEra(t *testing.T) {
	ds := eventtest.Dataset()
	tests := []struct {
		y    Years
		want []string // id:missiles:launch events:nuclear tests
	}{
		// The launch on 17 December 2011, the era's last day, is Kim Jong
		// Il's; the one on the 18th, the next era's first day, Kim Jong Un's.
		{All, []string{"kim-jong-il:1:1:0", "kim-jong-un:47:21:2"}},
		{Years{2011, 2011}, []string{"kim-jong-il:1:1:0", "kim-jong-un:2:1:0"}},
		{Years{2012, 2024}, []string{"kim-jong-un:45:20:2"}},
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

// Era boundaries: an event on an era's first or last day is in the era.
func TestEraBoundaries(t *testing.T) {
	ds := eventtest.Dataset()
	tests := []struct {
		date, era string
	}{
		{"1994-07-09", "kim-jong-il"},
		{"2011-12-17", "kim-jong-il"},
		{"2011-12-18", "kim-jong-un"},
		{"1994-07-08", ""},
	}
	for _, tt := range tests {
		era, _ := ds.Era(d(tt.date))
		if era.ID != tt.era {
			t.Errorf("era of %s = %q, want %q", tt.date, era.ID, tt.era)
		}
	}
}
