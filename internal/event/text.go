package event

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// badRune finds the first character of s that may not appear in a text
// field, and says what it is. Such characters reach the site, the CSV and
// JSON files and terminals, where they are invisible or act: control
// characters (C0, DEL and C1; newline and tab are allowed in multi-line
// Markdown), the bidirectional controls that reorder text as displayed
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and zero-width
// characters (U+200B–U+200D, U+2060, U+FEFF; a byte order mark at the start
// of a file is removed before parsing).
func badRune(s string, multiline bool) (what string, r rune, index int, found bool) {
	// Text is mostly ASCII, where a byte is a character.
	i := 0
	for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
		if c := s[i]; (c < 0x20 && (!multiline || c != '\n' && c != '\t')) || c == 0x7f {
			return "a control character", rune(c), i + 1, true
		}
	}
	for _, r := range s[i:] {
		i++
		switch {
		case r == '\n' || r == '\t':
			if !multiline {
				return "a control character", r, i, true
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return "a control character", r, i, true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return "a bidirectional control character", r, i, true
		case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
			return "a zero-width character", r, i, true
		}
	}
	return "", 0, 0, false
}

// describeBadRune formats what badRune found for a message.
func describeBadRune(what string, r rune, index int) string {
	return fmt.Sprintf("%s (%U) at character %d", what, r, index)
}

// Quote returns s as it is when every character of it prints as itself,
// and quoted with Go escapes (strconv.Quote) otherwise, so that a name
// holding terminal escapes or bidirectional controls is shown, not obeyed.
// File names in problems pass through it.
func Quote(s string) string {
	if strings.IndexFunc(s, notPrint) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// Escape replaces every character of s that does not print as itself with
// its Go escape (\t, \x1b, \u202e). The loader passes every problem's
// message through it: parsers quote the offending text of a syntax error
// as it is.
func Escape(s string) string {
	i := strings.IndexFunc(s, notPrint)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !notPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func notPrint(r rune) bool { return !unicode.IsPrint(r) }
