// Package chart turns the tallies of package stats into the site's seven
// charts: for each one an ECharts option built with go-echarts, a data
// table, a CSV and a plain-text description generated from the numbers.
//
// Options leave this package only as JSON (json.RawMessage, marshalled with
// encoding/json, which escapes <, > and &), so pages can embed them in a
// <script type="application/json"> block. No option holds JavaScript
// (go-echarts' FuncStr): templates/assets/charts.js gives every chart its
// tooltip formatter, which builds elements with classes rather than markup
// with style attributes, so that pages can forbid inline styles.
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
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/csvsafe"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// Table is the data behind a chart, with numbers already formatted as text.
type Table struct {
	Header []string
	Rows   [][]string
	// Links, when not nil, has a row for each of Rows, each with the site
	// path of the page a cell names ("systems/<id>/", "sites/<id>/",
	// "events/<id>/") or "" for a cell that names none. Rows without
	// links may be short or nil. The CSV leaves them out.
	Links [][]string
}

// Link returns the site path of the page cell c of row r names, or "".
func (t Table) Link(r, c int) string {
	if r < len(t.Links) && c < len(t.Links[r]) {
		return t.Links[r][c]
	}
	return ""
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
	// Data is JSON holding what charts.js needs besides the table: the
	// as-of date (as_of), from which it tells the partial last year, and,
	// for the charts whose table rows are not years (sites, leader eras),
	// the per-year numbers to recompute the chart for a year range; for
	// the map also its frame and the base map's bounds.
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
// (inclusive; 0 leaves that end open), in gallery order. A year outside the
// record (before the first event's year or after the as-of year) is
// ignored, as the gallery's form and the embed pages ignore it. A range
// given backwards is turned round.
func Range(ds *event.Dataset, from, to int) []Chart {
	first, last := stats.Span(ds, stats.Years{})
	if from < first || from > last {
		from = 0
	}
	if to < first || to > last {
		to = 0
	}
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
	first, last = stats.Span(ds, y)
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

// span is the years a chart covers and the date the record is complete
// up to, which may end its last year early.
type span struct {
	first, last int
	asOf        event.Date
}

func newSpan(ds *event.Dataset, y stats.Years) span {
	first, last := stats.Span(ds, y)
	return span{first: first, last: last, asOf: ds.Meta.AsOf}
}

// partial reports whether year y is the as-of year and the record stops
// before its end: its bars are not comparable with whole years'.
func (s span) partial(y int) bool {
	a := s.asOf
	return y == a.Year && a.Month != 0 && (a.Month != 12 || (a.Day != 31 && a.Day != 0))
}

// until is how far the partial year goes: "31 Aug", or "Aug" when the
// as-of date is known to the month.
func (s span) until() string {
	if s.asOf.Day == 0 {
		return months[s.asOf.Month-1]
	}
	return fmt.Sprintf("%d %s", s.asOf.Day, months[s.asOf.Month-1])
}

// yearText names year y in a table or a sentence: "2017", or "2026 (to
// 31 Aug)" for the partial as-of year.
func (s span) yearText(y int) string {
	if s.partial(y) {
		return fmt.Sprintf("%d (to %s)", y, s.until())
	}
	return strconv.Itoa(y)
}

// yearAxis labels year y on an axis: "2017", or "2026*" for the partial
// as-of year, which the chart's note explains.
func (s span) yearAxis(y int) string {
	if s.partial(y) {
		return strconv.Itoa(y) + "*"
	}
	return strconv.Itoa(y)
}

// note is the footnote a chart shows when it ends with the partial year:
// "* 2026: to 31 Aug".
func (s span) note() string {
	if !s.partial(s.last) {
		return ""
	}
	return fmt.Sprintf("* %d: to %s", s.last, s.until())
}

// period names the span in a sentence: "From 1984 to 2022", "In 2017",
// and for a span ending in the partial as-of year "From 1984 to 31 Aug
// 2026" or "In 2026 (to 31 Aug)".
func (s span) period() string {
	switch {
	case s.first == s.last:
		return "In " + s.yearText(s.last)
	case s.partial(s.last):
		return fmt.Sprintf("From %d to %s %d", s.first, s.until(), s.last)
	}
	return fmt.Sprintf("From %d to %d", s.first, s.last)
}

// plural returns "1 missile" or "1,203 missiles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return intText(n) + " " + many
}

// intText formats a count for a sentence with thousands separators, as the
// chart axes show numbers: 7,000.
func intText(n int) string { return group(strconv.Itoa(n)) }

// numText formats a measurement for a sentence: 6.3, 4,475.
func numText(f float64) string { return group(num(f)) }

// group puts thousands separators into the integer part of a decimal
// number.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasPoint {
		b.WriteString("." + frac)
	}
	return b.String()
}
