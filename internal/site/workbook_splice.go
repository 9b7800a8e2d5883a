package site

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// An incremental build makes the workbook from the one the last build
// wrote when no event was added, removed or moved and every changed event
// keeps its number of launch groups: the rows of the two event sheets then
// keep their numbers, and only the chunks of the sheets (see sheetChunk)
// that hold a changed event's rows are taken apart, given the rows that
// excelize writes for the event (as a full build writes them) and
// compressed again; the other chunks are copied compressed. The other parts
// come from a workbook written without the events' rows, or, when no
// event changed in more than its prose (so that the systems and sites
// sheets are the same), from the last workbook as they lie compressed in
// it. So the bytes are those of a full build; TestIncrementalSameAsFull
// checks it.

// workbookHook, when set by a test, is called for each workbook made from
// the last build's.
var workbookHook func()

// The parts of the event sheets, in the order of workbookSheets.
const (
	eventsSheetPart = "xl/worksheets/sheet1.xml"
	groupsSheetPart = "xl/worksheets/sheet2.xml"
)

// workbookName is the workbook's file name in the output.
const workbookName = "data/nktimeline.xlsx"

// workbookState is what a build recorded of the workbook: the chunks of
// its event sheets (without their bytes) and, on disk, its stamp
// (fileStamp).
type workbookState struct {
	Stamp  string
	Sheets [2][]sheetChunk
}

// recordWorkbook records the chunks of the workbook the build wrote.
func (b *builder) recordWorkbook(chunks [2][]sheetChunk) {
	st := &workbookState{}
	for k, c := range chunks {
		st.Sheets[k] = make([]sheetChunk, len(c))
		for i, x := range c {
			x.Data = nil
			st.Sheets[k][i] = x
		}
	}
	b.mu.Lock()
	b.workbook = st
	b.mu.Unlock()
}

// workbookFromPrevious returns the parts (or raw parts) and the event
// sheets' chunks of the workbook made from the last build's, or false when
// the plan does not allow it or anything is not as expected.
// The chunks' bytes may lie in memory that release lets go, once the
// workbook is written.
func (b *builder) workbookFromPrevious() (parts map[string][]byte, raw map[string]rawPart, chunks [2][]sheetChunk, release func(), ok bool) {
	release = func() {}
	defer func() {
		if !ok {
			release()
		}
	}()
	parts, raw, chunks, ok = b.previousWorkbook(&release)
	return parts, raw, chunks, release, ok
}

func (b *builder) previousWorkbook(release *func()) (map[string][]byte, map[string]rawPart, [2][]sheetChunk, bool) {
	var none [2][]sheetChunk
	p, ds := b.plan, b.ds
	if p == nil || p.prevSource == nil || p.prev.Workbook == nil || !p.sameOrder {
		return nil, nil, none, false
	}
	// Row numbers: the events sheet has a row per event, the launch
	// groups sheet one per launch group or one for an event without. An
	// event whose file did not change has the groups it had.
	var evRows, grRows [][]string
	var evAt, grAt []int
	group := 2
	for i := range ds.Events {
		e := &ds.Events[i]
		n := max(len(e.Launches), 1)
		if p.changedAt[i] {
			if old, ok := p.prev.Events[e.ID]; !ok || old.Groups != n {
				return nil, nil, none, false
			}
			evRows, evAt = append(evRows, b.eventRow(e)), append(evAt, i+2)
			for k, r := range b.eventCSVRows(nil, e) {
				grRows, grAt = append(grRows, r), append(grAt, group+k)
			}
		}
		group += n
	}
	cuts := b.workbookCuts()
	for k := range cuts {
		old := p.prev.Workbook.Sheets[k]
		if len(old) != len(cuts[k])+1 {
			return nil, nil, none, false
		}
		for i, row := range cuts[k] {
			if old[i+1].Row != row {
				return nil, nil, none, false
			}
		}
	}
	src := p.prevSource(workbookName, splicedState{Stamp: p.prev.Workbook.Stamp})
	if src == nil {
		return nil, nil, none, false
	}
	defer closeSource(src)
	zr, err := zip.NewReader(src, src.Size())
	if err != nil {
		return nil, nil, none, false
	}
	// Where each sheet's compressed bytes lie in the last workbook.
	var at [2]int64
	found := 0
	for _, f := range zr.File {
		for k, part := range []string{eventsSheetPart, groupsSheetPart} {
			if f.Name != part || f.Method != zip.Deflate {
				continue
			}
			var size, csize int64
			var sum uint32
			for i, c := range p.prev.Workbook.Sheets[k] {
				if i == 0 {
					sum = c.CRC
				} else {
					sum = crc32Combine(sum, c.CRC, c.Size)
				}
				size += c.Size
				csize += c.CSize
			}
			off, err := f.DataOffset()
			if err != nil || f.CRC32 != sum || f.UncompressedSize64 != uint64(size) || f.CompressedSize64 != uint64(csize) {
				return nil, nil, none, false
			}
			at[k] = off
			found++
		}
	}
	if found != 2 {
		return nil, nil, none, false
	}

	// The new rows of the changed events, written by excelize into a
	// scratch workbook at their row numbers.
	scratch, err := scratchRows([][][]string{evRows, grRows}, [][]int{evAt, grAt})
	if err != nil {
		return nil, nil, none, false
	}
	// The last workbook's bytes: in memory, or mapped from its file.
	whole, done, err := sourceBytes(src)
	if err != nil {
		return nil, nil, none, false
	}
	*release = done
	var chunks [2][]sheetChunk
	for k := range chunks {
		old := p.prev.Workbook.Sheets[k]
		chunks[k] = make([]sheetChunk, len(old))
		off := at[k]
		for i, c := range old {
			if off < 0 || c.CSize < 0 || off+c.CSize > int64(len(whole)) {
				return nil, nil, none, false
			}
			data := whole[off : off+c.CSize : off+c.CSize]
			off += c.CSize
			c.Data = data
			// The rows of changed events this chunk holds.
			end := int(^uint(0) >> 1)
			if i+1 < len(old) {
				end = old[i+1].Row
			}
			rows := map[int][]byte{}
			for num, x := range scratch[k] {
				if c.Row <= num && num < end {
					rows[num] = x
				}
			}
			if len(rows) > 0 {
				xml, ok := inflateChunk(c)
				if !ok {
					return nil, nil, none, false
				}
				if xml, ok = spliceRows(xml, rows); !ok {
					return nil, nil, none, false
				}
				if c, err = compressChunk(c.Row, xml, i == len(old)-1); err != nil {
					return nil, nil, none, false
				}
			}
			chunks[k][i] = c
		}
	}

	// The other parts: when the facts are the same, those of the last
	// workbook; else from a workbook without the events' rows.
	if !p.allAspects {
		raw := map[string]rawPart{}
		for _, f := range zr.File {
			if f.Name == eventsSheetPart || f.Name == groupsSheetPart {
				continue
			}
			r, err := f.OpenRaw()
			if err != nil {
				return nil, nil, none, false
			}
			data, err := io.ReadAll(r)
			if err != nil {
				return nil, nil, none, false
			}
			raw[f.Name] = rawPart{header: f.FileHeader, data: data}
		}
		return nil, raw, chunks, true
	}
	w, err := b.rawWorkbook([]sheet{tableSheet(table{Header: columnNames(eventColumns)}), tableSheet(table{Header: csvHeader}),
		tableSheet(b.systemsTable()), tableSheet(b.sitesTable())}, [2][]int{})
	if err != nil {
		return nil, nil, none, false
	}
	parts := w.parts
	if parts[eventsSheetPart] == nil || parts[groupsSheetPart] == nil {
		return nil, nil, none, false
	}
	delete(parts, eventsSheetPart)
	delete(parts, groupsSheetPart)
	return parts, nil, chunks, true
}

// inflateChunk returns the XML of the chunk c, checked against its length
// and CRC.
func inflateChunk(c sheetChunk) ([]byte, bool) {
	r := flate.NewReader(bytes.NewReader(c.Data))
	defer r.Close()
	xml := make([]byte, c.Size)
	// A chunk but the last ends without a final block: its reader stops
	// with an unexpected end once it has given the bytes.
	if _, err := io.ReadFull(r, xml); err != nil || crc32.ChecksumIEEE(xml) != c.CRC {
		return nil, false
	}
	return xml, true
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
	parts := &workbookParts{parts: map[string][]byte{}}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return parts })
	if err := f.Write(io.Discard); err != nil {
		return nil, err
	}
	out := make([]map[int][]byte, len(rows))
	for k := range rows {
		out[k] = map[int][]byte{}
		data := parts.parts["xl/worksheets/sheet"+strconv.Itoa(k+1)+".xml"]
		for _, r := range rowSpans(data) {
			out[k][r.num] = data[r.start:r.end]
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
