package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

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

// jsonEvent returns the entry of an event in data/events.json.
func (b *builder) jsonEvent(e *event.Event) jsonEvent {
	ds := b.ds
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
	return je
}

// writeEventsJSON writes data/events.json an event at a time: the bytes
// are those of encoding jsonFile whole with a one-space indent.
func (b *builder) writeEventsJSON(w io.Writer) error {
	ds := b.ds
	f := jsonFile{Title: ds.Meta.Title, AsOf: ds.Meta.AsOf.String(), Licence: ds.Meta.Licence, Events: []jsonEvent{}}
	return writeJSONList(w, f, `"events": []`, " ", len(ds.Events), func(i int) any {
		return b.jsonEvent(&ds.Events[i])
	})
}

// writeJSONList writes the JSON encoding of v, in which the list that n and item give stands for the empty
// list of the key whose encoding in v is empty, such as `"events":[]`. The
// bytes are those of encoding v with the full list, but the list is
// encoded one item at a time, so that it is never whole in memory. With
// an indent, v is indented as json.MarshalIndent does with that indent and
// no prefix, and the list must be the value of a key of v itself.
//
// The files are data, never inlined into HTML: "&", "<" and ">" are
// written as they are, readable.
func writeJSONList(w io.Writer, v any, empty, indent string, n int, item func(i int) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return err
	}
	// A key's name cannot occur in v's encoding other than as a key: the
	// quotes of strings are escaped.
	data := buf.Bytes()
	at := bytes.Index(data, []byte(empty))
	if at < 0 || bytes.Contains(data[at+len(empty):], []byte(empty)) {
		return fmt.Errorf("site: %s not in the encoding of %T once", empty, v)
	}
	head := data[:at+len(empty)-1] // up to and with the list's "["
	tail := data[at+len(empty):]
	if _, err := w.Write(head); err != nil {
		return err
	}
	var sep, end []byte
	prefix := ""
	if indent != "" {
		// The items are two levels in: the list is a key's value of the
		// outer object.
		prefix = indent + indent
		sep = []byte(",\n" + prefix)
		end = []byte("\n" + indent + "]")
	} else {
		sep = []byte(",")
		end = []byte("]")
	}
	var ib bytes.Buffer
	ienc := json.NewEncoder(&ib)
	ienc.SetEscapeHTML(false)
	ienc.SetIndent(prefix, indent)
	for i := range n {
		ib.Reset()
		if i == 0 {
			if indent != "" {
				ib.WriteString("\n" + prefix)
			}
		} else {
			ib.Write(sep)
		}
		if err := ienc.Encode(item(i)); err != nil {
			return err
		}
		ib.Truncate(ib.Len() - 1) // Encode's newline
		if _, err := w.Write(ib.Bytes()); err != nil {
			return err
		}
	}
	if n > 0 {
		if _, err := w.Write(end); err != nil {
			return err
		}
	} else if _, err := w.Write([]byte("]")); err != nil {
		return err
	}
	_, err := w.Write(tail)
	return err
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

// writeEventsCSV writes data/events.csv a row at a time.
func (b *builder) writeEventsCSV(w io.Writer) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	if err := b.eachEventsCSVRow(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// eachEventsCSVRow calls f with each row of data/events.csv, without the
// header. The row is f's only until f returns.
func (b *builder) eachEventsCSVRow(f func(row []string) error) error {
	ds := b.ds
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return formatNum(*f)
	}
	row := make([]string, 0, len(csvHeader))
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
			row = append(append(append(row[:0], head...), make([]string, 14)...), tail...)
			if err := f(row); err != nil {
				return err
			}
			continue
		}
		for _, l := range e.Launches {
			sys, _ := ds.System(l.System)
			var sname, lat, lon string
			if s, ok := ds.Site(l.Site); ok {
				sname, lat, lon = s.Name, formatNum(s.Lat), formatNum(s.Lon)
			}
			row = append(append(row[:0], head...), l.System, sys.Name, string(sys.Class), strconv.FormatBool(sys.Class.IsBallistic()),
				strconv.Itoa(l.Count), strconv.FormatBool(l.CountEstimated), l.Outcome,
				l.Site, sname, lat, lon, opt(l.ApogeeKm), opt(l.RangeKm), opt(l.FlightMin))
			row = append(row, tail...)
			if err := f(row); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) addData() error {
	if err := b.Stream("data/events.json", b.writeEventsJSON); err != nil {
		return err
	}
	if err := b.Stream("data/events.csv", b.writeEventsCSV); err != nil {
		return err
	}
	// The record in TimelineJS's JSON format, for anyone who loads it
	// into a TimelineJS embed.
	err := b.Stream("data/timelinejs.json", func(w io.Writer) error {
		return timelinejs.WriteExport(w, b.ds, b.base.String())
	})
	if err != nil {
		return err
	}
	return b.addCatalogueData()
}
