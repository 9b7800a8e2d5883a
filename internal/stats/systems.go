package stats

import (
	"github.com/nktimeline/timeline/internal/event"
)

// Outcome names as launch groups carry them (event.Outcomes).
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomePartial = "partial"
	OutcomeUnknown = "unknown"
)

// Outcomes counts missiles by the outcome of their launch group. A group
// whose outcome is "unknown" (or not given) counts as Unknown, so the four
// counts add up to the missiles counted.
type Outcomes struct {
	Success, Failure, Partial, Unknown int
}

// Known is the number of missiles whose outcome is known (success, failure
// or partial).
func (o Outcomes) Known() int { return o.Success + o.Failure + o.Partial }

// Total is the number of missiles counted, known outcome or not.
func (o Outcomes) Total() int { return o.Known() + o.Unknown }

// add counts n missiles of the outcome.
func (o *Outcomes) add(outcome string, n int) {
	switch outcome {
	case OutcomeSuccess:
		o.Success += n
	case OutcomeFailure:
		o.Failure += n
	case OutcomePartial:
		o.Partial += n
	default:
		o.Unknown += n
	}
}

// Best is the largest value of a measure (apogee, range or flight time)
// reported for one launch group, and where it comes from.
//
// Ties go to the earliest holder: the first launch group, in dataset order
// (date, then event id, then the group's place in the event), that reported
// the value keeps it; a later equal value does not take it over.
type Best struct {
	Value float64      // kilometres for apogee and range, minutes for flight time
	Event *event.Event // the event of the launch group
	Group int          // index of the launch group in Event.Launches
}

// YearCount is what was launched in one calendar year.
type YearCount struct {
	Year int
	// Missiles is the number of missiles of every class (the sum of count
	// over the launch groups counted).
	Missiles int
	// Ballistic is the number of ballistic missiles among them (the
	// counting rule's figure).
	Ballistic int
	// Events is the number of events with at least one launch group counted.
	Events int
}

// LaunchRow is one launch group, as the tables of system and site pages
// list it.
type LaunchRow struct {
	Event  *event.Event
	Group  int          // index of the group in Event.Launches
	Launch event.Launch // the group itself
	System event.System // the group's system from the catalogue
	// Site is the site from the catalogue; zero (empty ID) when unreported.
	Site event.Site
	// Outcome is the group's outcome, "unknown" when not given.
	Outcome string
}

// SystemStats is what the record says about one weapon system. Every launch
// group of the system counts, whatever its class (a cruise missile's page
// counts its cruise missiles); the ballistic counting rule is not applied.
type SystemStats struct {
	System event.System
	// First and Latest are the system's earliest and latest launch events
	// in dataset order (date, then id); nil when it never flew in the
	// record. First is the record's first flight of the system, whatever
	// the outcome.
	First, Latest *event.Event
	// FirstFlightDisagrees reports whether the catalogue gives a
	// first_flight that does not agree with First's date. Dates of
	// different precision agree when they are equal to the coarser
	// precision (1984-04 agrees with 1984-04-09). A catalogue date with no
	// launch in the record disagrees (the record may not reach back to it).
	FirstFlightDisagrees bool
	// Missiles is the sum of count over the system's launch groups.
	Missiles int
	// LaunchEvents is the number of events with at least one launch group
	// of the system.
	LaunchEvents int
	// Outcomes counts the missiles by outcome; Outcomes.Total() == Missiles.
	Outcomes Outcomes
	// LongestRange, HighestApogee and LongestFlight are the largest values
	// reported for one launch group of the system (see Best for ties);
	// nil when no group reported the measure.
	LongestRange, HighestApogee, LongestFlight *Best
	// PerYear has a row for every year from First's year to the dataset's
	// as-of year (or Latest's year, if later), years without launches
	// included; nil when the system never flew.
	PerYear []YearCount
	// Launches lists every launch group of the system in dataset order.
	Launches []LaunchRow
}

// dateAgrees reports whether two dates are equal to the coarser of their
// precisions.
func dateAgrees(a, b event.Date) bool {
	p := min(a.Precision(), b.Precision())
	if p == event.PrecisionNone {
		return false
	}
	if a.Year != b.Year {
		return false
	}
	if p >= event.PrecisionMonth && a.Month != b.Month {
		return false
	}
	if p == event.PrecisionDay && a.Day != b.Day {
		return false
	}
	return true
}

// better replaces cur with the group's value when it is strictly larger.
func better(cur *Best, v *float64, e *event.Event, group int) *Best {
	if v == nil || (cur != nil && cur.Value >= *v) {
		return cur
	}
	return &Best{Value: *v, Event: e, Group: group}
}

// lastYear is the as-of year, or the given year if it is later (a dataset
// built in code may have no as-of date).
func lastYear(ds *event.Dataset, year int) int {
	return max(ds.Meta.AsOf.Year, year)
}

// launchRow builds the row of the event's launch group.
func launchRow(ds *event.Dataset, e *event.Event, group int) LaunchRow {
	l := e.Launches[group]
	sys, _ := ds.System(l.System)
	site, _ := ds.Site(l.Site)
	outcome := l.Outcome
	if outcome == "" {
		outcome = OutcomeUnknown
	}
	return LaunchRow{Event: e, Group: group, Launch: l, System: sys, Site: site, Outcome: outcome}
}

// Systems returns the figures of every system in the catalogue, in
// catalogue order: element i describes ds.Systems[i]. Systems that never
// flew in the record are included with zero counts.
func Systems(ds *event.Dataset) []SystemStats { return SystemsOf(ds, nil) }

// SystemsOf is Systems with the figures of only the systems whose ids
// keep reports (every system when keep is nil); the others have their
// System and zero counts.
func SystemsOf(ds *event.Dataset, keep func(id string) bool) []SystemStats {
	out := make([]SystemStats, len(ds.Systems))
	var idx ids
	for i, s := range ds.Systems {
		out[i].System = s
		if keep == nil || keep(s.ID) {
			idx.add(s.ID, i)
		}
	}
	// seen[j] is the index of the last event that launched system j, plus
	// one.
	seen := make([]int, len(out))
	for i := range ds.Events {
		e := &ds.Events[i]
		for g, l := range e.Launches {
			j, ok := idx.find(l.System)
			if !ok {
				continue
			}
			s := &out[j]
			if seen[j] != i+1 {
				seen[j] = i + 1
				s.LaunchEvents++
				if s.First == nil {
					s.First = e
				}
				s.Latest = e
			}
			s.Missiles += l.Count
			s.Outcomes.add(l.Outcome, l.Count)
			s.LongestRange = better(s.LongestRange, l.RangeKm, e, g)
			s.HighestApogee = better(s.HighestApogee, l.ApogeeKm, e, g)
			s.LongestFlight = better(s.LongestFlight, l.FlightMin, e, g)
			s.Launches = append(s.Launches, launchRow(ds, e, g))
		}
	}
	for i := range out {
		s := &out[i]
		if _, ok := idx.find(s.System.ID); !ok {
			continue
		}
		if ff := s.System.FirstFlight; !ff.IsZero() {
			s.FirstFlightDisagrees = s.First == nil || !dateAgrees(ff, s.First.Date)
		}
		if s.First == nil {
			continue
		}
		s.PerYear = perYear(ds, s.First, s.Latest, s.Launches)
	}
	return out
}

// perYear tallies launch rows (in date order) per year, every year from
// the first event's to the latest's (or the as-of year), zeros included.
func perYear(ds *event.Dataset, firstEvent, latest *event.Event, rows []LaunchRow) []YearCount {
	first, last := firstEvent.Date.Year, lastYear(ds, latest.Date.Year)
	years := make([]YearCount, last-first+1)
	for y := range years {
		years[y].Year = first + y
	}
	var prev *event.Event
	for _, r := range rows {
		y := &years[r.Event.Date.Year-first]
		y.Missiles += r.Launch.Count
		if r.System.Class.IsBallistic() {
			y.Ballistic += r.Launch.Count
		}
		if r.Event != prev {
			y.Events++
			prev = r.Event
		}
	}
	return years
}

// ids finds the places of ids: by comparing with each while they are few
// (an incremental build keeps the figures of one or two systems and
// sites), else in a map.
type ids struct {
	few []string
	at  []int
	m   map[string]int
}

func (x *ids) add(id string, i int) {
	if x.m == nil && len(x.few) < 8 {
		x.few, x.at = append(x.few, id), append(x.at, i)
		return
	}
	if x.m == nil {
		x.m = make(map[string]int)
		for k, id := range x.few {
			x.m[id] = x.at[k]
		}
	}
	x.m[id] = i
}

func (x *ids) find(id string) (int, bool) {
	if x.m != nil {
		i, ok := x.m[id]
		return i, ok
	}
	// The last one added, as in the map.
	for k := len(x.few) - 1; k >= 0; k-- {
		if x.few[k] == id {
			return x.at[k], true
		}
	}
	return 0, false
}
