package site

import (
	"bytes"
	"encoding/json"
	"strconv"

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

func (b *builder) eventsJSON() ([]byte, error) {
	ds := b.ds
	f := jsonFile{Title: ds.Meta.Title, AsOf: ds.Meta.AsOf.String(), Licence: ds.Meta.Licence, Events: []jsonEvent{}}
	for i := range ds.Events {
		e := &ds.Events[i]
		je := jsonEvent{
			ID: e.ID, Date: e.Date.String(), DatePrecision: e.Date.Precision().String(),
			EndDate: e.EndDate.String(), Time: e.Time, Kind: e.Kind, Title: e.Title, Summary: e.Summary,
			URL: b.URL(eventPath(e.ID)), Launches: []jsonLaunch{}, Sources: []jsonSource{},
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
		f.Events = append(f.Events, je)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// A data file, never inlined into HTML: keep "&" and "<" readable.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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

func (b *builder) eventsCSV() ([]byte, error) {
	return table{Header: csvHeader, Rows: b.eventsCSVRows()}.csv()
}

// eventsCSVRows are the rows of data/events.csv, without the header.
func (b *builder) eventsCSVRows() [][]string {
	ds := b.ds
	var rows [][]string
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return formatNum(*f)
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		var nsite, ymin, ymax, mag string
		if n := e.Nuclear; n != nil {
			nsite, mag = n.Site, opt(n.MagnitudeMb)
			if n.YieldKt != nil {
				ymin, ymax = formatNum(n.YieldKt.Min), formatNum(n.YieldKt.Max)
			}
		}
		var srcs []byte
		for j, s := range e.Sources {
			if j > 0 {
				srcs = append(srcs, ' ')
			}
			srcs = append(srcs, s.URL...)
		}
		head := []string{e.ID, e.Date.String(), e.Date.Precision().String(), e.EndDate.String(), e.Time,
			string(e.Kind), e.Title, b.AbsURL(eventPath(e.ID))}
		tail := []string{nsite, ymin, ymax, mag, string(srcs), e.Updated.String()}
		if len(e.Launches) == 0 {
			rows = append(rows, append(append(append([]string{}, head...), make([]string, 14)...), tail...))
			continue
		}
		for _, l := range e.Launches {
			sys, _ := ds.System(l.System)
			var sname, lat, lon string
			if s, ok := ds.Site(l.Site); ok {
				sname, lat, lon = s.Name, formatNum(s.Lat), formatNum(s.Lon)
			}
			mid := []string{l.System, sys.Name, string(sys.Class), strconv.FormatBool(sys.Class.IsBallistic()),
				strconv.Itoa(l.Count), strconv.FormatBool(l.CountEstimated), l.Outcome,
				l.Site, sname, lat, lon, opt(l.ApogeeKm), opt(l.RangeKm), opt(l.FlightMin)}
			rows = append(rows, append(append(append([]string{}, head...), mid...), tail...))
		}
	}
	return rows
}

func (b *builder) addData() error {
	js, err := b.eventsJSON()
	if err != nil {
		return err
	}
	if err := b.Add("data/events.json", js); err != nil {
		return err
	}
	cs, err := b.eventsCSV()
	if err != nil {
		return err
	}
	if err := b.Add("data/events.csv", cs); err != nil {
		return err
	}
	// The record in TimelineJS's JSON format, for anyone who loads it
	// into a TimelineJS embed.
	tj, err := timelinejs.Export(b.ds, b.base.String())
	if err != nil {
		return err
	}
	if err := b.Add("data/timelinejs.json", tj); err != nil {
		return err
	}
	return b.addCatalogueData()
}
