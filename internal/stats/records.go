package stats

import (
	"github.com/nktimeline/timeline/internal/event"
)

// Measure is a quantity whose record Records follows.
//
// The rules, which the About page quotes:
//
//   - Highest apogee, longest range and longest flight time are those
//     reported for one launch group of ballistic missiles (the counting
//     rule's classes); cruise missiles, space launchers and artillery do
//     not count. An event's value is the largest of its groups.
//   - Most ballistic missiles in one day, calendar month and calendar year
//     add up count over ballistic launch groups whose event falls in the
//     day, month or year. An event dated only to the month counts for its
//     month and year but for no day; one dated only to the year counts for
//     its year only.
//   - A gap is the number of days between the dates of two consecutive
//     ballistic launch events dated to the day (two launches on 1 and 3
//     March make a gap of 2 days). Launch events dated only to the month or
//     the year take no part in gaps, and a gap that such an event might
//     fall in (its month or year overlaps the days strictly between the two
//     launches) is not counted at all, since it may not have been a gap.
//     A gap still open at the as-of date is not a record until it closes
//     (PaceStats reports the days since the last launch).
//   - Events are taken in the dataset's order: by date, then id. An event
//     dated only to the month or year comes before the events dated to a
//     day of that month or year.
//   - A record counts from the date of the event that set it. For apogee,
//     range and flight time that is the event itself; for a gap, the launch
//     that closed it; for a day, month or year total, the launch event
//     that took the period's running total past the old record (or level
//     with it, for a tie), or the period's first launch event for the first
//     record of all.
//   - A value equal to the record is listed as a tie. A tie does not take
//     the record over: the first holder keeps it, and the days the record
//     stood run on from the date it was set.
//   - How long a record stood is the number of days from the date it was
//     set to the date it was broken (or tied); it is unknown when either
//     date is not known to the day.
type Measure string

// The measures, in the order Records lists them.
const (
	MeasureApogee Measure = "highest-apogee"
	MeasureRange  Measure = "longest-range"
	MeasureFlight Measure = "longest-flight"
	MeasureDay    Measure = "most-in-a-day"
	MeasureMonth  Measure = "most-in-a-month"
	MeasureYear   Measure = "most-in-a-year"
	MeasureGap    Measure = "longest-gap"
)

// Measures lists every measure in order.
var Measures = []Measure{MeasureApogee, MeasureRange, MeasureFlight, MeasureDay, MeasureMonth, MeasureYear, MeasureGap}

// Label is the measure as a reader sees it ("Highest apogee").
func (m Measure) Label() string {
	switch m {
	case MeasureApogee:
		return "Highest apogee"
	case MeasureRange:
		return "Longest range"
	case MeasureFlight:
		return "Longest flight time"
	case MeasureDay:
		return "Most ballistic missiles in one day"
	case MeasureMonth:
		return "Most ballistic missiles in one calendar month"
	case MeasureYear:
		return "Most ballistic missiles in one calendar year"
	case MeasureGap:
		return "Longest gap between launches"
	}
	return string(m)
}

// Unit is the unit of the measure's values: "km", "min", "missiles" or "days".
func (m Measure) Unit() string {
	switch m {
	case MeasureApogee, MeasureRange:
		return "km"
	case MeasureFlight:
		return "min"
	case MeasureDay, MeasureMonth, MeasureYear:
		return "missiles"
	case MeasureGap:
		return "days"
	}
	return ""
}

// StepKind says what a step of a progression did to the record.
type StepKind int

const (
	// StepFirst is the first value of the measure in the record.
	StepFirst StepKind = iota
	// StepBroken is a value above the record: the event took it over.
	StepBroken
	// StepTied is a value equal to the record: the holder keeps it.
	StepTied
)

// String returns "first", "broken" or "tied".
func (k StepKind) String() string {
	switch k {
	case StepFirst:
		return "first"
	case StepBroken:
		return "broken"
	case StepTied:
		return "tied"
	}
	return ""
}

// RecordStep is one row of a record progression: an event that set, broke
// or tied the record of a measure. See Measure for the rules.
type RecordStep struct {
	Measure Measure
	Kind    StepKind
	// Value is the new value: km, minutes, missiles or days (Measure.Unit).
	Value float64
	// Event is the event that set or tied the record, and Date the date
	// the record counts from (Event's date).
	Event *event.Event
	Date  event.Date
	// Group is the index in Event.Launches of the launch group that
	// reported the value, for apogee, range and flight time; -1 otherwise.
	Group int
	// Period is the day, month (YYYY-MM) or year (YYYY) whose total Value
	// is, for the per-day, per-month and per-year measures; zero otherwise.
	Period event.Date
	// Gap is the gap, for MeasureGap; nil otherwise.
	Gap *Gap
	// Events are the events behind the figure, in dataset order: the one
	// event for apogee, range and flight time; every ballistic launch
	// event of the period for the totals; the two launches bounding the
	// gap.
	Events []*event.Event
	// Previous is the record before this step and PreviousHolder the event
	// that set it (ties do not take it over); zero and nil for StepFirst.
	// For a tie, Previous equals Value.
	Previous       float64
	PreviousHolder *event.Event
	// Stood is the number of days the previous record had stood: from
	// PreviousHolder's date to Date. StoodKnown is false for StepFirst and
	// when either date is not known to the day.
	Stood      int
	StoodKnown bool
}

// Progression is the history of one measure's record, oldest first.
type Progression struct {
	Measure Measure
	Steps   []RecordStep
}

// Current returns the step that set the standing record (the last step
// that is not a tie), or nil when the measure has no value in the record.
func (p Progression) Current() *RecordStep {
	for i := len(p.Steps) - 1; i >= 0; i-- {
		if p.Steps[i].Kind != StepTied {
			return &p.Steps[i]
		}
	}
	return nil
}

// FirstFlight is the first launch of a system in the record.
type FirstFlight struct {
	// Launch is the system's first launch group in dataset order, whatever
	// its outcome.
	Launch LaunchRow
	// FirstFlightDisagrees is as in SystemStats: the catalogue's
	// first_flight is given and does not agree with Launch's date.
	FirstFlightDisagrees bool
}

// RecordBook holds the firsts and record progressions of a dataset.
type RecordBook struct {
	// FirstFlights has the first flight of every system that flew in the
	// record, every class, in dataset order of the launches (then in
	// catalogue order, for systems first flown in the same event).
	// Systems that never flew are left out.
	FirstFlights []FirstFlight
	// Progressions has one progression per measure, in Measures order.
	Progressions []Progression

	byEvent map[string][]RecordStep
}

// Progression returns the progression of the measure.
func (b *RecordBook) Progression(m Measure) Progression {
	for _, p := range b.Progressions {
		if p.Measure == m {
			return p
		}
	}
	return Progression{Measure: m}
}

// ForEvent returns the steps whose Event is the event with the id: the
// records it set, broke or tied, in Measures order. Event pages use it to
// say "Highest apogee to date, beating …".
func (b *RecordBook) ForEvent(id string) []RecordStep {
	return b.byEvent[id]
}

// progression collects the steps of one measure.
type progression struct {
	steps  []RecordStep
	holder RecordStep // the step that set the standing record
	has    bool
}

// offer adds the step if it sets, breaks or ties the record, and reports
// what it did.
func (p *progression) offer(s RecordStep) bool {
	switch {
	case !p.has:
		s.Kind = StepFirst
	case s.Value > p.holder.Value:
		s.Kind = StepBroken
	case s.Value == p.holder.Value:
		s.Kind = StepTied
	default:
		return false
	}
	if p.has {
		s.Previous = p.holder.Value
		s.PreviousHolder = p.holder.Event
		s.Stood, s.StoodKnown = DaysBetween(p.holder.Date, s.Date)
	}
	p.steps = append(p.steps, s)
	if s.Kind != StepTied {
		p.holder, p.has = s, true
	}
	return true
}

// Records computes the first flights and the record progressions of every
// measure.
func Records(ds *event.Dataset) *RecordBook {
	b := &RecordBook{byEvent: map[string][]RecordStep{}}
	for _, s := range Systems(ds) {
		if s.First == nil {
			continue
		}
		b.FirstFlights = append(b.FirstFlights, FirstFlight{Launch: s.Launches[0], FirstFlightDisagrees: s.FirstFlightDisagrees})
	}
	sortFirstFlights(ds, b.FirstFlights)
	for _, m := range Measures {
		var steps []RecordStep
		switch m {
		case MeasureApogee:
			steps = launchRecords(ds, m, func(l event.Launch) *float64 { return l.ApogeeKm })
		case MeasureRange:
			steps = launchRecords(ds, m, func(l event.Launch) *float64 { return l.RangeKm })
		case MeasureFlight:
			steps = launchRecords(ds, m, func(l event.Launch) *float64 { return l.FlightMin })
		case MeasureDay, MeasureMonth, MeasureYear:
			steps = periodRecords(ds, m)
		case MeasureGap:
			steps = gapRecords(ds)
		}
		b.Progressions = append(b.Progressions, Progression{Measure: m, Steps: steps})
		for _, s := range steps {
			b.byEvent[s.Event.ID] = append(b.byEvent[s.Event.ID], s)
		}
	}
	return b
}

// sortFirstFlights orders first flights by the position of their event in
// the dataset; the sort is stable, so systems first flown in the same event
// keep catalogue order.
func sortFirstFlights(ds *event.Dataset, ff []FirstFlight) {
	pos := func(e *event.Event) int {
		for i := range ds.Events {
			if &ds.Events[i] == e {
				return i
			}
		}
		return -1
	}
	idx := make([]int, len(ff))
	for i, f := range ff {
		idx[i] = pos(f.Launch.Event)
	}
	// Insertion sort keeps it stable and the lists are short.
	for i := 1; i < len(ff); i++ {
		for j := i; j > 0 && idx[j] < idx[j-1]; j-- {
			ff[j], ff[j-1] = ff[j-1], ff[j]
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

// launchRecords follows a per-launch measure over ballistic launch groups.
func launchRecords(ds *event.Dataset, m Measure, get func(event.Launch) *float64) []RecordStep {
	var p progression
	for i := range ds.Events {
		e := &ds.Events[i]
		group, v := -1, 0.0
		for g, l := range e.Launches {
			x := get(l)
			if x == nil || !ds.Class(l).IsBallistic() {
				continue
			}
			if group < 0 || *x > v {
				group, v = g, *x
			}
		}
		if group < 0 {
			continue
		}
		p.offer(RecordStep{Measure: m, Value: v, Event: e, Date: e.Date, Group: group, Events: []*event.Event{e}})
	}
	return p.steps
}

// periodOf returns the day, month or year of the date that the measure
// adds up over, and false when the date is not precise enough.
func periodOf(m Measure, d event.Date) (event.Date, bool) {
	switch m {
	case MeasureDay:
		return d, d.Precision() == event.PrecisionDay
	case MeasureMonth:
		return event.Date{Year: d.Year, Month: d.Month}, d.Precision() >= event.PrecisionMonth
	case MeasureYear:
		return event.Date{Year: d.Year}, d.Precision() >= event.PrecisionYear
	}
	return event.Date{}, false
}

// periodRecords follows the most ballistic missiles in a day, month or year.
func periodRecords(ds *event.Dataset, m Measure) []RecordStep {
	var p progression
	var (
		period event.Date
		evs    []*event.Event
		counts []int
	)
	flush := func() {
		if len(evs) == 0 {
			return
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		// The event from which the record counts: the one that took the
		// running total past the old record (level with it, for a tie).
		at := 0
		if p.has {
			run := 0
			for i, n := range counts {
				run += n
				if float64(run) > p.holder.Value || (float64(total) == p.holder.Value && float64(run) == p.holder.Value) {
					at = i
					break
				}
			}
		}
		p.offer(RecordStep{Measure: m, Value: float64(total), Event: evs[at], Date: evs[at].Date, Group: -1, Period: period, Events: evs})
		evs, counts = nil, nil
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		n := ds.BallisticCount(e)
		if n == 0 {
			continue
		}
		per, ok := periodOf(m, e.Date)
		if !ok {
			continue
		}
		if per != period {
			flush()
			period = per
		}
		evs = append(evs, e)
		counts = append(counts, n)
	}
	flush()
	return p.steps
}

// gapRecords follows the longest gap between launches.
func gapRecords(ds *event.Dataset) []RecordStep {
	var p progression
	for _, g := range Gaps(ds) {
		g := g
		p.offer(RecordStep{Measure: MeasureGap, Value: float64(g.Days), Event: g.To, Date: g.To.Date, Group: -1, Gap: &g, Events: []*event.Event{g.From, g.To}})
	}
	return p.steps
}
