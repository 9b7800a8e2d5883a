// Package stats computes the tallies the charts and headline figures show:
// pure functions from a dataset to counts per year, month, class, kind, site
// and leader era. It knows nothing of HTML or charts.
//
// The counting rule is the design's: a ballistic missile count is the sum of
// count over launch groups whose system class is ballistic
// (event.Class.IsBallistic); a launch event is an event with at least one
// such launch group. Events are placed by their start date.
//
// Beside the tallies, it gives the figures of the reference pages: per
// weapon system (Systems), per site (SiteDetails), records and firsts
// (Records) and the pace of the as-of year (Pace). Their events are
// pointers into the dataset's Events, which callers must not modify.
//
// Every tally takes a Years range. Per-year series run over every year of
// the range, years with nothing included, from the year of the dataset's
// first event (or the range's From, if later) to the as-of year (or the
// range's To, if earlier).
package stats

import (
	"sort"

	"github.com/nktimeline/timeline/internal/event"
)

// Years is an inclusive range of calendar years. A zero bound is open: From
// 0 starts at the first event, To 0 ends at the as-of date.
type Years struct {
	From, To int
}

// All is the range of the whole record.
var All = Years{}

// Contains reports whether the year lies in the range.
func (y Years) Contains(year int) bool {
	return (y.From == 0 || year >= y.From) && (y.To == 0 || year <= y.To)
}

// Span returns the first and last year that per-year series cover: the
// range clamped to the years of the record (first event to as-of date). If
// the range and the record do not overlap, last < first. A dataset with
// neither events nor an as-of date covers no years.
func Span(ds *event.Dataset, y Years) (first, last int) {
	if len(ds.Events) == 0 && ds.Meta.AsOf.IsZero() {
		return 1, 0
	}
	first = ds.Meta.AsOf.Year
	if len(ds.Events) > 0 {
		first = ds.Events[0].Date.Year
	}
	last = ds.Meta.AsOf.Year
	if last == 0 && len(ds.Events) > 0 {
		last = ds.Events[len(ds.Events)-1].Date.Year
	}
	if y.From > first {
		first = y.From
	}
	if y.To != 0 && y.To < last {
		last = y.To
	}
	return first, last
}

// events calls f for each event whose start date lies in the span of y.
func events(ds *event.Dataset, y Years, f func(e *event.Event)) {
	first, last := Span(ds, y)
	for i := range ds.Events {
		e := &ds.Events[i]
		if e.Date.Year >= first && e.Date.Year <= last {
			f(e)
		}
	}
}

// IsLaunchEvent reports whether the event has at least one ballistic launch group.
func IsLaunchEvent(ds *event.Dataset, e *event.Event) bool {
	for _, l := range e.Launches {
		if ds.Class(l).IsBallistic() {
			return true
		}
	}
	return false
}

// Totals are the headline counts over a range.
type Totals struct {
	First, Last       int // the span of years covered
	BallisticMissiles int
	LaunchEvents      int // events with at least one ballistic launch
	NuclearTests      int
	SatelliteLaunches int
	Events            int // events of every kind
}

// Total counts the headline figures over the range.
func Total(ds *event.Dataset, y Years) Totals {
	var t Totals
	t.First, t.Last = Span(ds, y)
	events(ds, y, func(e *event.Event) {
		t.Events++
		t.BallisticMissiles += ds.BallisticCount(e)
		if IsLaunchEvent(ds, e) {
			t.LaunchEvents++
		}
		switch e.Kind {
		case event.KindNuclearTest:
			t.NuclearTests++
		case event.KindSatelliteLaunch:
			t.SatelliteLaunches++
		}
	})
	return t
}

// ClassYear is the number of ballistic missiles launched in a year, by class.
type ClassYear struct {
	Year    int
	ByClass []int // aligned with event.BallisticClasses
	Total   int
}

// BallisticByYear counts ballistic missiles per year and class, for every
// year of the span.
func BallisticByYear(ds *event.Dataset, y Years) []ClassYear {
	first, last := Span(ds, y)
	out := make([]ClassYear, 0, max(0, last-first+1))
	for yr := first; yr <= last; yr++ {
		out = append(out, ClassYear{Year: yr, ByClass: make([]int, len(event.BallisticClasses))})
	}
	events(ds, y, func(e *event.Event) {
		row := &out[e.Date.Year-first]
		for _, l := range e.Launches {
			c := ds.Class(l)
			for i, b := range event.BallisticClasses {
				if c == b {
					row.ByClass[i] += l.Count
					row.Total += l.Count
				}
			}
		}
	})
	return out
}

// Activity is a category of test event counted by ActivityByYear.
type Activity string

// The categories of ActivityByYear, in the order charts stack them.
const (
	// ActBallistic: launch events in the design's sense (at least one
	// ballistic launch group), whatever their kind.
	ActBallistic Activity = "Ballistic missile launches"
	// ActOtherMissile: missile-launch events without a ballistic launch
	// (cruise missiles, rocket artillery, air defence).
	ActOtherMissile Activity = "Other missile launches"
	ActSatellite    Activity = "Satellite launches"
	ActNuclear      Activity = "Nuclear tests"
	ActEngine       Activity = "Engine tests"
)

// Activities lists the categories of ActivityByYear in order.
var Activities = []Activity{ActBallistic, ActOtherMissile, ActSatellite, ActNuclear, ActEngine}

// ActivityOf returns the category of the event, or "" if it is none of them.
func ActivityOf(ds *event.Dataset, e *event.Event) Activity {
	switch {
	case IsLaunchEvent(ds, e):
		return ActBallistic
	case e.Kind == event.KindMissileLaunch:
		return ActOtherMissile
	case e.Kind == event.KindSatelliteLaunch:
		return ActSatellite
	case e.Kind == event.KindNuclearTest:
		return ActNuclear
	case e.Kind == event.KindEngineTest:
		return ActEngine
	}
	return ""
}

// ActivityYear is the number of test events of each category in a year.
type ActivityYear struct {
	Year  int
	By    []int // aligned with Activities
	Total int
}

// ActivityByYear counts events per year by category (see Activities), for
// every year of the span. Each event counts once, in its first matching
// category: a satellite launch that also carried a ballistic missile is a
// ballistic launch event.
func ActivityByYear(ds *event.Dataset, y Years) []ActivityYear {
	first, last := Span(ds, y)
	out := make([]ActivityYear, 0, max(0, last-first+1))
	for yr := first; yr <= last; yr++ {
		out = append(out, ActivityYear{Year: yr, By: make([]int, len(Activities))})
	}
	events(ds, y, func(e *event.Event) {
		a := ActivityOf(ds, e)
		for i, b := range Activities {
			if a == b {
				out[e.Date.Year-first].By[i]++
				out[e.Date.Year-first].Total++
			}
		}
	})
	return out
}

// NuclearTest is one nuclear test with its estimates.
type NuclearTest struct {
	ID, Title   string
	Date        event.Date
	Site        string   // site id, may be empty
	YieldMin    *float64 // kilotons; nil when not estimated
	YieldMax    *float64
	MagnitudeMb *float64
}

// NuclearTests lists the nuclear tests in date order.
func NuclearTests(ds *event.Dataset, y Years) []NuclearTest {
	var out []NuclearTest
	events(ds, y, func(e *event.Event) {
		if e.Kind != event.KindNuclearTest {
			return
		}
		t := NuclearTest{ID: e.ID, Title: e.Title, Date: e.Date}
		if n := e.Nuclear; n != nil {
			t.Site = n.Site
			if n.YieldKt != nil {
				lo, hi := n.YieldKt.Min, n.YieldKt.Max
				t.YieldMin, t.YieldMax = &lo, &hi
			}
			if n.MagnitudeMb != nil {
				m := *n.MagnitudeMb
				t.MagnitudeMb = &m
			}
		}
		out = append(out, t)
	})
	return out
}

// MonthYear is the number of ballistic missiles in each month of a year.
type MonthYear struct {
	Year   int
	Months [12]int
	// Unknown counts missiles of events whose date is known only to the year.
	Unknown int
	Total   int
}

// BallisticByMonth counts ballistic missiles per month, for every year of
// the span.
func BallisticByMonth(ds *event.Dataset, y Years) []MonthYear {
	first, last := Span(ds, y)
	out := make([]MonthYear, 0, max(0, last-first+1))
	for yr := first; yr <= last; yr++ {
		out = append(out, MonthYear{Year: yr})
	}
	events(ds, y, func(e *event.Event) {
		n := ds.BallisticCount(e)
		if n == 0 {
			return
		}
		row := &out[e.Date.Year-first]
		if e.Date.Month == 0 {
			row.Unknown += n
		} else {
			row.Months[e.Date.Month-1] += n
		}
		row.Total += n
	})
	return out
}

// SiteCount is what was launched from one site.
type SiteCount struct {
	Site      event.Site
	Ballistic int // ballistic missiles
	Other     int // other missiles and space launchers (cruise, air defence, SLV, other)
	Events    int // events with at least one counted launch group from the site
}

// Launched is everything launched from the site.
func (s SiteCount) Launched() int { return s.Ballistic + s.Other }

// Sites counts launches per site, most launched first (then by name).
// Rocket artillery (class artillery) is left out: its salvos of dozens of
// shells would swamp the missiles the map is about. It
// also returns what came from unreported sites, as a SiteCount with a zero
// Site. Sites with no launches in the range are left out.
func Sites(ds *event.Dataset, y Years) (sites []SiteCount, unknown SiteCount) {
	idx := map[string]int{}
	events(ds, y, func(e *event.Event) {
		seen := map[string]bool{}
		unreported := false
		for _, l := range e.Launches {
			if ds.Class(l) == event.ClassArtillery {
				continue
			}
			s, ok := ds.Site(l.Site)
			if !ok {
				if ds.Class(l).IsBallistic() {
					unknown.Ballistic += l.Count
				} else {
					unknown.Other += l.Count
				}
				if !unreported {
					unreported = true
					unknown.Events++
				}
				continue
			}
			i, ok := idx[s.ID]
			if !ok {
				i = len(sites)
				idx[s.ID] = i
				sites = append(sites, SiteCount{Site: s})
			}
			if ds.Class(l).IsBallistic() {
				sites[i].Ballistic += l.Count
			} else {
				sites[i].Other += l.Count
			}
			if !seen[s.ID] {
				seen[s.ID] = true
				sites[i].Events++
			}
		}
	})
	sort.SliceStable(sites, func(i, j int) bool {
		a, b := sites[i], sites[j]
		if a.Launched() != b.Launched() {
			return a.Launched() > b.Launched()
		}
		if a.Site.Name != b.Site.Name {
			return a.Site.Name < b.Site.Name
		}
		return a.Site.ID < b.Site.ID
	})
	return sites, unknown
}

// Record is the largest value of a measure in a year and the event it
// comes from.
type Record struct {
	Km      float64
	EventID string
	System  string // system id
}

// ReachYear is the highest apogee and the longest range flown by a
// ballistic missile in a year; nil where no launch reported one.
type ReachYear struct {
	Year   int
	Apogee *Record
	Range  *Record
}

// ReachByYear finds, for every year of the span, the highest apogee and the
// longest range among ballistic launch groups. Ties go to the earlier event.
func ReachByYear(ds *event.Dataset, y Years) []ReachYear {
	first, last := Span(ds, y)
	out := make([]ReachYear, 0, max(0, last-first+1))
	for yr := first; yr <= last; yr++ {
		out = append(out, ReachYear{Year: yr})
	}
	better := func(cur *Record, km *float64, e *event.Event, l event.Launch) *Record {
		if km == nil || (cur != nil && cur.Km >= *km) {
			return cur
		}
		return &Record{Km: *km, EventID: e.ID, System: l.System}
	}
	events(ds, y, func(e *event.Event) {
		row := &out[e.Date.Year-first]
		for _, l := range e.Launches {
			if !ds.Class(l).IsBallistic() {
				continue
			}
			row.Apogee = better(row.Apogee, l.ApogeeKm, e, l)
			row.Range = better(row.Range, l.RangeKm, e, l)
		}
	})
	return out
}

// EraCount is the activity under one leader.
type EraCount struct {
	Era               event.Era
	BallisticMissiles int
	LaunchEvents      int
	NuclearTests      int
}

// ByEra counts ballistic missiles, launch events and nuclear tests per
// leader era, in the order of the dataset's eras. Eras that do not overlap
// the span are left out; events in no era are not counted.
func ByEra(ds *event.Dataset, y Years) []EraCount {
	first, last := Span(ds, y)
	var out []EraCount
	idx := map[string]int{}
	for _, era := range ds.Meta.Eras {
		if era.Start.Year > last || (!era.End.IsZero() && era.End.Year < first) {
			continue
		}
		idx[era.ID] = len(out)
		out = append(out, EraCount{Era: era})
	}
	events(ds, y, func(e *event.Event) {
		era, ok := ds.Era(e.Date)
		if !ok {
			return
		}
		i, ok := idx[era.ID]
		if !ok {
			return
		}
		out[i].BallisticMissiles += ds.BallisticCount(e)
		if IsLaunchEvent(ds, e) {
			out[i].LaunchEvents++
		}
		if e.Kind == event.KindNuclearTest {
			out[i].NuclearTests++
		}
	})
	return out
}
