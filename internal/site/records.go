package site

import (
	"crypto/sha256"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The records page, out/records/index.html: the first flight of every
// system and the progression of every record that internal/stats follows,
// each row linked to its event, with the pace of the year and its
// embeddable card. Event pages show the records their event set or tied
// (eventData.Records) with the same rows.

// recordsPath is the site path of the records page.
const recordsPath = "records/"

// recordsData is the Data of records.html.
type recordsData struct {
	FirstFlights []firstFlightRow
	Progressions []progressionView
	// Pace is the pace of the as-of year and PaceSpans the events behind
	// each of its spans, listed under the ids the pace lines link to.
	Pace      *paceView
	PaceSpans []*spanView
	// Card is the site path of the pace card, Snippet its embed code.
	Card    string
	Snippet string
}

// firstFlightRow is a system's first launch group in the record.
type firstFlightRow struct {
	System event.System
	// SystemPath is the site path of the system's page; empty when the
	// build has no page for it.
	SystemPath string
	Event      *eventView
	Count      int
	Outcome    string
	// Catalogue is the first flight the catalogue gives, when it does not
	// agree with the record's.
	Catalogue event.Date
}

// progressionView is the history of one record, oldest first.
type progressionView struct {
	Measure stats.Measure
	ID      string // element id of its section
	Label   string // "Highest apogee"
	Rows    []recordRow
	// Current is the row that set the standing record; nil without rows.
	Current *recordRow
	Ties    int // rows that tied the record
	// For the gap: the launch events before the first measured gap, and
	// how many of them are dated only to the month or year, which is why
	// no gap before it could be measured.
	LaunchesBefore, CoarseBefore int
}

// recordRow is one step of a record progression, as the records page and
// event pages show it.
type recordRow struct {
	Measure stats.Measure
	Label   string // the measure, as in progressionView
	Kind    string // "first", "broken" or "tied"
	Value   string // with its unit: "4,475 km", "18 missiles", "4,355 days"
	// Date is the date the record counts from, Event the event that set or
	// tied it.
	Date  event.Date
	Event *eventView
	// Period is the day, month or year whose total Value is; zero for the
	// other measures.
	Period event.Date
	// From is the launch that opened a gap (Event closed it); nil for the
	// other measures.
	From *eventView
	// Previous is the record before, with its unit; Holder the event that
	// had set it and HolderPeriod its period. Empty and nil for the first.
	Previous     string
	Holder       *eventView
	HolderPeriod event.Date
	// HolderFrom is the launch that opened the previous longest gap
	// (Holder closed it).
	HolderFrom *eventView
	// Stood is the number of days the previous record had stood, when
	// StoodKnown.
	Stood      int
	StoodKnown bool
}

// In is the period of a month's or year's total in words ("in Nov 2022",
// "in 2022"); empty for the other measures, a day's total included, whose
// period is the event's date.
func (r recordRow) In() string { return periodIn(r.Measure, r.Period) }

// HolderIn is In for the previous record.
func (r recordRow) HolderIn() string { return periodIn(r.Measure, r.HolderPeriod) }

// When is the date the record counts from in words: "on 1 Jan 2017", or
// "in May 2016" for a date known only to the month or year.
func (r recordRow) When() string { return onDate(r.Date) }

// HolderWhen is When for the previous record's holder.
func (r recordRow) HolderWhen() string {
	if r.Holder == nil {
		return ""
	}
	return onDate(r.Holder.Date)
}

func onDate(d event.Date) string {
	if d.Precision() == event.PrecisionDay {
		return "on " + formatDate(d)
	}
	return "in " + formatDate(d)
}

func periodIn(m stats.Measure, d event.Date) string {
	if d.IsZero() || m == stats.MeasureDay {
		return ""
	}
	return "in " + formatDate(d)
}

// records returns the dataset's record book, computed once per build.
func (b *builder) records() *stats.RecordBook {
	b.recordsOnce.Do(func() { b.recordBook = stats.Records(b.ds) })
	return b.recordBook
}

// formatValue formats a value of a measure with its unit ("3,724.9 km",
// "1 missile").
func formatValue(v float64, unit string) string {
	s := formatNum(v)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	s = formatInt(n)
	if frac != "" {
		s += "." + frac
	}
	if v == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return s + " " + unit
}

// progressionViews turns the record book's progressions into rows.
func (b *builder) progressionViews() []progressionView {
	var out []progressionView
	for _, p := range b.records().Progressions {
		pv := progressionView{Measure: p.Measure, ID: string(p.Measure), Label: p.Measure.Label()}
		var holder *stats.RecordStep // the step that set the record so far
		current := -1
		for i := range p.Steps {
			s := &p.Steps[i]
			pv.Rows = append(pv.Rows, b.recordRow(s, holder))
			if s.Kind == stats.StepTied {
				pv.Ties++
			} else {
				holder, current = s, i
			}
		}
		if current >= 0 {
			pv.Current = &pv.Rows[current]
		}
		if p.Measure == stats.MeasureGap && len(p.Steps) > 0 {
			first := p.Steps[0].Gap.From.Date
			for i := range b.ds.Events {
				e := &b.ds.Events[i]
				if e.Date.Compare(first) >= 0 {
					break
				}
				if stats.IsLaunchEvent(b.ds, e) {
					pv.LaunchesBefore++
					if e.Date.Precision() != event.PrecisionDay {
						pv.CoarseBefore++
					}
				}
			}
		}
		out = append(out, pv)
	}
	return out
}

// recordRow makes the row of a step; holder is the step that set the
// record before it (nil for the first).
func (b *builder) recordRow(s *stats.RecordStep, holder *stats.RecordStep) recordRow {
	unit := s.Measure.Unit()
	r := recordRow{
		Measure:    s.Measure,
		Label:      s.Measure.Label(),
		Kind:       s.Kind.String(),
		Value:      formatValue(s.Value, unit),
		Date:       s.Date,
		Event:      b.view(s.Event),
		Period:     s.Period,
		Stood:      s.Stood,
		StoodKnown: s.StoodKnown,
	}
	if s.Gap != nil {
		r.From = b.view(s.Gap.From)
	}
	if s.Kind != stats.StepFirst {
		r.Previous = formatValue(s.Previous, unit)
		if s.PreviousHolder != nil {
			r.Holder = b.view(s.PreviousHolder)
		}
		if holder != nil {
			r.HolderPeriod = holder.Period
			if holder.Gap != nil {
				r.HolderFrom = b.view(holder.Gap.From)
			}
		}
	}
	return r
}

// eventRecords returns the rows of the records the event set, broke or
// tied, in the order of stats.Measures.
func (b *builder) eventRecords(id string) []recordRow {
	if p := b.plan; p != nil && !p.allAspects {
		// The events' facts are the last build's, and so are the records:
		// an event that held none holds none.
		if st, ok := p.prev.Events[id]; ok && st.Records == ([sha256.Size]byte{}) {
			return nil
		}
	}
	steps := b.records().ForEvent(id)
	if len(steps) == 0 {
		return nil
	}
	var rows []recordRow
	for _, s := range steps {
		var holder *stats.RecordStep
		if s.PreviousHolder != nil {
			p := b.records().Progression(s.Measure)
			for i := range p.Steps {
				if p.Steps[i].Event == s.PreviousHolder && p.Steps[i].Kind != stats.StepTied {
					holder = &p.Steps[i]
				}
			}
		}
		rows = append(rows, b.recordRow(&s, holder))
	}
	return rows
}

// systemPath is the site path of a system's page, or "" when the build
// has no such page (yet: the records step runs after the pages it may
// link to).
func (b *builder) systemPath(id string) string {
	p := "systems/" + id + "/"
	if !b.has(owner(p), p+"index.html") {
		return ""
	}
	return p
}

func (b *builder) addRecords() error {
	d := &recordsData{Progressions: b.progressionViews(), Card: pacePath}
	for _, f := range b.records().FirstFlights {
		l := f.Launch
		row := firstFlightRow{System: l.System, SystemPath: b.systemPath(l.System.ID), Event: b.view(l.Event),
			Count: l.Launch.Count, Outcome: l.Outcome}
		if f.FirstFlightDisagrees {
			row.Catalogue = l.System.FirstFlight
		}
		d.FirstFlights = append(d.FirstFlights, row)
	}
	d.Pace = b.pace(false)
	d.PaceSpans = d.Pace.spans()
	d.Snippet = b.paceSnippet()
	return b.Render(recordsPath+"index.html", "records.html", &Page{
		Title:       "Records and firsts",
		Description: "Every record of North Korea's ballistic missile launches, each time it was broken or tied, the first flight of every weapon system, and the pace of " + strconv.Itoa(b.site.AsOf.Year) + ".",
		Section:     "records",
		Data:        d,
	})
}
