// Package csvsafe writes CSV that is safe to open in a spreadsheet.
//
// Reporters open the site's CSV files in Excel, LibreOffice or Google
// Sheets, which run a cell beginning with "=", "+", "-" or "@" (and, in some
// of them, a tab or carriage return) as a formula: a curated title like
// =HYPERLINK("http://evil/t","click") would become a live link, and
// @SUM(1+1)*cmd|' /C calc'!A0 a command on older Excel. Following OWASP's
// rule for CSV injection, such a cell is written with a single quote in
// front, which spreadsheets show as text and do not evaluate.
//
// Every CSV the site writes goes through this package, so the rule holds
// in one place. It is a leaf: internal/chart and internal/site both import
// it without importing each other.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// Cell returns s as it may be written to a CSV cell. A cell whose first
// character (after any leading spaces, which some importers trim) is one of
// = + - @, a tab or a carriage return, or the full-width forms of = + - @
// that some spreadsheets also accept, gets a single quote in front.
//
// A plain decimal number such as -1 or -0.5 is left as it is: spreadsheets
// read it as the number it is, never as a formula, and quoting it would
// turn a column of numbers into text.
func Cell(s string) string {
	if isNumber(s) {
		return s
	}
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case '=', '+', '-', '@', '\t', '\r',
		'＝', '＋', '－', '＠': // U+FF1D, U+FF0B, U+FF0D, U+FF20
		return "'" + s
	}
	return s
}

// isNumber reports whether s is a plain decimal number: an optional minus
// sign, digits, and optionally a point followed by digits. That is every
// number the site writes (strconv's 'f' format, never an exponent).
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if !digits(intPart) {
		return false
	}
	return !hasPoint || digits(frac)
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Writer writes RFC 4180 CSV (CRLF line ends, fields quoted as
// encoding/csv quotes them) with every cell passed through Cell.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw}
}

// Write writes one record, its cells made safe by Cell. Like csv.Writer's,
// it buffers: call Flush, then check Error.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.w.Write(w.buf)
}

// WriteAll writes the records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.w.Flush()
	return w.w.Error()
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error from a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
