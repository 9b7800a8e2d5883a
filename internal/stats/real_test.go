package stats

import (
	"context"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// committed loads the curated events of the repository.
func committed(t *testing.T) *event.Dataset {
	t.Helper()
	res, err := event.LoadDir(context.Background(), "../../events")
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset == nil {
		t.Fatalf("the committed events do not validate:\n%s", res.Problems.Error())
	}
	return res.Dataset
}

// The figure this project began from: 31 ballistic missiles from January
// to June 2022, as Pace sees it on 30 June 2022.
func TestRealFirstHalf2022(t *testing.T) {
	p := Pace(committed(t), d("2022-06-30"))
	if p.Year.Missiles != 31 || p.Year.UnplacedMissiles != 0 {
		t.Errorf("January–June 2022: %d ballistic missiles (%d unplaced), want 31", p.Year.Missiles, p.Year.UnplacedMissiles)
	}
	// Before 2022, no whole year had as many.
	if p.RecordYear == nil || p.RecordYear.YearMissiles >= 31 {
		t.Errorf("record year before 2022: %+v; want one with fewer than 31", p.RecordYear)
	}
}

// The standing apogee and range records are the largest values reported
// for any ballistic launch group, and the flight time record likewise.
func TestRealRecordsAreMaxima(t *testing.T) {
	ds := committed(t)
	book := Records(ds)
	tests := []struct {
		m   Measure
		get func(event.Launch) *float64
	}{
		{MeasureApogee, func(l event.Launch) *float64 { return l.ApogeeKm }},
		{MeasureRange, func(l event.Launch) *float64 { return l.RangeKm }},
		{MeasureFlight, func(l event.Launch) *float64 { return l.FlightMin }},
	}
	for _, tt := range tests {
		maxV, holders := -1.0, map[string]bool{}
		for i := range ds.Events {
			e := &ds.Events[i]
			for _, l := range e.Launches {
				v := tt.get(l)
				if v == nil || !ds.Class(l).IsBallistic() {
					continue
				}
				if *v > maxV {
					maxV, holders = *v, map[string]bool{}
				}
				if *v == maxV {
					holders[e.ID] = true
				}
			}
		}
		c := book.Progression(tt.m).Current()
		if maxV < 0 {
			t.Errorf("%s: no value in the record", tt.m)
			continue
		}
		if c == nil || c.Value != maxV || !holders[c.Event.ID] {
			t.Errorf("%s: current record %+v; want %g held by one of %v", tt.m, c, maxV, holders)
		}
		t.Logf("%s: %g %s, %d steps", tt.m, c.Value, c.Event.ID, len(book.Progression(tt.m).Steps))
	}
	// The year record is the best year of BallisticByYear.
	best := 0
	for _, y := range BallisticByYear(ds, All) {
		best = max(best, y.Total)
	}
	if c := book.Progression(MeasureYear).Current(); c == nil || int(c.Value) != best {
		t.Errorf("year record %+v, want %d", c, best)
	}
}

// Pace at the as-of date counts what a direct walk over the events counts.
func TestRealPaceMatchesDirectCount(t *testing.T) {
	ds := committed(t)
	asOf := ds.Meta.AsOf
	p := Pace(ds, asOf)
	count := func(year int, to event.Date) (missiles, events int) {
		for i := range ds.Events {
			e := &ds.Events[i]
			n := ds.BallisticCount(e)
			if e.Date.Year != year || n == 0 {
				continue
			}
			// Day-precise events up to the day; coarser ones only when
			// their whole month (or year) is over by then.
			end := e.Date
			switch e.Date.Precision() {
			case event.PrecisionMonth:
				end.Day = event.DaysIn(e.Date.Year, e.Date.Month)
			case event.PrecisionYear:
				end.Month, end.Day = 12, 31
			}
			if end.Compare(to) <= 0 {
				missiles += n
				events++
			}
		}
		return missiles, events
	}
	m, e := count(asOf.Year, asOf)
	if p.Year.Missiles != m || p.Year.LaunchEvents != e || len(p.Year.Events) != e {
		t.Errorf("as-of year: %d missiles in %d events; direct count %d in %d", p.Year.Missiles, p.Year.LaunchEvents, m, e)
	}
	prevTo := event.Date{Year: asOf.Year - 1, Month: asOf.Month, Day: min(asOf.Day, event.DaysIn(asOf.Year-1, asOf.Month))}
	m, e = count(asOf.Year-1, prevTo)
	if p.PreviousYear.Missiles != m || p.PreviousYear.LaunchEvents != e {
		t.Errorf("year before: %d missiles in %d events; direct count %d in %d", p.PreviousYear.Missiles, p.PreviousYear.LaunchEvents, m, e)
	}
	var last *event.Event
	for i := range ds.Events {
		if e := &ds.Events[i]; IsLaunchEvent(ds, e) && e.Date.Precision() == event.PrecisionDay {
			last = e
		}
	}
	if p.LastLaunch != last {
		t.Errorf("last launch %v, want %v", p.LastLaunch, last)
	}
	if n, _ := DaysBetween(last.Date, asOf); p.DaysSinceLast != n {
		t.Errorf("days since the last launch: %d, want %d", p.DaysSinceLast, n)
	}
	t.Logf("as of %s: %d missiles in %d launch events (year before: %d; record year %d: %d); %d days since %s; longest gap %s",
		asOf, p.Year.Missiles, p.Year.LaunchEvents, p.PreviousYear.Missiles, p.RecordYear.Year, p.RecordYear.Missiles, p.DaysSinceLast, last.ID, gap(p.LongestGap))
}

// Per-system and per-site figures add up to the record's totals.
func TestRealSystemsAndSitesAddUp(t *testing.T) {
	ds := committed(t)
	missiles, ballistic := 0, 0
	for i := range ds.Events {
		for _, l := range ds.Events[i].Launches {
			missiles += l.Count
		}
		ballistic += ds.BallisticCount(&ds.Events[i])
	}
	sum := 0
	for _, s := range Systems(ds) {
		sum += s.Missiles
		if s.Outcomes.Total() != s.Missiles {
			t.Errorf("%s: outcomes %d, missiles %d", s.System.ID, s.Outcomes.Total(), s.Missiles)
		}
	}
	if sum != missiles {
		t.Errorf("systems add up to %d missiles, the events hold %d", sum, missiles)
	}
	// Ballistic missiles from catalogued sites plus unreported ones.
	_, unknown := Sites(ds, All)
	siteBallistic := unknown.Ballistic
	for _, s := range SiteDetails(ds) {
		siteBallistic += s.Ballistic
	}
	if siteBallistic != ballistic {
		t.Errorf("sites add up to %d ballistic missiles, the events hold %d", siteBallistic, ballistic)
	}
}
