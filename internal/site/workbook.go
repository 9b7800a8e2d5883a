package site

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
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
	v := b.eventView(e)
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
		e.Title, b.plainSummary(v.info), strconv.Itoa(len(e.Launches)), strconv.Itoa(missiles),
		strconv.Itoa(v.Ballistic), v.Outcome,
		strings.Join(systems, "; "), strings.Join(sites, "; "), strings.Join(e.Tags, "; "),
		strings.Join(srcs, " "), v.info.absURL,
	}
}

// launchGroupsSheet is the workbook's launch groups sheet: the rows of
// data/events.csv.
func (b *builder) launchGroupsSheet() sheet {
	return sheet{Header: csvHeader, Rows: b.eachEventsCSVRow}
}

// writeWorkbook writes the four sheets as an .xlsx file to w. An
// incremental build takes it from the last build's workbook when it can
// (workbookFromPrevious); otherwise excelize writes the workbook but for
// the rows of the event sheets, which are written into their sheets as the
// record is read and compressed a chunk of rows at a time (see
// sheetChunker), on every core: the record's rows are never whole in
// memory, nor in a temporary file.
func (b *builder) writeWorkbook(w io.Writer) error {
	if parts, raw, chunks, release, ok := b.workbookFromPrevious(); ok {
		defer release()
		if workbookHook != nil {
			workbookHook()
		}
		b.recordWorkbook(chunks)
		return writeWorkbookZip(w, parts, raw, chunks)
	}
	parts, err := b.rawWorkbook([]sheet{b.eventsSheet(), b.launchGroupsSheet(), tableSheet(b.systemsTable()), tableSheet(b.sitesTable())}, b.workbookCuts())
	if err != nil {
		return err
	}
	b.recordWorkbook(parts.chunks)
	return writeWorkbookZip(w, parts.parts, nil, parts.chunks)
}

// addWorkbook adds data/nktimeline.xlsx, which startWorkbook claimed. An
// incremental build in which no event changed keeps the last one.
func (b *builder) addWorkbook() error {
	if p := b.plan; p != nil && len(p.changed) == 0 && p.sameOrder && p.prev.Workbook != nil && p.prevSource != nil {
		if src := p.prevSource(workbookName, splicedState{Stamp: p.prev.Workbook.Stamp}); src != nil {
			defer closeSource(src)
			var err error
			if m, ok := src.(memSource); ok {
				err = b.out.Put(workbookName, m)
			}
			b.mu.Lock()
			b.workbook = p.prev.Workbook
			b.mu.Unlock()
			return err
		}
	}
	return b.streamClaimed(workbookName, 0, b.writeWorkbook)
}

// A rawPart is a part of a workbook as it lies compressed in another.
type rawPart struct {
	header zip.FileHeader
	data   []byte
}

// rawWorkbook writes the sheets of a workbook with excelize and returns
// its parts: each event sheet (the first two) that cuts gives rows to cut
// at compressed in chunks, the others as they are.
func (b *builder) rawWorkbook(sheets []sheet, cuts [2][]int) (*workbookParts, error) {
	f := excelize.NewFile()
	defer f.Close()
	parts := &workbookParts{parts: map[string][]byte{}}
	for k, part := range []string{eventsSheetPart, groupsSheetPart} {
		if cuts[k] != nil {
			// The chunker writes the rows; excelize, the header.
			parts.sheets[k] = &sheetChunker{name: part, cuts: cuts[k], rows: sheets[k].Rows}
		}
	}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return parts })
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
		t := sheets[i]
		if i < len(parts.sheets) && parts.sheets[i] != nil {
			t.Rows = nil
		}
		if err := writeSheet(f, name, t); err != nil {
			return nil, fmt.Errorf("site: workbook sheet %s: %w", name, err)
		}
	}
	// The parts go to parts, not to the writer.
	if err := f.Write(io.Discard); err != nil {
		return nil, err
	}
	return parts, nil
}

// workbookParts receives the parts of a workbook as excelize writes them
// (it is its ZipWriter): the event sheets that sheets holds a chunker for
// are compressed a chunk at a time, the other parts kept as they are.
type workbookParts struct {
	parts  map[string][]byte
	bufs   map[string]*bytes.Buffer
	sheets [2]*sheetChunker
	// chunks are the event sheets' chunks, once Close has run.
	chunks [2][]sheetChunk
}

func (w *workbookParts) Create(name string) (io.Writer, error) {
	for _, c := range w.sheets {
		if c != nil && c.name == name {
			return c, nil
		}
	}
	if w.bufs == nil {
		w.bufs = map[string]*bytes.Buffer{}
	}
	buf := new(bytes.Buffer)
	w.bufs[name] = buf
	return buf, nil
}

func (w *workbookParts) AddFS(fs.FS) error {
	return fmt.Errorf("site: workbook: no files from a file system")
}

func (w *workbookParts) Close() error {
	for name, buf := range w.bufs {
		w.parts[name] = buf.Bytes()
	}
	for k, c := range w.sheets {
		if c == nil {
			continue
		}
		chunks, err := c.finish()
		if err != nil {
			return err
		}
		w.chunks[k] = chunks
		delete(w.parts, c.name)
	}
	return nil
}

// workbookChunk is how many events' rows each compressed chunk of the
// event sheets holds (a variable for tests).
var workbookChunk = 256

// workbookLevel is the compression level of the event sheets' chunks.
// klauspost/compress's DEFLATE at 5 makes them about 4% larger than at 7,
// in about 60% of its time (the sheets of 10,000 events: 2.57 MB in 61 ms
// of CPU against 2.46 MB in 97 ms).
const workbookLevel = 5

// A sheetChunk is a chunk of rows of an event sheet, compressed on its
// own: a DEFLATE stream that begins with an empty dictionary and, but for
// the sheet's last chunk, ends with a sync flush, so that the chunks of a
// sheet one after another are the sheet's compressed part, and a chunk can
// be taken from one workbook into another as it is.
type sheetChunk struct {
	// Row is the number of the first row it holds; 0 for the first chunk,
	// which begins with the sheet's head.
	Row int
	// Size and CRC are the length and CRC-32 of its XML.
	Size int64
	CRC  uint32
	// Data is its compressed bytes, and CSize their length.
	Data  []byte
	CSize int64
}

// workbookCuts returns the rows that start a chunk in each event sheet:
// those of every workbookChunk-th event.
func (b *builder) workbookCuts() [2][]int {
	cuts := [2][]int{{}, {}}
	group := 2
	for i := range b.ds.Events {
		if i > 0 && i%workbookChunk == 0 {
			cuts[0] = append(cuts[0], i+2)
			cuts[1] = append(cuts[1], group)
		}
		group += max(len(b.ds.Events[i].Launches), 1)
	}
	return cuts
}

// A sheetChunker takes a sheet's XML as excelize writes it, without the
// rows after the header, and writes the rows itself (see sheetRows) where
// the sheet's data ends, cutting before each row of cuts; it compresses the
// sheet a chunk at a time, the chunks on every core.
type sheetChunker struct {
	name string
	cuts []int
	rows func(f func(row []string) error) error
	buf  []byte
	done bool // whether the rows are written
	row  int  // the first row of buf
	out  []*compressed
	wg   sync.WaitGroup
	sem  chan struct{}
}

// compressed is a chunk being compressed.
type compressed struct {
	chunk sheetChunk
	err   error
}

// sheetDataEnd ends the rows of a sheet's XML. Cell text is escaped: it
// stands in the XML once.
const sheetDataEnd = "</sheetData>"

func (c *sheetChunker) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	if c.done {
		return len(p), nil
	}
	i := bytes.Index(c.buf, []byte(sheetDataEnd))
	if i < 0 {
		return len(p), nil
	}
	c.done = true
	rest := bytes.Clone(c.buf[i:])
	c.buf = c.buf[:i]
	var w sheetRows
	r := 1 // the header's row
	err := c.rows(func(cells []string) error {
		r++
		if len(c.cuts) > 0 && c.cuts[0] == r {
			// The chunk keeps the bytes before the row; the next one
			// starts in other memory, a compressed chunk's or new.
			c.emit(c.buf, false)
			c.buf = sheetBuf(len(c.buf))
			c.row = r
			c.cuts = c.cuts[1:]
		}
		var err error
		c.buf, err = w.appendRow(c.buf, r, cells)
		return err
	})
	if err != nil {
		return 0, err
	}
	c.buf = append(c.buf, rest...)
	return len(p), nil
}

// emit compresses data, a chunk of the sheet, in the background.
func (c *sheetChunker) emit(data []byte, last bool) {
	if c.sem == nil {
		c.sem = make(chan struct{}, runtime.GOMAXPROCS(0))
	}
	out, row := &compressed{}, c.row
	c.out = append(c.out, out)
	c.wg.Add(1)
	c.sem <- struct{}{}
	go func() {
		defer func() { <-c.sem; c.wg.Done() }()
		out.chunk, out.err = compressChunk(row, data, last)
		sheetBufs.Put(&data)
	}()
}

// sheetBufs holds the memory of chunks of sheet XML once compressed, as
// *[]byte, for the chunks that come after them: only the chunks being
// compressed and the one being written are in memory at once.
var sheetBufs sync.Pool

// sheetBuf returns an empty buffer for a chunk of sheet XML of about size
// bytes, from sheetBufs when it holds one as large, else new with some
// room to spare.
func sheetBuf(size int) []byte {
	if p, ok := sheetBufs.Get().(*[]byte); ok && cap(*p) >= size {
		return (*p)[:0]
	}
	return make([]byte, 0, size+size/4)
}

// finish compresses the rest and returns the chunks, or an error when a
// row to cut at never came.
func (c *sheetChunker) finish() ([]sheetChunk, error) {
	c.emit(c.buf, true)
	c.buf = nil
	c.wg.Wait()
	if !c.done {
		return nil, fmt.Errorf("site: workbook: no end of the rows in %s", c.name)
	}
	if len(c.cuts) > 0 {
		return nil, fmt.Errorf("site: workbook: no row %d in %s", c.cuts[0], c.name)
	}
	chunks := make([]sheetChunk, len(c.out))
	for i, o := range c.out {
		if o.err != nil {
			return nil, o.err
		}
		chunks[i] = o.chunk
	}
	return chunks, nil
}

var flateWriters sync.Pool

// compressChunk compresses data, a chunk of a sheet that begins with the
// row row, on its own (see sheetChunk).
func compressChunk(row int, data []byte, last bool) (sheetChunk, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 6)
	fw, _ := flateWriters.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(&buf, workbookLevel); err != nil {
			return sheetChunk{}, err
		}
	} else {
		fw.Reset(&buf)
	}
	defer flateWriters.Put(fw)
	if _, err := fw.Write(data); err != nil {
		return sheetChunk{}, err
	}
	var err error
	if last {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	if err != nil {
		return sheetChunk{}, err
	}
	return sheetChunk{Row: row, Size: int64(len(data)), CRC: crc32.ChecksumIEEE(data), Data: buf.Bytes(), CSize: int64(buf.Len())}, nil
}

// writeWorkbookZip writes the workbook of the parts (or those parts as
// they lie compressed in another workbook, raw) and the compressed event
// sheets to w, the parts in a fixed order ([Content_Types].xml first, as
// Office writes it, then by name) and without times, so that the same
// sheets give the same bytes: excelize writes the parts in the order of a
// map's iteration, which changes from one run to the next.
func writeWorkbookZip(w io.Writer, parts map[string][]byte, raw map[string]rawPart, chunks [2][]sheetChunk) error {
	sheets := map[string][]sheetChunk{eventsSheetPart: chunks[0], groupsSheetPart: chunks[1]}
	names := make([]string, 0, len(parts)+len(raw)+2)
	for name := range parts {
		names = append(names, name)
	}
	for name := range raw {
		names = append(names, name)
	}
	for name, c := range sheets {
		if c != nil {
			if _, dup := parts[name]; dup {
				return fmt.Errorf("site: workbook part %s twice", name)
			}
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	for _, name := range names {
		if c := sheets[name]; c != nil {
			fh := &zip.FileHeader{Name: name, Method: zip.Deflate}
			for i, k := range c {
				if i == 0 {
					fh.CRC32 = k.CRC
				} else {
					fh.CRC32 = crc32Combine(fh.CRC32, k.CRC, k.Size)
				}
				fh.UncompressedSize64 += uint64(k.Size)
				fh.CompressedSize64 += uint64(len(k.Data))
			}
			fw, err := zw.CreateRaw(fh)
			if err != nil {
				return err
			}
			for _, k := range c {
				if _, err := fw.Write(k.Data); err != nil {
					return err
				}
			}
			continue
		}
		if r, ok := raw[name]; ok {
			// As zip.Writer.Copy copies it.
			fw, err := zw.CreateRaw(&r.header)
			if err != nil {
				return err
			}
			if _, err := fw.Write(r.data); err != nil {
				return err
			}
			continue
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := fw.Write(parts[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSheet streams a table into a sheet: a bold, frozen header row, then
// the rows (none when t.Rows is nil), numbers as numbers.
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
	if t.Rows == nil {
		return sw.Flush()
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
	if f, ok := cellNumber(s); ok {
		return f
	}
	return s
}

// cellNumber returns the number that the cell s is written as, or false
// when it is written as text.
func cellNumber(s string) (float64, bool) {
	if plainDecimal(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, true
		}
	}
	return 0, false
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
