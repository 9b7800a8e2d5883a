package stats

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/eventtest"
)

// best formats a Best as "value event#group", or "none".
func best(b *Best) string {
	if b == nil {
		return "none"
	}
	return fmt.Sprintf("%g %s#%d", b.Value, b.Event.ID, b.Group)
}

// years formats the non-empty rows of a per-year series as
// "year:missiles/ballistic/events", with the span in front.
func years(rows []YearCount) string {
	if rows == nil {
		return "nil"
	}
	parts := []string{fmt.Sprintf("%d-%d", rows[0].Year, rows[len(rows)-1].Year)}
	for i, r := range rows {
		if r.Year != rows[0].Year+i {
			return fmt.Sprintf("row %d is year %d", i, r.Year)
		}
		if r.Missiles != 0 || r.Events != 0 {
			parts = append(parts, fmt.Sprintf("%d:%d/%d/%d", r.Year, r.Missiles, r.Ballistic, r.Events))
		}
	}
	return strings.Join(parts, " ")
}

func TestSystems(t *testing.T) {
	ds := eventtest.Dataset()
	got := Systems(ds)
	if len(got) != len(ds.Systems) {
		t.Fatalf("%d systems, want %d", len(got), len(ds.Systems))
	}
	type want struct {
		first, latest       string
		disagrees           bool
		missiles, events    int
		outcomes            Outcomes
		rng, apogee, flight string
		perYear             string
		launches            int
	}
	tests := map[string]want{
		// 1 + 2 in December 2011, 2 in 2016, 2 in 2019, 2 + 2 + 4 + 8 in
		// 2022, 2 in 2023, 1 + 2 in 2024: 28 missiles in 11 events. 16
		// succeeded, 2 partly (2019-08-16), 10 unknown (8 on 2022-11-02, 2
		// in February 2024). Three events reached 50 km and two flew 300 km:
		// the earliest holds each record.
		"hwasong-11": {"2011-12-17-last-day-launch", "2024-02-reported-pair", false, 28, 11,
			Outcomes{Success: 16, Partial: 2, Unknown: 10},
			"300 2016-03-10-pair#0", "50 2011-12-17-last-day-launch#0", "6 2011-12-18-first-day-launch#0",
			"2011-2024 2011:3/3/2 2016:2/2/1 2019:2/2/1 2022:16/16/4 2023:2/2/1 2024:3/3/2", 11},
		// The catalogue says 2019-07-31; the record's first is 2 August.
		// Two events that day tie for apogee and range. The 2022-06-05
		// group is the event's second (#1).
		"kn-25": {"2019-08-02-kn-25", "2023-07-12-kn-25", true, 9, 4,
			Outcomes{Success: 8, Failure: 1},
			"250 2019-08-02-kn-25#0", "30 2019-08-02-kn-25#0", "none",
			"2019-2024 2019:4/4/2 2022:4/4/1 2023:1/1/1", 4},
		// first_flight 2016 agrees with 2016-01-01 to the year.
		"hwasong-5": {"2016-01-01-new-year-launch", "2018-reported-tests", false, 6, 3,
			Outcomes{Failure: 1, Unknown: 5},
			"300 2016-01-01-new-year-launch#0", "100 2016-01-01-new-year-launch#0", "none",
			"2016-2024 2016:4/4/2 2018:2/2/1", 3},
		// first_flight 2017-11 agrees with 2017-11-29 to the month; the
		// 2023 flight went higher, further and longer.
		"hwasong-15": {"2017-11-29-hwasong-15", "2023-02-18-hwasong-15", false, 2, 2,
			Outcomes{Success: 2},
			"989 2023-02-18-hwasong-15#0", "5768 2023-02-18-hwasong-15#0", "67 2023-02-18-hwasong-15#0",
			"2017-2024 2017:1/1/1 2023:1/1/1", 2},
		// No known outcome.
		"pukguksong-1": {"2016-08-24-slbm", "2016-08-24-slbm", false, 1, 1,
			Outcomes{Unknown: 1},
			"500 2016-08-24-slbm#0", "500 2016-08-24-slbm#0", "10 2016-08-24-slbm#0",
			"2016-2024 2016:1/1/1", 1},
		// Never flew.
		"hwasong-20": {"", "", false, 0, 0, Outcomes{}, "none", "none", "none", "nil", 0},
		// A cruise missile's page counts its missiles, none of them ballistic.
		"hwasal-1": {"2019-08-10-cruise", "2019-08-10-cruise", false, 2, 1,
			Outcomes{Success: 2}, "1500 2019-08-10-cruise#0", "none", "none",
			"2019-2024 2019:2/0/1", 1},
	}
	for i, s := range got {
		if s.System.ID != ds.Systems[i].ID {
			t.Errorf("system %d is %s, want %s (catalogue order)", i, s.System.ID, ds.Systems[i].ID)
		}
		w, ok := tests[s.System.ID]
		if !ok {
			continue
		}
		first, latest := "", ""
		if s.First != nil {
			first, latest = s.First.ID, s.Latest.ID
		}
		g := want{first, latest, s.FirstFlightDisagrees, s.Missiles, s.LaunchEvents, s.Outcomes,
			best(s.LongestRange), best(s.HighestApogee), best(s.LongestFlight), years(s.PerYear), len(s.Launches)}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", s.System.ID, g, w)
		}
		if s.Outcomes.Total() != s.Missiles {
			t.Errorf("%s: outcomes add up to %d, want %d", s.System.ID, s.Outcomes.Total(), s.Missiles)
		}
	}
}

// Launch rows carry the group, its site from the catalogue and its
// outcome, in dataset order.
func TestSystemLaunchRows(t *testing.T) {
	ds := eventtest.Dataset()
	var kn25 SystemStats
	for _, s := range Systems(ds) {
		if s.System.ID == "kn-25" {
			kn25 = s
		}
	}
	var got []string
	for _, r := range kn25.Launches {
		got = append(got, fmt.Sprintf("%s#%d %d %s %s %s", r.Event.ID, r.Group, r.Launch.Count, r.Outcome, r.Site.Name, r.System.Name))
	}
	want := []string{
		"2019-08-02-kn-25#0 2 success Sunan KN-25",
		"2019-08-02-second-salvo#0 2 success Sunan KN-25",
		"2022-06-05-eight#1 4 success Sohae KN-25",
		"2023-07-12-kn-25#0 1 failure Sunan KN-25",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSiteDetails(t *testing.T) {
	ds := eventtest.Dataset()
	got := SiteDetails(ds)
	if len(got) != len(ds.Sites) {
		t.Fatalf("%d sites, want %d", len(got), len(ds.Sites))
	}
	type want struct {
		missiles, ballistic, launchEvents, nuclear int
		first, latest                              string
		perYear                                    string
		systems                                    string
		events                                     int
	}
	tests := map[string]want{
		// 21 ballistic missiles (see TestSites) and 2 cruise missiles in 14
		// events. Hwasong-11: 1 + 2 + 2 + 2 + 4 + 1; KN-25: 2 + 2 + 1;
		// systems with 2 and 1 missiles by name.
		"sunan": {23, 21, 14, 0, "2011-12-17-last-day-launch", "2024-01-14-single",
			"2011-2024 2011:3/3/2 2016:1/1/1 2017:1/1/1 2019:6/4/3 2022:9/9/4 2023:2/2/2 2024:1/1/1",
			"Hwasong-11:12/6 KN-25:5/3 Hwasal-1:2/1 Hwasong-15:2/2 Hwasong-17:1/1 Hwasong-5:1/1", 14},
		// The satellite launcher counts as a missile here, not as ballistic.
		"sohae": {12, 11, 6, 0, "2012-12-12-satellite", "2023-03-01-pair",
			"2012-2024 2012:1/0/1 2016:2/2/1 2017:1/1/1 2019:2/2/1 2022:4/4/1 2023:2/2/1",
			"Hwasong-11:6/3 KN-25:4/1 Hwasong-12:1/1 Unha-3:1/1", 6},
		// Rocket artillery counts here, unlike on the launch-site map.
		"sinpo": {11, 1, 2, 0, "2016-08-24-slbm", "2022-11-03-rockets",
			"2016-2024 2016:1/1/1 2022:10/0/1", "KN-09:10/1 Pukguksong-1:1/1", 2},
		// Nuclear tests and no launch: years of zeros from the first test.
		"punggye-ri": {0, 0, 0, 2, "2013-02-12-nuclear-test", "2016-09-09-nuclear-test", "2013-2024", "", 2},
		// Nothing at all.
		"kusong": {0, 0, 0, 0, "", "", "nil", "", 0},
	}
	for i, s := range got {
		if s.Site.ID != ds.Sites[i].ID {
			t.Errorf("site %d is %s, want %s (catalogue order)", i, s.Site.ID, ds.Sites[i].ID)
		}
		w, ok := tests[s.Site.ID]
		if !ok {
			t.Errorf("no test for %s", s.Site.ID)
			continue
		}
		first, latest := "", ""
		if s.First != nil {
			first, latest = s.First.ID, s.Latest.ID
		}
		var systems []string
		for _, c := range s.Systems {
			systems = append(systems, fmt.Sprintf("%s:%d/%d", c.System.Name, c.Missiles, c.Events))
		}
		g := want{s.Missiles, s.Ballistic, s.LaunchEvents, s.NuclearTests, first, latest, years(s.PerYear), strings.Join(systems, " "), len(s.Events)}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", s.Site.ID, g, w)
		}
		for j := 1; j < len(s.Events); j++ {
			if s.Events[j-1].Date.Compare(s.Events[j].Date) > 0 {
				t.Errorf("%s: events out of order: %s before %s", s.Site.ID, s.Events[j-1].ID, s.Events[j].ID)
			}
		}
	}
}

// SystemsOf and SiteDetailsOf give the figures Systems and SiteDetails give
// of the systems and sites kept, and none of the others.
func TestFiguresOf(t *testing.T) {
	ds := eventtest.Dataset()
	keep := func(id string) bool { return id == "hwasong-15" || id == "kn-25" || id == "sohae" || id == "sunan" }
	all, some := Systems(ds), SystemsOf(ds, keep)
	for i := range all {
		want := all[i]
		if !keep(want.System.ID) {
			want = SystemStats{System: want.System}
		}
		if !reflect.DeepEqual(some[i], want) {
			t.Errorf("SystemsOf: %s: %+v, want %+v", want.System.ID, some[i], want)
		}
	}
	allSites, someSites := SiteDetails(ds), SiteDetailsOf(ds, keep)
	for i := range allSites {
		want := allSites[i]
		if !keep(want.Site.ID) {
			want = SiteStats{Site: want.Site}
		}
		if !reflect.DeepEqual(someSites[i], want) {
			t.Errorf("SiteDetailsOf: %s: %+v, want %+v", want.Site.ID, someSites[i], want)
		}
	}
}
