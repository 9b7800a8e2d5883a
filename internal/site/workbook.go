package site

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nktimeline/timeline/internal/event"
)

// data/nktimeline.xlsx: the record as one workbook for analysts who work
// in spreadsheets, with a sheet each for the events, the launch groups (the
// rows of events.csv), the systems (systems.csv) and the sites (sites.csv).
// Cells that are plain decimal numbers are written as numbers, the rest as
// text (never as formulas). The bytes are the same on every build of the
// same record: the document's dates are the as-of date, and the zip
// entries carry no time.

// workbookSheets names the sheets, in order.
var workbookSheets = []string{"events", "launch groups", "systems", "sites"}

// eventColumns documents the columns of the workbook's events sheet, one
// row per event.
var eventColumns = []fieldDoc{
	{Name: "id", About: "The event's id; its page is events/<id>/."},
	{Name: "date", About: "The local date in Korea: YYYY-MM-DD, YYYY-MM or YYYY."},
	{Name: "date_precision", About: "day, month or year."},
	{Name: "end_date", About: "The last day of an event of several days; empty otherwise."},
	{Name: "time", About: "The time (KST, HH:MM) when reported."},
	{Name: "kind", About: "The kind of event."},
	{Name: "title", About: "The title."},
	{Name: "summary", About: "The summary, as plain text."},
	{Name: "launch_groups", About: "The number of launch groups."},
	{Name: "missiles", About: "Missiles of every class: the sum of the counts of the launch groups."},
	{Name: "ballistic_missiles", About: "The ballistic missiles among them (the counting rule's figure)."},
	{Name: "outcome", About: "The launch groups' outcomes summed up (\"success\", \"2 success, 1 failure\")."},
	{Name: "systems", About: "The ids of the systems launched, separated by \"; \"."},
	{Name: "sites", About: "The ids of the launch sites (or the nuclear test site), separated by \"; \"."},
	{Name: "tags", About: "The tags, separated by \"; \"."},
	{Name: "sources", About: "The sources' URLs, separated by spaces."},
	{Name: "url", About: "The absolute URL of the event's page."},
}

// A sheet is the header and rows of a workbook sheet. Rows calls f with
// each row in turn; a row is f's only until f returns.
type sheet struct {
	Header []string
	Rows   func(f func(row []string) error) error
}

// tableSheet is a sheet of the rows of t.
func tableSheet(t table) sheet {
	return sheet{Header: t.Header, Rows: func(f func([]string) error) error {
		for _, r := range t.Rows {
			if err := f(r); err != nil {
				return err
			}
		}
		return nil
	}}
}

// eventsSheet is the workbook's events sheet, a row per event.
func (b *builder) eventsSheet() sheet {
	return sheet{Header: columnNames(eventColumns), Rows: func(f func([]string) error) error {
		for i := range b.ds.Events {
			if err := f(b.eventRow(&b.ds.Events[i])); err != nil {
				return err
			}
		}
		return nil
	}}
}

// eventRow is the row of the event e in the workbook's events sheet.
func (b *builder) eventRow(e *event.Event) []string {
	v := b.view(e)
	missiles := 0
	for _, l := range e.Launches {
		missiles += l.Count
	}
	var systems, sites, srcs []string
	for _, s := range v.Systems {
		systems = append(systems, s.ID)
	}
	for _, s := range v.Sites {
		sites = append(sites, s.ID)
	}
	if e.Nuclear != nil && e.Nuclear.Site != "" {
		sites = append(sites, e.Nuclear.Site)
	}
	for _, s := range e.Sources {
		srcs = append(srcs, s.URL)
	}
	return []string{
		e.ID, e.Date.String(), e.Date.Precision().String(), e.EndDate.String(), e.Time, string(e.Kind),
		e.Title, b.md.Plain(e.Summary), strconv.Itoa(len(e.Launches)), strconv.Itoa(missiles),
		strconv.Itoa(v.Ballistic), v.Outcome,
		strings.Join(systems, "; "), strings.Join(sites, "; "), strings.Join(e.Tags, "; "),
		strings.Join(srcs, " "), b.AbsURL(eventPath(e.ID)),
	}
}

// launchGroupsSheet is the workbook's launch groups sheet: the rows of
// data/events.csv.
func (b *builder) launchGroupsSheet() sheet {
	return sheet{Header: csvHeader, Rows: b.eachEventsCSVRow}
}

// writeWorkbook writes the four sheets as an .xlsx file to w. An
// incremental build takes it from the last build's workbook when it can
// (workbookFromPrevious); otherwise the sheets are written a row at a
// time, without the record's rows whole in memory.
func (b *builder) writeWorkbook(w io.Writer, sys, sites table) error {
	if data, ok := b.workbookFromPrevious(sys, sites); ok {
		if workbookHook != nil {
			workbookHook()
		}
		_, err := w.Write(data)
		return err
	}
	raw, err := b.rawWorkbook([]sheet{b.eventsSheet(), b.launchGroupsSheet(), tableSheet(sys), tableSheet(sites)})
	if err != nil {
		return err
	}
	return repack(w, raw)
}

// rawWorkbook writes the sheets of a workbook, as excelize does: the
// parts in no fixed order (see repack).
func (b *builder) rawWorkbook(sheets []sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	// The document's dates: the as-of date, not the time of the build.
	asOf := b.site.AsOf
	stamp := time.Date(asOf.Year, time.Month(max(asOf.Month, 1)), max(asOf.Day, 1), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: b.site.Title, Creator: b.site.Title, Description: b.site.Description + " " + b.site.Licence,
		Created: stamp, Modified: stamp, LastModifiedBy: b.site.Title, Language: "en",
	}); err != nil {
		return nil, err
	}
	for i, name := range workbookSheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := writeSheet(f, name, sheets[i]); err != nil {
			return nil, fmt.Errorf("site: workbook sheet %s: %w", name, err)
		}
	}
	// The archive, compressed, is a fraction of the sheets' size.
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// repack rewrites a zip archive with its entries in a fixed order
// ([Content_Types].xml first, as Office writes it, then by name) and no
// modification times: excelize writes the parts in the order of a map's
// iteration, which changes from one run to the next.
func repack(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		// Copy moves the compressed bytes as they are; excelize writes
		// no entry times, so the headers are the same on every run too.
		if f.ModifiedDate != 0 || f.ModifiedTime != 0 { //nolint:staticcheck // the raw MS-DOS fields say whether a time was written
			return fmt.Errorf("site: workbook part %s has a time, %v", f.Name, f.Modified)
		}
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSheet streams a table into a sheet: a bold, frozen header row, then
// the rows, numbers as numbers.
func writeSheet(f *excelize.File, name string, t sheet) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := make([]any, len(t.Header))
	r := 0
	err = t.Rows(func(cells []string) error {
		for i, c := range cells {
			row[i] = cellValue(c)
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		r++
		return sw.SetRow(cell, row[:len(cells)])
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// cellValue is a CSV cell as a workbook value: a plain decimal number as a
// number, anything else as text.
func cellValue(s string) any {
	if s == "" {
		return nil
	}
	if plainDecimal(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}

// plainDecimal reports whether s is an optional minus sign, digits and an
// optional fraction, without leading zeros that a number would lose
// ("007").
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	i, frac, dot := strings.Cut(s, ".")
	if i == "" || (len(i) > 1 && i[0] == '0') || len(s) > 15 {
		return false
	}
	for _, part := range []string{i, frac} {
		for k := 0; k < len(part); k++ {
			if part[k] < '0' || part[k] > '9' {
				return false
			}
		}
	}
	return !dot || frac != ""
}
