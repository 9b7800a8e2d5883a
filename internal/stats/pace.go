package stats

import (
	"time"

	"github.com/nktimeline/timeline/internal/event"
)

// Gap is a stretch of days without ballistic launches between two launch
// events dated to the day (see Measure for what counts as a gap).
type Gap struct {
	// Days is the number of days from From's date to To's date (or to the
	// as-of date, while the gap is open).
	Days int
	// From is the launch event that opened the gap (the last, in dataset
	// order, of its day).
	From *event.Event
	// To is the launch event that closed it; nil for a gap still open at
	// the as-of date (PaceStats.LongestGap only).
	To *event.Event
}

// launchDays returns the ballistic launch events dated to the day, and
// the first and last day that each launch event dated only to the month or
// year may stand for, in dataset order.
func launchDays(ds *event.Dataset) (days []*event.Event, coarse [][2]int) {
	for i := range ds.Events {
		e := &ds.Events[i]
		if !IsLaunchEvent(ds, e) {
			continue
		}
		if e.Date.Precision() == event.PrecisionDay {
			days = append(days, e)
		} else if e.Date.Precision() != event.PrecisionNone {
			coarse = append(coarse, [2]int{dayNumber(firstDay(e.Date)), dayNumber(lastDay(e.Date))})
		}
	}
	return days, coarse
}

// mayHold reports whether a coarsely dated launch event may fall strictly
// between the days a and b.
func mayHold(coarse [][2]int, a, b int) bool {
	for _, c := range coarse {
		if c[0] < b && c[1] > a {
			return true
		}
	}
	return false
}

// Gaps returns every gap between consecutive ballistic launch events dated
// to the day, in date order, leaving out gaps that a launch event dated
// only to the month or year may fall in (see Measure). Launch events on the
// same day make no gap.
func Gaps(ds *event.Dataset) []Gap {
	days, coarse := launchDays(ds)
	var out []Gap
	for i := 1; i < len(days); i++ {
		a, b := dayNumber(days[i-1].Date), dayNumber(days[i].Date)
		if b == a || mayHold(coarse, a, b) {
			continue
		}
		out = append(out, Gap{Days: b - a, From: days[i-1], To: days[i]})
	}
	return out
}

// SpanCount is the ballistic activity over one span of a calendar year,
// from 1 January to a day.
//
// An event counts in the span when the whole of its date lies in it: an
// event dated to the day when it lies in the span, one dated only to the
// month when the span takes in the whole month, one dated only to the year
// when the span is the whole year. Launch events that may or may not lie
// in the span (a month-only date in the span's last month, a year-only
// date) are not counted; Unplaced lists them, so a page can say so.
type SpanCount struct {
	Year     int
	From, To event.Date // 1 January and the span's last day, both included
	// Missiles is the number of ballistic missiles and LaunchEvents the
	// number of launch events in the span (the counting rule); Events are
	// those launch events, in dataset order.
	Missiles, LaunchEvents int
	Events                 []*event.Event
	// UnplacedMissiles are the ballistic missiles of the launch events in
	// Unplaced: events of the year dated too coarsely to tell whether they
	// lie in the span.
	UnplacedMissiles int
	Unplaced         []*event.Event
	// YearMissiles is the number of ballistic missiles in the whole
	// calendar year, events of every date precision included (up to the
	// as-of date, for the as-of year).
	YearMissiles int
}

// PaceStats are the pace figures of the as-of year, every one relative to
// the as-of date.
type PaceStats struct {
	// AsOf is the date the figures are relative to, known to the day.
	AsOf event.Date
	// Year covers 1 January of the as-of year to the as-of date.
	Year SpanCount
	// PreviousYear covers the same span of the year before: 1 January to
	// the same month and day. When the as-of date is 29 February, the span
	// of a year without one ends on 28 February.
	PreviousYear SpanCount
	// RecordYear covers the same span of the record year: of the years
	// before the as-of year, the one with the most ballistic missiles over
	// the whole calendar year (the earlier year on a tie). Nil when no earlier year
	// had any. It may be the same year as PreviousYear.
	RecordYear *SpanCount
	// LastLaunch is the latest ballistic launch event dated to the day on
	// or before the as-of date, and DaysSinceLast the days from its date
	// to the as-of date (0 when it was that day). LastLaunch is nil and
	// DaysSinceLast -1 when there is none.
	LastLaunch    *event.Event
	DaysSinceLast int
	// WindowFrom is the first day of the twelve months up to the as-of
	// date: the day after the same date a year before (28 February stands
	// for 29 February in a year without one).
	WindowFrom event.Date
	// LongestGap is the longest gap (see Gaps) whose two ends both lie in
	// the twelve months from WindowFrom to the as-of date, counting the
	// gap still open at the as-of date (To nil) when its start lies in the
	// window and no coarsely dated launch may fall in it. On a tie the
	// earlier gap is kept. Nil when there is no such gap.
	LongestGap *Gap
}

// dateOfDay is the inverse of dayNumber.
func dateOfDay(n int) event.Date {
	t := time.Unix(int64(n)*86400, 0).UTC()
	return event.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// spanCount counts the ballistic activity from 1 January of the year to the
// day (month and day of to), among events on or before the as-of day.
func spanCount(ds *event.Dataset, year int, to, asOf event.Date) SpanCount {
	s := SpanCount{Year: year, From: event.Date{Year: year, Month: 1, Day: 1}, To: sameDayIn(to, year)}
	end := dayNumber(s.To)
	for i := range ds.Events {
		e := &ds.Events[i]
		if e.Date.Year != year || e.Date.Compare(asOf) > 0 {
			continue
		}
		n := ds.BallisticCount(e)
		if n == 0 {
			continue
		}
		s.YearMissiles += n
		switch {
		case dayNumber(lastDay(e.Date)) <= end:
			s.Missiles += n
			s.LaunchEvents++
			s.Events = append(s.Events, e)
		case dayNumber(firstDay(e.Date)) <= end:
			s.UnplacedMissiles += n
			s.Unplaced = append(s.Unplaced, e)
		}
	}
	return s
}

// Pace computes the pace figures relative to the as-of date. A date known
// only to the month or year stands for its last day. Events after the
// as-of date are ignored, so the figures for a past date are those a build
// on that date would have shown. The zero date gives zero PaceStats.
func Pace(ds *event.Dataset, asOf event.Date) PaceStats {
	if asOf.IsZero() {
		return PaceStats{DaysSinceLast: -1}
	}
	asOf = lastDay(asOf)
	p := PaceStats{AsOf: asOf, DaysSinceLast: -1}
	p.Year = spanCount(ds, asOf.Year, asOf, asOf)
	p.PreviousYear = spanCount(ds, asOf.Year-1, asOf, asOf)

	perYear := map[int]int{}
	for i := range ds.Events {
		e := &ds.Events[i]
		if e.Date.Year < asOf.Year {
			perYear[e.Date.Year] += ds.BallisticCount(e)
		}
	}
	best := 0
	for y, n := range perYear {
		if n > perYear[best] || (n == perYear[best] && n > 0 && y < best) {
			best = y
		}
	}
	if perYear[best] > 0 {
		r := spanCount(ds, best, asOf, asOf)
		p.RecordYear = &r
	}

	days, coarse := launchDays(ds)
	end := dayNumber(asOf)
	var in []*event.Event // day-dated launches on or before the as-of date
	for _, e := range days {
		if dayNumber(e.Date) <= end {
			in = append(in, e)
		}
	}
	if len(in) > 0 {
		p.LastLaunch = in[len(in)-1]
		p.DaysSinceLast = end - dayNumber(p.LastLaunch.Date)
	}

	start := dayNumber(sameDayIn(asOf, asOf.Year-1)) + 1
	p.WindowFrom = dateOfDay(start)
	consider := func(g Gap) {
		if p.LongestGap == nil || g.Days > p.LongestGap.Days {
			p.LongestGap = &g
		}
	}
	for i := 1; i < len(in); i++ {
		a, b := dayNumber(in[i-1].Date), dayNumber(in[i].Date)
		if a < start || b == a || mayHold(coarse, a, b) {
			continue
		}
		consider(Gap{Days: b - a, From: in[i-1], To: in[i]})
	}
	if p.LastLaunch != nil {
		a := dayNumber(p.LastLaunch.Date)
		if a >= start && a < end && !mayHold(coarse, a, end+1) {
			consider(Gap{Days: end - a, From: p.LastLaunch})
		}
	}
	return p
}
