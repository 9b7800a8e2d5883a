package site

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Most of what curators write is simple Markdown: sentences in
// paragraphs, now and then a word in emphasis or a link to a source. For
// such text the forms that markdown.render makes can be written directly,
// without parsing, and are the same bytes goldmark writes: a <p> for each
// paragraph, the lines of a paragraph joined by newlines (soft line
// breaks), <em>, <strong> and <a href> for the emphasis and links, and
// only " escaped. simpleHTML decides, conservatively, which text that is,
// as it writes it; anything it is not sure of goes through goldmark.

// plainByte marks the ASCII bytes that simple Markdown text may hold
// anywhere in a line as text: letters, digits, the space and the
// punctuation that neither starts nor forms any syntax of goldmark's
// (CommonMark, no extensions) in the middle of a line, nor is changed by
// its HTML writer other than ", which is escaped as goldmark escapes it.
// Left out, among others: control characters (tab, CR and NUL too), and
// ! & * < > [ \ ] _ ` | ~, which make emphasis, links, code, raw HTML,
// entities, escapes and the syntax of common extensions. Of those, * [
// and ] may stand in simple text as the emphasis and links that
// writeInline knows.
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

// simpleBlocks reports whether goldmark would read s as nothing but
// paragraphs, leaving what is inside them to writeInline. That is so
// when:
//
//   - every ASCII byte is a plainByte, * [ ] or a newline, and every other
//     rune is valid UTF-8, not U+FFFD, U+FEFF, a C1 control or Unicode
//     white space;
//   - no line starts with a space, # + - or =, nor with * and a space or
//     the end of the line (a list item), nor with digits followed by . or
//     ) and a space or the end of the line (an ordered list item):
//     goldmark picks the block parsers for a line by its first byte after
//     the indentation, and for any other byte of simple text only the
//     paragraph parser (and the indented code parser, which needs an
//     indentation) applies; a line starting with [ could hold a link
//     reference definition, which writeInline refuses; nor is any line
//     indented, nor does any blank line hold spaces;
//   - no line ends in a space (no hard line breaks, no trimming).
func simpleBlocks(s string) bool {
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
		if !plainByte[c] && c != '*' && c != '[' && c != ']' {
			return false
		}
		if lineStart {
			switch {
			case c == ' ', c == '#', c == '+', c == '-', c == '=':
				return false
			case c == '*':
				if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
					return false
				}
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

// simpleParagraphs calls f with each paragraph of s, which must be simple
// (see simpleBlocks): the runs of lines between empty lines, without
// their last newline. It stops at the first call that returns false and
// reports whether there was none.
func simpleParagraphs(s string, f func(p string) bool) bool {
	for {
		s = strings.TrimLeft(s, "\n")
		if s == "" {
			return true
		}
		p := s
		if i := strings.Index(s, "\n\n"); i >= 0 {
			p, s = s[:i], s[i+2:]
		} else {
			p, s = strings.TrimRight(s, "\n"), ""
		}
		if !f(p) {
			return false
		}
	}
}

// inlineSyntax marks the bytes at which writeInline stops copying text.
var inlineSyntax = [256]bool{'"': true, '*': true, '[': true, ']': true}

// writeInline writes the HTML of the paragraph p of simple Markdown (see
// simpleBlocks) to b as goldmark writes it, and its text without markup
// to plain if that is not nil, and reports whether it could: it knows
// only text, emphasis and links, and of those only the forms that mean
// one thing whatever surrounds them:
//
//   - a run of one * (emphasis) or two (strong emphasis) that opens, after
//     the start of the paragraph, a space, a newline or ASCII punctuation
//     and before an ASCII letter or digit, and a run of as many that closes
//     it, after an ASCII letter or digit and before the end, a space, a
//     newline or ASCII punctuation other than * [ ] (so each run can only
//     open or only close: CommonMark's flanking rules), with no other *
//     or link between them;
//   - a link [text](url) outside emphasis, whose text holds no * [ or ]
//     and neither starts nor ends with white space, and whose URL is an
//     absolute http(s) URL (see safeURL) of letters, digits and
//     -._~:/?#=+,;@ and of % followed by two hex digits only, which
//     goldmark writes unchanged.
func writeInline(b, plain *strings.Builder, p string) bool {
	open := 0 // the length of the run that opened the emphasis, if any
	for i := 0; ; {
		j := i
		for j < len(p) && !inlineSyntax[p[j]] {
			j++
		}
		b.WriteString(p[i:j])
		if plain != nil {
			plain.WriteString(p[i:j])
		}
		if j == len(p) {
			return open == 0
		}
		i = j
		switch p[i] {
		case '"':
			b.WriteString("&quot;")
			if plain != nil {
				plain.WriteByte('"')
			}
			i++
		case '*':
			n := 1
			for i+n < len(p) && p[i+n] == '*' {
				n++
			}
			if n > 2 {
				return false
			}
			before, after := byte(' '), byte(' ')
			if i > 0 {
				before = p[i-1]
			}
			if i+n < len(p) {
				after = p[i+n]
			}
			switch {
			case open == 0 && !isASCIIAlnum(before) && before < utf8.RuneSelf && isASCIIAlnum(after):
				open = n
				b.WriteString([...]string{1: "<em>", 2: "<strong>"}[n])
			case open == n && isASCIIAlnum(before) && !isASCIIAlnum(after) && after < utf8.RuneSelf && after != '[' && after != ']':
				open = 0
				b.WriteString([...]string{1: "</em>", 2: "</strong>"}[n])
			default:
				return false
			}
			i += n
		case '[':
			if open != 0 {
				return false
			}
			text, url, ok := simpleLink(p[i:])
			if !ok {
				return false
			}
			b.WriteString(`<a href="`)
			b.WriteString(url)
			b.WriteString(`">`)
			writeEscaped(b, text)
			b.WriteString("</a>")
			if plain != nil {
				plain.WriteString(text)
			}
			i += len("[") + len(text) + len("](") + len(url) + len(")")
		default: // ]
			return false
		}
	}
}

// simpleLink returns the text and URL of the link at the start of p, and
// whether it is one that writeInline knows.
func simpleLink(p string) (text, url string, ok bool) {
	end := strings.IndexByte(p, ']')
	if end < 2 || !strings.HasPrefix(p[end:], "](") {
		return "", "", false
	}
	text = p[1:end]
	if strings.ContainsAny(text, "*[") || isWhite(text[0]) || isWhite(text[len(text)-1]) {
		return "", "", false
	}
	rest := p[end+len("]("):]
	n := 0
	for n < len(rest) && urlByte[rest[n]] {
		if rest[n] == '%' && (n+2 >= len(rest) || !isHex(rest[n+1]) || !isHex(rest[n+2])) {
			return "", "", false
		}
		n++
	}
	if n == len(rest) || rest[n] != ')' {
		return "", "", false
	}
	url = rest[:n]
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") || !safeURL(url) {
		return "", "", false
	}
	return text, url, true
}

// urlByte marks the bytes of the URLs that simpleLink knows.
var urlByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isASCIIAlnum(byte(c))
	}
	for _, c := range "-._~:/?#=+,;@%" {
		t[c] = true
	}
	return t
}()

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isWhite(c byte) bool { return c == ' ' || c == '\n' }

// writeEscaped writes p to b with " escaped as goldmark escapes it; simple
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

// simpleHTML returns the HTML of Markdown s as goldmark renders it, and
// how many paragraphs that is, if s is simple (see simpleBlocks and
// writeInline); it writes the text of s without markup to plain if that is
// not nil. ok is false if s is not simple.
func simpleHTML(s string, plain *strings.Builder) (html string, paragraphs int, ok bool) {
	if !simpleBlocks(s) {
		return "", 0, false
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 16)
	ok = simpleParagraphs(s, func(p string) bool {
		if paragraphs > 0 && plain != nil {
			plain.WriteByte(' ')
		}
		b.WriteString("<p>")
		if !writeInline(&b, plain, p) {
			return false
		}
		b.WriteString("</p>\n")
		paragraphs++
		return true
	})
	if !ok {
		return "", 0, false
	}
	return b.String(), paragraphs, true
}

// simpleRendered returns the forms of Markdown s as markdown.render makes
// them, if s is simple (see simpleHTML).
func simpleRendered(s string) (*rendered, bool) {
	// Text without markup is its own text; other text is written out.
	var text *strings.Builder
	if strings.ContainsAny(s, "*[") {
		text = new(strings.Builder)
		text.Grow(len(s))
	}
	block, n, ok := simpleHTML(s, text)
	if !ok {
		return nil, false
	}
	inline := block
	if n == 1 {
		// The block without the <p> and the </p>\n around its one paragraph.
		inline = block[len("<p>") : len(block)-len("</p>\n")]
	}
	// Text with no line breaks and no runs of spaces, and (being simple) no
	// space at either end, is already its plain form.
	plain := s
	if text != nil {
		plain = text.String()
	}
	if strings.Contains(plain, "\n") || strings.Contains(plain, "  ") {
		plain = strings.Join(strings.Fields(plain), " ")
	}
	return &rendered{
		block:  template.HTML(block),  //nolint:gosec // escaped as goldmark escapes
		inline: template.HTML(inline), //nolint:gosec // as the block
		plain:  plain,
	}, true
}
