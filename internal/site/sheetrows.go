package site

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The rows of the workbook's event sheets are written here, as excelize's
// StreamWriter writes them, straight into the sheet's chunks (see
// sheetChunker) as the record is read: excelize's StreamWriter keeps a
// whole sheet in memory, or past 16 MB in a temporary file, until the
// workbook is written, and a large record's sheets are a hundred
// megabytes each. The cells a row writer could write otherwise than
// excelize (see excelizeOnly) are written by excelize itself;
// TestSheetRowsMatchExcelize and FuzzSheetRow compare the two.

// sheetRows writes rows of a sheet whose cells are strings, each cell as
// cellValue makes it a workbook value, without style.
type sheetRows struct {
	cols []string // the columns' names: A, B, …
}

// appendRow appends to dst the XML of the row numbered r, holding cells.
func (s *sheetRows) appendRow(dst []byte, r int, cells []string) ([]byte, error) {
	if r > excelize.TotalRows {
		return dst, excelize.ErrMaxRows
	}
	for _, c := range cells {
		if excelizeOnly(c) {
			return appendExcelizeRow(dst, r, cells)
		}
	}
	for len(s.cols) < len(cells) {
		name, err := excelize.ColumnNumberToName(len(s.cols) + 1)
		if err != nil {
			return dst, err
		}
		s.cols = append(s.cols, name)
	}
	dst = append(dst, `<row r="`...)
	dst = strconv.AppendInt(dst, int64(r), 10)
	dst = append(dst, `">`...)
	for i, c := range cells {
		if c == "" {
			continue
		}
		dst = append(dst, `<c r="`...)
		dst = append(dst, s.cols[i]...)
		dst = strconv.AppendInt(dst, int64(r), 10)
		// As cellValue, without putting the number in an interface.
		if f, ok := cellNumber(c); ok {
			// A plain decimal of at most 15 characters: within the 15
			// significant digits excelize keeps, and free of anything
			// to escape.
			dst = append(dst, `"><v>`...)
			dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
			dst = append(dst, `</v></c>`...)
			continue
		}
		dst = append(dst, `" t="inlineStr"><is><t`...)
		if space(c[0]) || space(c[len(c)-1]) {
			dst = append(dst, ` xml:space="preserve"`...)
		}
		dst = append(dst, '>')
		dst = appendXMLText(dst, c)
		dst = append(dst, `</t></is></c>`...)
	}
	return append(dst, `</row>`...), nil
}

// space reports whether b is a byte for which excelize keeps a cell's
// leading or trailing white space (xml:space="preserve").
func space(b byte) bool {
	return b == '\t' || b == '\n' || b == '\r' || b == ' '
}

// excelizeOnly reports whether excelize may write the text cell c in a
// way appendRow does not: text too long for a cell (excelize truncates it
// at 32,767 UTF-16 code units; a string of no more bytes has no more
// units), and text holding what reads as an escaped character ("_x0041_"),
// which excelize escapes.
func excelizeOnly(c string) bool {
	return len(c) > excelize.TotalCellChars || strings.Contains(c, "_x") && escapedChar.MatchString(c)
}

// escapedChar is excelize's pattern of an escaped character.
var escapedChar = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// appendXMLText appends s escaped as encoding/xml's EscapeText escapes
// it, but for line feeds, which excelize keeps as they are.
func appendXMLText(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\r':
			esc = "&#xD;"
		default:
			if r != '\n' && (!xmlChar(r) || r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			dst = append(dst, s[last:i]...)
			dst = append(dst, esc...)
			last = i + width
		}
		i += width
	}
	return append(dst, s[last:]...)
}

// xmlChar reports whether r is in XML's character range (encoding/xml's
// isInCharacterRange).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// appendExcelizeRow appends the XML of the row r holding cells as excelize
// writes it.
func appendExcelizeRow(dst []byte, r int, cells []string) ([]byte, error) {
	rows, err := scratchRows([][][]string{{cells}}, [][]int{{r}})
	if err != nil {
		return dst, err
	}
	return append(dst, rows[0][r]...), nil
}
