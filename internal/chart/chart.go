// Package chart turns the tallies of package stats into the site's seven
// charts: for each one an ECharts option built with go-echarts, a data
// table, a CSV and a plain-text description generated from the numbers.
//
// Options leave this package only as JSON (json.RawMessage, marshalled with
// encoding/json, which escapes <, > and &), so pages can embed them in a
// <script type="application/json"> block. No option holds JavaScript
// (go-echarts' FuncStr): tooltips use ECharts' string templates.
//
// The embed pages recompute a chart for a year range (?from=&to=) in the
// browser (templates/assets/charts.js) from the table of the whole record
// and, for the charts whose rows are not years, from Chart.Data. Range is
// the reference for that code: the browser tests compare the two.
package chart

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/nktimeline/timeline/internal/csvsafe"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// Table is the data behind a chart, with numbers already formatted as text.
type Table struct {
	Header []string
	Rows   [][]string
}

// CSV returns the table as RFC 4180 CSV (CRLF line ends), header first,
// with cells that a spreadsheet would run as formulas neutralised
// (package csvsafe).
func (t Table) CSV() []byte {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	// Writing to a bytes.Buffer cannot fail.
	_ = w.Write(t.Header)
	_ = w.WriteAll(t.Rows)
	return b.Bytes()
}

// Chart is one chart of the site.
type Chart struct {
	ID          string // URL slug: out/charts/<ID>/, out/data/<ID>.csv
	Title       string // plain text
	Description string // plain text generated from the data, 1–4 sentences
	// Definition says in plain text what the chart counts and how, for the
	// methodology page; it does not depend on the data or the range.
	Definition string
	Table      Table           // the numbers the chart plots
	Option     json.RawMessage // the ECharts option, built with go-echarts, as JSON
	Map        bool            // needs the base map registered as "korea"

	// Height is the height in CSS pixels the chart needs to be legible at
	// a width of about 640 pixels.
	Height int
	// FixedHeight says Height depends on the data (rows of a heatmap), not
	// on the width: narrower screens keep it.
	FixedHeight bool
	// Data, when not nil, is JSON holding the per-year numbers that
	// charts.js needs to recompute the chart for a year range, for the
	// charts whose table rows are not years (sites, leader eras).
	Data json.RawMessage
	// From and To are the years the chart covers.
	From, To int
}

// IDs lists the charts' ids in gallery order.
var IDs = []string{
	"ballistic-missiles-per-year",
	"tests-per-year",
	"nuclear-tests",
	"ballistic-missiles-by-month",
	"launch-sites",
	"reach-per-year",
	"missiles-per-leader",
}

// All returns the seven charts of the whole record, in gallery order.
func All(ds *event.Dataset) []Chart {
	return Range(ds, 0, 0)
}

// Range returns the seven charts for the years from through to
// (inclusive; 0 leaves that end open), in gallery order. The years are
// clamped to the record: from the first event's year to the as-of year. A
// range given backwards is turned round.
func Range(ds *event.Dataset, from, to int) []Chart {
	if from != 0 && to != 0 && from > to {
		from, to = to, from
	}
	y := stats.Years{From: from, To: to}
	cs := []Chart{
		ballisticPerYear(ds, y),
		testsPerYear(ds, y),
		nuclearTests(ds, y),
		ballisticByMonth(ds, y),
		launchSites(ds, y),
		reachPerYear(ds, y),
		missilesPerLeader(ds, y),
	}
	first, last := stats.Span(ds, y)
	for i := range cs {
		cs[i].From, cs[i].To = first, last
	}
	return cs
}

// ByID returns the chart with the id from cs.
func ByID(cs []Chart, id string) (Chart, bool) {
	for _, c := range cs {
		if c.ID == id {
			return c, true
		}
	}
	return Chart{}, false
}

// period names a span of years in a sentence: "From 1984 to 2026", "In 2017".
func period(first, last int) string {
	if first == last {
		return fmt.Sprintf("In %d", first)
	}
	return fmt.Sprintf("From %d to %d", first, last)
}

// plural returns "1 missile" or "3 missiles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
