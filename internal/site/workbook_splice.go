package site

import (
	"archive/zip"
	"bytes"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// An incremental build makes the workbook from the one the last build
// wrote when no event was added, removed or moved and every changed event
// keeps its number of launch groups: the rows of the two event sheets then
// keep their numbers, and only the rows of the changed events are written
// again (by excelize, as a full build writes them) into the sheets' XML of
// the last workbook. The other parts come from a workbook written without
// the events' rows. The parts are compressed again as excelize compresses
// them, so the bytes are those of a full build; TestIncrementalSameAsFull
// checks it.

// workbookHook, when set by a test, is called for each workbook made from
// the last build's.
var workbookHook func()

// The parts of the event sheets, in the order of workbookSheets.
const (
	eventsSheetPart = "xl/worksheets/sheet1.xml"
	groupsSheetPart = "xl/worksheets/sheet2.xml"
)

// workbookFromPrevious returns the workbook made from the last build's,
// or false when the plan does not allow it or anything is not as
// expected.
func (b *builder) workbookFromPrevious(sys, sites table) ([]byte, bool) {
	p, ds := b.plan, b.ds
	if p == nil || p.prevData == nil || len(p.order) != len(ds.Events) || len(p.changed) == 0 {
		return nil, false
	}
	// Row numbers: the events sheet has a row per event, the launch
	// groups sheet one per launch group or one for an event without.
	type rows struct {
		event, group, groups int // first row in each sheet, groups rows
	}
	at := make([]rows, len(ds.Events))
	next := 2 // after the header
	for i := range ds.Events {
		e := &ds.Events[i]
		if p.order[i] != e.ID {
			return nil, false
		}
		n := max(len(e.Launches), 1)
		if old, ok := p.prevEvents[e.ID]; !ok || old.Groups != n {
			return nil, false
		}
		at[i] = rows{event: i + 2, group: next, groups: n}
		next += n
	}
	old := p.prevData("data/nktimeline.xlsx")
	if old == nil {
		return nil, false
	}
	zr, err := zip.NewReader(bytes.NewReader(old), int64(len(old)))
	if err != nil {
		return nil, false
	}
	sheets := map[string][]byte{eventsSheetPart: nil, groupsSheetPart: nil}
	for _, f := range zr.File {
		if _, ok := sheets[f.Name]; ok {
			if sheets[f.Name], err = readPart(f); err != nil {
				return nil, false
			}
		}
	}
	if sheets[eventsSheetPart] == nil || sheets[groupsSheetPart] == nil {
		return nil, false
	}

	// The new rows of the changed events, written by excelize into a
	// scratch workbook at their row numbers.
	var evRows, grRows [][]string
	var evAt, grAt []int
	for i := range ds.Events {
		e := &ds.Events[i]
		if !p.changed[e.ID] {
			continue
		}
		evRows, evAt = append(evRows, b.eventRow(e)), append(evAt, at[i].event)
		for k, r := range b.eventCSVRows(nil, e) {
			grRows, grAt = append(grRows, r), append(grAt, at[i].group+k)
		}
	}
	scratch, err := scratchRows([][][]string{evRows, grRows}, [][]int{evAt, grAt})
	if err != nil {
		return nil, false
	}
	for k, part := range []string{eventsSheetPart, groupsSheetPart} {
		spliced, ok := spliceRows(sheets[part], scratch[k])
		if !ok {
			return nil, false
		}
		sheets[part] = spliced
	}

	// The other parts, from a workbook without the events' rows.
	raw, err := b.rawWorkbook([]sheet{tableSheet(table{Header: columnNames(eventColumns)}), tableSheet(table{Header: csvHeader}), tableSheet(sys), tableSheet(sites)})
	if err != nil {
		return nil, false
	}
	zr, err = zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		data, ok := sheets[f.Name]
		if !ok {
			if data, err = readPart(f); err != nil {
				return nil, false
			}
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, false
		}
		if _, err := w.Write(data); err != nil {
			return nil, false
		}
	}
	if err := zw.Close(); err != nil {
		return nil, false
	}
	var out bytes.Buffer
	err = repack(&out, buf.Bytes())
	return out.Bytes(), err == nil
}

func readPart(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// scratchRows writes rows[k] into sheet k of a scratch workbook at the row
// numbers at[k] (ascending), and returns the XML of each row by its number,
// sheet by sheet.
func scratchRows(rows [][][]string, at [][]int) ([]map[int][]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	names := make([]string, len(rows))
	for k := range rows {
		names[k] = "s" + strconv.Itoa(k)
		if k == 0 {
			if err := f.SetSheetName("Sheet1", names[k]); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(names[k]); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(names[k])
		if err != nil {
			return nil, err
		}
		for j, cells := range rows[k] {
			row := make([]any, len(cells))
			for i, c := range cells {
				row[i] = cellValue(c)
			}
			cell, err := excelize.CoordinatesToCellName(1, at[k][j])
			if err != nil {
				return nil, err
			}
			if err := sw.SetRow(cell, row); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	out := make([]map[int][]byte, len(rows))
	for k := range rows {
		out[k] = map[int][]byte{}
		part := "xl/worksheets/sheet" + strconv.Itoa(k+1) + ".xml"
		for _, zf := range zr.File {
			if zf.Name != part {
				continue
			}
			data, err := readPart(zf)
			if err != nil {
				return nil, err
			}
			for _, r := range rowSpans(data) {
				out[k][r.num] = data[r.start:r.end]
			}
		}
		if len(out[k]) != len(rows[k]) {
			return nil, io.ErrUnexpectedEOF
		}
	}
	return out, nil
}

// rowSpan is where a row element lies in a sheet's XML.
type rowSpan struct {
	num, start, end int
}

// rowSpans finds the row elements of a sheet's XML, in order. Cell text
// is escaped, so "<row " starts an element wherever it stands.
func rowSpans(data []byte) []rowSpan {
	var spans []rowSpan
	open, end := []byte(`<row r="`), []byte(`</row>`)
	for off := 0; ; {
		i := bytes.Index(data[off:], open)
		if i < 0 {
			return spans
		}
		start := off + i
		q := bytes.IndexByte(data[start+len(open):], '"')
		j := bytes.Index(data[start:], end)
		if q < 0 || j < 0 {
			return spans
		}
		num, err := strconv.Atoi(string(data[start+len(open) : start+len(open)+q]))
		if err != nil {
			return spans
		}
		spans = append(spans, rowSpan{num: num, start: start, end: start + j + len(end)})
		off = start + j + len(end)
	}
}

// spliceRows returns the sheet's XML with the rows of the numbers in
// rows replaced by their XML, or false when a row is not there.
func spliceRows(sheet []byte, rows map[int][]byte) ([]byte, bool) {
	out := make([]byte, 0, len(sheet)+len(sheet)/64)
	last, found := 0, 0
	for _, r := range rowSpans(sheet) {
		x, ok := rows[r.num]
		if !ok {
			continue
		}
		out = append(out, sheet[last:r.start]...)
		out = append(out, x...)
		last = r.end
		found++
	}
	if found != len(rows) {
		return nil, false
	}
	return append(out, sheet[last:]...), true
}
