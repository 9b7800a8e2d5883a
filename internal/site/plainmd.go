package site

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Most of what curators write is simple Markdown: sentences in
// paragraphs, now and then a word in emphasis, a link to a source or a
// short list. For such text the forms that markdown.render makes can be
// written directly, without parsing, and are the same bytes goldmark
// writes: a <p> for each paragraph, the lines of a paragraph joined by
// newlines (soft line breaks), <em>, <strong> and <a href> for the
// emphasis and links, <ul> and <li> for the lists, and only " escaped.
// simpleHTML decides, conservatively, which text that is, as it writes
// it; anything it is not sure of goes through goldmark.

// plainByte marks the ASCII bytes that simple Markdown text may hold
// anywhere in a line as text: letters, digits, the space and the
// punctuation that neither starts nor forms any syntax of goldmark's
// (CommonMark, no extensions) in the middle of a line, nor is changed by
// its HTML writer other than ", which is escaped as goldmark escapes it.
// Left out, among others: control characters (tab, CR and NUL too), and
// ! & * < > [ \ ] _ ` | ~, which make emphasis, links, code, raw HTML,
// entities, escapes and the syntax of common extensions. Of those, * [ ]
// and _ may stand in simple text where writeInline knows them (see
// simpleBytes).
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

// simpleBytes reports whether s holds only what simple Markdown may:
// every ASCII byte is a plainByte, one of * [ ] _ (which writeInline
// knows in some places) or a newline; every other rune is valid UTF-8, not
// U+FFFD, U+FEFF, a C1 control or Unicode white space; and no line ends
// in a space (no hard line breaks, no trimming).
func simpleBytes(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r == '\uFEFF' || r < 0xA0 || unicode.IsSpace(r) {
				return false
			}
			i += size
			continue
		}
		if c == '\n' {
			if i > 0 && s[i-1] == ' ' {
				return false
			}
		} else if !plainByte[c] && !inlineSyntax[c] {
			return false
		}
		i++
	}
	return len(s) == 0 || s[len(s)-1] != ' '
}

// simpleLineStart reports whether the line l (not empty) of a paragraph,
// or the text of a list item, starts as goldmark reads as more text of it
// and nothing else; first is whether l is the first line of a paragraph
// or the text of a list item. goldmark picks the block parsers for a line
// by its first byte after the indentation, and for any other byte of
// simple text only the paragraph parser (and the indented code parser,
// which needs an indentation) applies. So l must not start with a space
// (indentation), # + - or = (headings, lists, thematic breaks), nor with *
// and a space or its end (a list item); other runs of * at its start (a
// thematic break such as ***, a lone **) are left to writeInline, which
// refuses them. Nor may it start with digits followed by . or ) and a
// space or its end (an ordered list item), unless it is a later line of a
// paragraph and the digits do not read 1: only a list that starts at 1
// may interrupt a paragraph. The first line of a paragraph that starts
// with [ could be a link reference definition, which simpleLink refuses:
// it takes only a ]( right after the first ].
func simpleLineStart(l string, first bool) bool {
	switch c := l[0]; {
	case c == ' ', c == '#', c == '+', c == '-', c == '=':
		return false
	case c == '*':
		return len(l) > 1 && l[1] != ' '
	case '0' <= c && c <= '9':
		j := 1
		for j < len(l) && '0' <= l[j] && l[j] <= '9' {
			j++
		}
		if j < len(l) && (l[j] == '.' || l[j] == ')') && (j+1 == len(l) || l[j+1] == ' ') {
			return !first && strings.TrimLeft(l[:j], "0") != "1"
		}
	}
	return true
}

// simpleBlocks calls f with each block of s, which must hold only
// simpleBytes: the runs of lines between empty lines, without their last
// newline. It stops at the first call that returns false and reports
// whether there was none.
func simpleBlocks(s string, f func(p string) bool) bool {
	for {
		s = strings.TrimLeft(s, "\n")
		if s == "" {
			return true
		}
		// Only the last block can end in a newline, and in one only.
		p, rest, _ := strings.Cut(s, "\n\n")
		s = rest
		if !f(strings.TrimSuffix(p, "\n")) {
			return false
		}
	}
}

// inlineSyntax marks the bytes at which writeInline stops copying text.
var inlineSyntax = [256]bool{'"': true, '*': true, '[': true, ']': true, '_': true}

// writeInline writes the HTML of p, the text of a paragraph or a list
// item of simple Markdown, to b as goldmark writes it, and its text
// without markup to plain if that is not nil, and reports whether it
// could: it knows only text, emphasis and links, and of those only the
// forms that mean one thing whatever surrounds them:
//
//   - an _ between two ASCII letters or digits, which can neither open
//     nor close emphasis;
//   - a run of one * (emphasis) or two (strong emphasis) that opens, and a
//     run of as many that closes it, with no other * or link between them,
//     where each run has ASCII on either side (or the start or end of p)
//     and can only open or only close by CommonMark's flanking rules: an
//     opening run stands before other than white space, after white space
//     or the start, or between ASCII punctuation and a letter or digit; a
//     closing run stands after other than white space, before white space
//     or the end, or between a letter or digit and ASCII punctuation other
//     than [ and ] (here white space is a space or a newline, the only
//     white space that simpleBytes lets through);
//   - a link [text](url) outside emphasis, whose text holds no * [ or ],
//     nor _ but between ASCII letters or digits, and neither starts nor
//     ends with white space, and whose URL is an absolute http(s) URL
//     (see safeURL) of letters, digits and -._:/?#=+,;@ and of %
//     followed by two hex digits only, which goldmark writes unchanged.
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
			if before >= utf8.RuneSelf || after >= utf8.RuneSelf {
				return false
			}
			switch {
			case open == 0 && !isWhite(after) && (isWhite(before) || !isASCIIAlnum(before) && isASCIIAlnum(after)):
				open = n
				b.WriteString(emphasisTags[n][0])
			case open == n && !isWhite(before) && (isWhite(after) || isASCIIAlnum(before) && !isASCIIAlnum(after)) &&
				after != '[' && after != ']':
				open = 0
				b.WriteString(emphasisTags[n][1])
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
		case '_':
			if !inWord(p, i) {
				return false
			}
			b.WriteByte('_')
			if plain != nil {
				plain.WriteByte('_')
			}
			i++
		default: // ]
			return false
		}
	}
}

// emphasisTags are the opening and closing tags of emphasis by the length
// of the run of * that makes it.
var emphasisTags = [3][2]string{1: {"<em>", "</em>"}, 2: {"<strong>", "</strong>"}}

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
	for i := 0; i < len(text); i++ {
		if text[i] == '_' && !inWord(text, i) {
			return "", "", false
		}
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
	if !(strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) || !safeURL(url) {
		return "", "", false
	}
	return text, url, true
}

// urlByte marks the bytes of the URLs that simpleLink knows: those that
// goldmark's URL escaping leaves as they are, other than ~, which
// simpleBytes refuses.
var urlByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isASCIIAlnum(byte(c))
	}
	for _, c := range "-._:/?#=+,;@%" {
		t[c] = true
	}
	return t
}()

// inWord reports whether the byte at i of s stands between two ASCII
// letters or digits, where an _ can neither open nor close emphasis.
func inWord(s string, i int) bool {
	return i > 0 && i+1 < len(s) && isASCIIAlnum(s[i-1]) && isASCIIAlnum(s[i+1])
}

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
// whether that is one paragraph, if s is simple; it writes the text of s
// without markup to plain if that is not nil, its blocks and items
// separated by spaces (some of it only, if s is not simple). ok is false
// if s is not simple. Simple Markdown holds only simpleBytes, and its
// blocks are
//
//   - paragraphs, whose lines start as simpleLineStart allows, and
//   - tight lists: lines that all start with "- " and then as the first
//     line of a paragraph may, and no list just before (which would make
//     one loose list of the two),
//
// of text that writeInline knows.
func simpleHTML(s string, plain *strings.Builder) (html string, onePara, ok bool) {
	if !simpleBytes(s) {
		return "", false, false
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 16)
	blocks, list := 0, false
	ok = simpleBlocks(s, func(p string) bool {
		if blocks > 0 && plain != nil {
			plain.WriteByte(' ')
		}
		blocks++
		if !strings.HasPrefix(p, "- ") {
			list = false
			for rest, first := p, true; rest != ""; first = false {
				var l string
				l, rest, _ = strings.Cut(rest, "\n")
				if !simpleLineStart(l, first) {
					return false
				}
			}
			b.WriteString("<p>")
			if !writeInline(&b, plain, p) {
				return false
			}
			b.WriteString("</p>\n")
			return true
		}
		if list {
			return false
		}
		list = true
		b.WriteString("<ul>\n")
		for rest, first := p, true; rest != ""; first = false {
			var l string
			l, rest, _ = strings.Cut(rest, "\n")
			item, isItem := strings.CutPrefix(l, "- ")
			if !isItem || item == "" || !simpleLineStart(item, true) {
				return false
			}
			if !first && plain != nil {
				plain.WriteByte(' ')
			}
			b.WriteString("<li>")
			if !writeInline(&b, plain, item) {
				return false
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
		return true
	})
	if !ok {
		return "", false, false
	}
	return b.String(), blocks == 1 && !list, true
}

// simpleRendered returns the forms of Markdown s as markdown.render makes
// them, if s is simple (see simpleHTML).
func simpleRendered(s string) (*rendered, bool) {
	// Unless s holds emphasis, links or lists, its text without markup is
	// s itself; else simpleHTML writes that text out.
	var text *strings.Builder
	if strings.ContainsAny(s, "*[") || strings.HasPrefix(s, "- ") || strings.Contains(s, "\n- ") {
		text = new(strings.Builder)
		text.Grow(len(s))
	}
	block, onePara, ok := simpleHTML(s, text)
	if !ok {
		return nil, false
	}
	inline := block
	if onePara {
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
