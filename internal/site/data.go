package site

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/nktimeline/timeline/internal/csvsafe"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/timelinejs"
)

// The types below are the public format of data/events.json, the one the
// design fixes. Every name it lists is kept as it is; the fields it does not
// list (end_date, time, count_estimated, flight_min, claim, source title and
// date, related) are extra and left out when empty, so that every fact on
// the site is in the download. Optional numbers are left out when unknown.

type jsonFile struct {
	Title   string      `json:"title"`
	AsOf    string      `json:"as_of"`
	Licence string      `json:"licence"`
	Events  []jsonEvent `json:"events"`
}

type jsonEvent struct {
	ID            string       `json:"id"`
	Date          string       `json:"date"`
	DatePrecision string       `json:"date_precision"`
	EndDate       string       `json:"end_date,omitempty"`
	Time          string       `json:"time,omitempty"`
	Kind          event.Kind   `json:"kind"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary"`
	URL           string       `json:"url"`
	Launches      []jsonLaunch `json:"launches"`
	Nuclear       *jsonNuclear `json:"nuclear,omitempty"`
	Sources       []jsonSource `json:"sources"`
	Tags          []string     `json:"tags"`
	Related       []string     `json:"related,omitempty"`
	// Updated and Corrections say when and how a fact of the event
	// changed after it was published.
	Updated     string           `json:"updated,omitempty"`
	Corrections []jsonCorrection `json:"corrections,omitempty"`
}

type jsonCorrection struct {
	Date string `json:"date"`
	Text string `json:"text"` // Markdown
}

// jsonReportedCount is one body's published figure for a launch group
// whose sources disagree.
type jsonReportedCount struct {
	By        string `json:"by"`
	Count     int    `json:"count"`
	Estimated bool   `json:"estimated,omitempty"`
	URL       string `json:"url,omitempty"`
}

type jsonLaunch struct {
	System         string      `json:"system"`
	SystemName     string      `json:"system_name"`
	Class          event.Class `json:"class"`
	Count          int         `json:"count"`
	CountEstimated bool        `json:"count_estimated,omitempty"`
	Outcome        string      `json:"outcome"`
	Site           string      `json:"site,omitempty"`
	SiteName       string      `json:"site_name,omitempty"`
	Lat            *float64    `json:"lat,omitempty"`
	Lon            *float64    `json:"lon,omitempty"`
	ApogeeKm       *float64    `json:"apogee_km,omitempty"`
	RangeKm        *float64    `json:"range_km,omitempty"`
	FlightMin      *float64    `json:"flight_min,omitempty"`
	// ReportedCounts are the bodies' own figures when they disagree;
	// Count is the one the record counts.
	ReportedCounts []jsonReportedCount `json:"reported_counts,omitempty"`
}

type jsonNuclear struct {
	Site        string   `json:"site,omitempty"`
	YieldKtMin  *float64 `json:"yield_kt_min,omitempty"`
	YieldKtMax  *float64 `json:"yield_kt_max,omitempty"`
	MagnitudeMb *float64 `json:"magnitude_mb,omitempty"`
	Claim       string   `json:"claim,omitempty"`
}

type jsonSource struct {
	URL       string `json:"url"`
	Publisher string `json:"publisher"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
}

// eventsJSONFile returns data/events.json as a spliced file.
func (b *builder) eventsJSONFile() (splicedFile, error) {
	ds := b.ds
	f := jsonFile{Title: ds.Meta.Title, AsOf: ds.Meta.AsOf.String(), Licence: ds.Meta.Licence, Events: []jsonEvent{}}
	head, tail, emptyTail, err := eventsJSON.frame(f, "events")
	return splicedFile{name: "data/events.json", head: head, tail: tail, emptyTail: emptyTail, sep: ",",
		part: func(dst []byte, e *event.Event) ([]byte, error) { return eventsJSON.part(dst, b.jsonEvent(e)) }}, err
}

// jsonEvent is the event as data/events.json holds it.
func (b *builder) jsonEvent(e *event.Event) jsonEvent {
	ds := b.ds
	je := jsonEvent{
		ID: e.ID, Date: e.Date.String(), DatePrecision: e.Date.Precision().String(),
		EndDate: e.EndDate.String(), Time: e.Time, Kind: e.Kind, Title: e.Title, Summary: e.Summary,
		URL: b.info(e).url, Launches: []jsonLaunch{}, Sources: []jsonSource{},
		Tags: append([]string{}, e.Tags...), Related: e.Related,
		Updated: e.Updated.String(),
	}
	for _, c := range e.Corrections {
		je.Corrections = append(je.Corrections, jsonCorrection{Date: c.Date.String(), Text: c.Text})
	}
	for _, l := range e.Launches {
		sys, _ := ds.System(l.System)
		jl := jsonLaunch{
			System: l.System, SystemName: sys.Name, Class: sys.Class, Count: l.Count,
			CountEstimated: l.CountEstimated, Outcome: l.Outcome, Site: l.Site,
			ApogeeKm: l.ApogeeKm, RangeKm: l.RangeKm, FlightMin: l.FlightMin,
		}
		for _, r := range l.ReportedCounts {
			jl.ReportedCounts = append(jl.ReportedCounts, jsonReportedCount(r))
		}
		if s, ok := ds.Site(l.Site); ok {
			lat, lon := s.Lat, s.Lon
			jl.SiteName, jl.Lat, jl.Lon = s.Name, &lat, &lon
		}
		je.Launches = append(je.Launches, jl)
	}
	if n := e.Nuclear; n != nil {
		jn := &jsonNuclear{Site: n.Site, MagnitudeMb: n.MagnitudeMb, Claim: n.Claim}
		if n.YieldKt != nil {
			lo, hi := n.YieldKt.Min, n.YieldKt.Max
			jn.YieldKtMin, jn.YieldKtMax = &lo, &hi
		}
		je.Nuclear = jn
	}
	for _, s := range e.Sources {
		je.Sources = append(je.Sources, jsonSource{URL: s.URL, Publisher: s.Publisher, Title: s.Title, Published: s.Published.String()})
	}
	return je
}

// csvHeader names the columns of data/events.csv: one row per launch
// group, and one row per event without launches (launch columns empty).
var csvHeader = []string{
	"id", "date", "date_precision", "end_date", "time", "kind", "title", "url",
	"system", "system_name", "class", "ballistic", "count", "count_estimated", "outcome",
	"site", "site_name", "lat", "lon", "apogee_km", "range_km", "flight_min",
	"nuclear_site", "yield_kt_min", "yield_kt_max", "magnitude_mb",
	"sources", "updated",
}

// eventsCSVFile returns data/events.csv as a spliced file.
func (b *builder) eventsCSVFile() (splicedFile, error) {
	head, err := table{Header: csvHeader}.csv()
	return splicedFile{name: "data/events.csv", head: head,
		part: func(dst []byte, e *event.Event) ([]byte, error) {
			p := csvParts.Get().(*csvPart)
			p.buf.Reset()
			p.rows = b.eventCSVRows(p.rows[:0], e)
			if err := p.w.WriteAll(p.rows); err != nil {
				// The writer may hold some of the rows: not for reuse.
				return dst, err
			}
			dst = append(dst, p.buf.Bytes()...)
			csvParts.Put(p)
			return dst, nil
		}}, err
}

// A csvPart is a CSV writer with the buffer it writes to and the rows it
// wrote, kept for the next part of data/events.csv.
type csvPart struct {
	buf  bytes.Buffer
	w    *csvsafe.Writer
	rows [][]string
}

var csvParts = sync.Pool{New: func() any {
	p := new(csvPart)
	p.w = csvsafe.NewWriter(&p.buf)
	return p
}}

// eachEventsCSVRow calls f with each row of data/events.csv, without the
// header, an event at a time: the workbook's launch groups sheet. The row
// is f's only until f returns.
func (b *builder) eachEventsCSVRow(f func(row []string) error) error {
	var rows [][]string
	for i := range b.ds.Events {
		rows = b.eventCSVRows(rows[:0], &b.ds.Events[i])
		for _, r := range rows {
			if err := f(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// eventCSVRows appends the rows of the event e in data/events.csv to rows.
// The memory of rows past len(rows), up to cap(rows), may be taken for the
// new rows: rows from an earlier call are the caller's only until it calls
// again with the same rows.
func (b *builder) eventCSVRows(rows [][]string, e *event.Event) [][]string {
	ds := b.ds
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return formatNum(*f)
	}
	var nsite, ymin, ymax, mag string
	if n := e.Nuclear; n != nil {
		nsite, mag = n.Site, opt(n.MagnitudeMb)
		if n.YieldKt != nil {
			ymin, ymax = formatNum(n.YieldKt.Min), formatNum(n.YieldKt.Max)
		}
	}
	// The sources' URLs, separated by spaces.
	var srcs strings.Builder
	if len(e.Sources) > 0 {
		n := len(e.Sources) - 1
		for _, s := range e.Sources {
			n += len(s.URL)
		}
		srcs.Grow(n)
	}
	for j, s := range e.Sources {
		if j > 0 {
			srcs.WriteByte(' ')
		}
		srcs.WriteString(s.URL)
	}
	head := [...]string{e.ID, e.Date.String(), e.Date.Precision().String(), e.EndDate.String(), e.Time,
		string(e.Kind), e.Title, b.info(e).absURL}
	tail := [...]string{nsite, ymin, ymax, mag, srcs.String(), e.Updated.String()}
	// mid is the cells of a launch group, system to flight_min: empty for
	// an event without launches.
	var mid [14]string
	if len(e.Launches) == 0 {
		return appendCSVRow(rows, head[:], mid[:], tail[:])
	}
	for _, l := range e.Launches {
		sys, _ := ds.System(l.System)
		var sname, lat, lon string
		if s, ok := ds.Site(l.Site); ok {
			sname, lat, lon = s.Name, formatNum(s.Lat), formatNum(s.Lon)
		}
		mid = [...]string{l.System, sys.Name, string(sys.Class), strconv.FormatBool(sys.Class.IsBallistic()),
			strconv.Itoa(l.Count), strconv.FormatBool(l.CountEstimated), l.Outcome,
			l.Site, sname, lat, lon, opt(l.ApogeeKm), opt(l.RangeKm), opt(l.FlightMin)}
		rows = appendCSVRow(rows, head[:], mid[:], tail[:])
	}
	return rows
}

// appendCSVRow appends to rows the row of the cells of parts, one after
// another, in the memory of the row past len(rows) when there is one.
func appendCSVRow(rows [][]string, parts ...[]string) [][]string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	var row []string
	if k := len(rows); k < cap(rows) && cap(rows[:k+1][k]) >= n {
		row = rows[:k+1][k][:0]
	} else {
		row = make([]string, 0, n)
	}
	for _, p := range parts {
		row = append(row, p...)
	}
	return append(rows, row)
}

// splicedFiles returns the data files that list every event:
// data/events.json, events.csv, timelinejs.json and search.json.
func (b *builder) splicedFiles() ([]splicedFile, error) {
	js, err := b.eventsJSONFile()
	if err != nil {
		return nil, err
	}
	cs, err := b.eventsCSVFile()
	if err != nil {
		return nil, err
	}
	// The record in TimelineJS's JSON format, for anyone who loads it
	// into a TimelineJS embed, with the summaries as the site renders
	// them, parsed once for the pages and the slides: links only to
	// http(s) URLs, images as their text.
	x, err := timelinejs.NewExporter(b.ds, b.base.String(), func(e *event.Event) (string, error) {
		r, err := b.summary(b.info(e))
		if err != nil {
			return "", err
		}
		return string(r.block), nil
	})
	if err != nil {
		return nil, err
	}
	head, tail, err := x.Frame()
	if err != nil {
		return nil, err
	}
	tj := splicedFile{name: "data/timelinejs.json", head: head, tail: tail, sep: timelinejs.SlideSep, part: x.AppendSlide}
	search, err := b.searchIndex()
	if err != nil {
		return nil, err
	}
	return []splicedFile{js, cs, tj, search}, nil
}
