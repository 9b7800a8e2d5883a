package site

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Most of what curators write is plain prose: sentences in paragraphs,
// with nothing in them that Markdown treats specially. For such text the
// forms that markdown.render makes can be written directly, without
// parsing, and are the same bytes goldmark writes: a <p> for each
// paragraph, the lines of a paragraph joined by newlines (soft line
// breaks), and only " escaped. isPlainMarkdown decides, conservatively,
// which text that is; anything it is not sure of goes through goldmark.

// plainByte marks the ASCII bytes that plain Markdown text may hold
// anywhere in a line: letters, digits, the space and the punctuation that
// neither starts nor forms any syntax of goldmark's (CommonMark, no
// extensions) in the middle of a line, nor is changed by its HTML writer
// other than ", which plainHTML escapes as goldmark does. Left out, among
// others: control characters (tab, CR and NUL too), and
// ! & * < > [ \ ] _ ` | ~, which make emphasis, links, code, raw HTML,
// entities, escapes and the syntax of common extensions.
var plainByte = func() (t [utf8.RuneSelf]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range ` "#$%'()+,-./:;=?@^{}` {
		t[c] = true
	}
	return t
}()

// isPlainMarkdown reports whether goldmark would read s as nothing but
// paragraphs of text, so that plainRendered and plainHTML make what
// markdown.render does. That is so when:
//
//   - every ASCII byte is a plainByte or a newline, and every other rune is
//     valid UTF-8, not U+FFFD, U+FEFF, a C1 control or Unicode white space;
//   - no line starts with a space, # + - or =, nor with digits followed
//     by . or ) and a space or the end of the line (an ordered list item):
//     goldmark picks the block parsers for a line by its first byte after
//     the indentation, and for any other byte of plain text only the
//     paragraph parser (and the indented code parser, which needs an
//     indentation) applies; nor is any line indented, nor does any blank
//     line hold spaces;
//   - no line ends in a space (no hard line breaks, no trimming).
func isPlainMarkdown(s string) bool {
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r == '\uFEFF' || r < 0xA0 || unicode.IsSpace(r) {
				return false
			}
			lineStart = false
			i += size
			continue
		}
		if c == '\n' {
			if !lineStart && s[i-1] == ' ' {
				return false
			}
			lineStart = true
			i++
			continue
		}
		if !plainByte[c] {
			return false
		}
		if lineStart {
			switch {
			case c == ' ', c == '#', c == '+', c == '-', c == '=':
				return false
			case '0' <= c && c <= '9':
				j := i + 1
				for j < len(s) && '0' <= s[j] && s[j] <= '9' {
					j++
				}
				if j < len(s) && (s[j] == '.' || s[j] == ')') &&
					(j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\n') {
					return false
				}
			}
			lineStart = false
		}
		i++
	}
	return len(s) == 0 || s[len(s)-1] != ' '
}

// plainParagraphs calls f with each paragraph of s, which must be plain
// (see isPlainMarkdown): the runs of lines between empty lines, without
// their last newline.
func plainParagraphs(s string, f func(p string)) {
	for {
		s = strings.TrimLeft(s, "\n")
		if s == "" {
			return
		}
		p := s
		if i := strings.Index(s, "\n\n"); i >= 0 {
			p, s = s[:i], s[i+2:]
		} else {
			p, s = strings.TrimRight(s, "\n"), ""
		}
		f(p)
	}
}

// writeEscaped writes p to b with " escaped as goldmark escapes it; plain
// text holds none of the other characters it escapes.
func writeEscaped(b *strings.Builder, p string) {
	for {
		i := strings.IndexByte(p, '"')
		if i < 0 {
			b.WriteString(p)
			return
		}
		b.WriteString(p[:i])
		b.WriteString("&quot;")
		p = p[i+1:]
	}
}

// plainHTML returns the HTML of plain Markdown s as goldmark renders it, a
// paragraph for each run of lines, and how many paragraphs that is.
func plainHTML(s string) (html string, paragraphs int) {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 16)
	plainParagraphs(s, func(p string) {
		b.WriteString("<p>")
		writeEscaped(&b, p)
		b.WriteString("</p>\n")
		paragraphs++
	})
	return b.String(), paragraphs
}

// plainRendered returns the forms of plain Markdown s as markdown.render
// makes them.
func plainRendered(s string) *rendered {
	block, n := plainHTML(s)
	inline := block
	if n == 1 {
		// The block without the <p> and the </p>\n around its one paragraph.
		inline = block[len("<p>") : len(block)-len("</p>\n")]
	}
	// Text with no line breaks and no runs of spaces, and (being plain) no
	// space at either end, is already its plain form.
	plain := s
	if strings.Contains(s, "\n") || strings.Contains(s, "  ") {
		plain = strings.Join(strings.Fields(s), " ")
	}
	return &rendered{
		block:  template.HTML(block),  //nolint:gosec // escaped as goldmark escapes
		inline: template.HTML(inline), //nolint:gosec // as the block
		plain:  plain,
	}
}
