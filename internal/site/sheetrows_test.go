package site

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetXMLs returns the XML of a workbook's first two sheets holding rows
// (a row per cell, the cells in the first column and a number beside) as
// excelize writes them, and as the build writes them, its rows cut into
// chunks every chunk rows.
func sheetXMLs(t testing.TB, cells []string, chunk int) (excelized, built [2][]byte) {
	t.Helper()
	header := []string{"text", "n", "more"}
	rows := func(f func([]string) error) error {
		for i, c := range cells {
			if err := f([]string{c, fmt.Sprint(i), c + "|" + c}); err != nil {
				return err
			}
		}
		return nil
	}
	sheets := func() []sheet {
		return []sheet{{Header: header, Rows: rows}, {Header: header, Rows: rows}, tableSheet(table{}), tableSheet(table{})}
	}
	b := &builder{site: &Site{Title: "Test"}}
	plain, err := b.rawWorkbook(sheets(), [2][]int{})
	if err != nil {
		t.Fatal(err)
	}
	cuts := []int{} // not nil: the sheets are chunked
	for r := 2 + chunk; r < len(cells)+2; r += chunk {
		cuts = append(cuts, r)
	}
	chunked, err := b.rawWorkbook(sheets(), [2][]int{cuts, cuts})
	if err != nil {
		t.Fatal(err)
	}
	for k, part := range []string{eventsSheetPart, groupsSheetPart} {
		excelized[k] = plain.parts[part]
		if len(chunked.chunks[k]) != len(cuts)+1 {
			t.Fatalf("%d chunks, want %d", len(chunked.chunks[k]), len(cuts)+1)
		}
		for i, c := range chunked.chunks[k] {
			if i > 0 && c.Row != cuts[i-1] {
				t.Errorf("chunk %d starts at row %d, want %d", i, c.Row, cuts[i-1])
			}
			xml, ok := inflateChunk(c)
			if !ok {
				t.Fatalf("chunk %d does not inflate", i)
			}
			built[k] = append(built[k], xml...)
		}
	}
	return excelized, built
}

// cellCases are texts a curator may write that excelize writes in some
// special way.
var cellCases = []string{
	"", "plain", "0", "7", "-0", "007", "1.50", "-12.25", "3.", ".5", "1e5", "123456789012345", "1234567890123456",
	" lead", "trail ", "\tTab", "line\nfeed", "cr\r\nlf", "\n",
	`"quoted" & 'apostrophe' <b>bold</b>`, "=1+2", "+cmd", "@sum",
	"\x00nul\x01\x1f", "\xff\xfe bad UTF-8", "\uFFFD", "\uFFFE\uFFFF", "\U0001F680 rocket", "한국어",
	"_x0041_", "_x005F_x0041_", "a_xbeef_b", "_x12_", "x_x",
	strings.Repeat("long ", 7000),
}

// TestSheetRowsMatchExcelize checks that the event sheets' rows the build
// writes are byte for byte those excelize writes.
func TestSheetRowsMatchExcelize(t *testing.T) {
	for _, chunk := range []int{1, 4, 1000} {
		excelized, built := sheetXMLs(t, cellCases, chunk)
		for k := range built {
			if !bytes.Equal(excelized[k], built[k]) {
				t.Errorf("chunks of %d rows, sheet %d:\nexcelize %s\nbuilt    %s", chunk, k+1, excelized[k], built[k])
			}
		}
	}
	// Every case but these is written without excelize.
	viaExcelize := map[string]bool{
		"_x0041_": true, "_x005F_x0041_": true, "a_xbeef_b": true, strings.Repeat("long ", 7000): true,
	}
	for _, c := range cellCases {
		if got := excelizeOnly(c); got != viaExcelize[c] {
			t.Errorf("excelizeOnly(%.20q) = %v, want %v", c, got, viaExcelize[c])
		}
	}
}

// TestSheetRowsLimit checks that a row past a sheet's last is refused, as
// excelize refuses it.
func TestSheetRowsLimit(t *testing.T) {
	var w sheetRows
	if _, err := w.appendRow(nil, excelize.TotalRows, []string{"x", "1"}); err != nil {
		t.Errorf("the last row: %v", err)
	}
	_, err := w.appendRow(nil, excelize.TotalRows+1, []string{"x", "1"})
	_, want := appendExcelizeRow(nil, excelize.TotalRows+1, []string{"x", "1"})
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("a row past the last: error %v, excelize's %v", err, want)
	}
}

// FuzzSheetRow compares the rows the build writes with excelize's for
// arbitrary text.
func FuzzSheetRow(f *testing.F) {
	for _, c := range cellCases {
		f.Add(c, "1")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		excelized, built := sheetXMLs(t, []string{a, b, a + b}, 2)
		for k := range built {
			if !bytes.Equal(excelized[k], built[k]) {
				t.Fatalf("sheet %d:\nexcelize %q\nbuilt    %q", k+1, excelized[k], built[k])
			}
		}
	})
}
