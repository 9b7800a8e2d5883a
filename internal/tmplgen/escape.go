package tmplgen

import (
	"bytes"
	"strings"
)

// The functions below are what the generated code calls where
// html/template's escaped templates call its escaping functions. Each
// gives the bytes that html/template gives for a value that is not one of
// its typed strings (template.HTML, template.URL and so on); the generator
// passes typed strings through itself, or refuses them (see Generate).
// TestEscapersMatch compares them with html/template's.

// escapeTable lists the bytes that html/template replaces in text, in
// quoted attribute values and in RCDATA (<title>, <textarea>), with their
// replacements. Every other byte, invalid UTF-8 included, is kept.
var escapeTable = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// EscapeText writes s escaped for HTML text, a quoted attribute value or
// RCDATA.
func EscapeText(w *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(escapeTable) || escapeTable[c] == "" {
			continue
		}
		w.WriteString(s[written:i])
		w.WriteString(escapeTable[c])
		written = i + 1
	}
	w.WriteString(s[written:])
}

// FilterURL returns s, or "#ZgotmplZ" when s has a scheme other than
// http, https or mailto: a URL that could run script is never written.
func FilterURL(s string) string {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

// NormalizeURL percent-encodes the bytes of s that may not appear in a
// URL, keeping its reserved characters and its escapes.
func NormalizeURL(s string) string { return processURL(s, true) }

// EscapeURL percent-encodes s for a part of a URL (a query value, a
// fragment): every byte but letters, digits and "-._~".
func EscapeURL(s string) string { return processURL(s, false) }

func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			// An escape is kept as it is when normalizing (as
			// html/template does, only when a byte follows it).
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
