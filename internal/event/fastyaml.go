package event

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseFast parses data when it is written in the part of YAML that the
// data files use, and reports false when it holds anything else; parseYAML
// then parses it with yaml.v3, which also reports every syntax error. When
// it reports true, the tree is the one yaml.v3 and the converter build:
// the same kinds, values, scalar types and positions (the differential
// tests and FuzzParseFast hold it to that). It is several times faster
// than yaml.v3, which builds a general tree with comments and styles first.
//
// The part it takes: block mappings whose keys are plain names; block
// sequences, also written at the indentation of their key; plain scalars
// on one line; single- and double-quoted scalars on one line (with
// yaml.v3's escapes); literal and folded block scalars (| and >, with - or
// +) as mapping values, folded ones without more-indented lines; flow
// sequences and mappings of scalars on one line; comments. It declines
// anchors, aliases, tags, directives, document markers, explicit keys,
// tabs, carriage returns and any character yaml.v3 refuses or reads as a
// line break, lines holding only blanks, empty entries, duplicate keys,
// and more values or deeper nesting than the bounds allow, so that
// yaml.v3 and the converter report those exactly as before.
//
// The tree is carved from sc, which the caller may reset once it is done
// with the tree.
func parseFast(data []byte, sc *scratch) (*node, bool) {
	p := fastParser{data: data, ascii: true, scratch: sc}
	if !p.checkText() {
		return nil, false
	}
	p.load(0)
	p.skipBlank()
	if p.eof() || p.indent != 0 {
		return nil, false
	}
	var n *node
	var ok bool
	if p.isEntry(0) {
		n, ok = p.sequence(0)
	} else {
		n, ok = p.mapping(0, p.start)
	}
	if !ok {
		return nil, false
	}
	p.skipBlank()
	if !p.eof() {
		return nil, false
	}
	return n, true
}

// fastParser reads data a line at a time. The current line is
// data[start:end] (end at its line feed or the end of data), its number
// line and its indentation indent; next is where the following line starts.
type fastParser struct {
	data       []byte
	ascii      bool // data is all ASCII: columns are byte offsets
	start, end int
	next       int
	line       int
	indent     int
	count      int // values, as the converter counts them
	depth      int // lists and mappings around the current one
	*scratch
}

// scratch is the memory a goroutine parses files in, kept from one file to
// the next: parseFast carves trees from its blocks, which reset makes free
// again, and readFileOf reads into its buffer. Nothing of a tree but its
// strings may be kept once the next file is read.
type scratch struct {
	file []byte // the bytes of the file being read
	// Blocks the trees are carved from, and how much of each is used.
	nodes                  []node
	entries                []entry
	items                  []*node
	usedNodes, usedEntries int
	usedItems              int
	// The entries and items of the collections being read, and the text
	// of the scalar being read.
	keys []entry
	seq  []*node
	buf  []byte
}

// reset makes the memory of the trees parsed in s free for the next ones.
func (s *scratch) reset() { s.usedNodes, s.usedEntries, s.usedItems = 0, 0, 0 }

// minBlock is the least number of nodes, entries or items a block holds.
// Blocks double as they fill, so that a scratch kept from file to file
// soon holds the largest.
const minBlock = 32

// checkText reports whether every character of data is one that yaml.v3
// reads as itself: no control character but the line feed, no tab, no
// carriage return, none outside YAML's printable set, no byte order mark
// and none of the Unicode line and paragraph separators, which YAML 1.1
// counts as line breaks. It also refuses document markers and directives,
// and notes whether data is all ASCII.
func (p *fastParser) checkText() bool {
	d := p.data
	if marker(d) {
		return false
	}
	for i := 0; i < len(d); {
		c := d[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
			continue
		case c == '\n':
			i++
			if marker(d[i:]) {
				return false
			}
			continue
		case c < utf8.RuneSelf:
			return false
		}
		p.ascii = false
		r, size := utf8.DecodeRune(d[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r >= 0xa0 && r <= 0xd7ff && r != 0x2028 && r != 0x2029,
			r >= 0xe000 && r <= 0xfffd && r != 0xfeff,
			r >= 0x10000 && r <= 0x10ffff:
		default:
			return false
		}
		i += size
	}
	return true
}

// marker reports whether line starts with a directive or a document
// marker ("---" or "...").
func marker(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	if c := line[0]; c == '%' {
		return true
	} else if c != '-' && c != '.' {
		return false
	}
	return len(line) >= 3 && line[1] == line[0] && line[2] == line[0] && (len(line) == 3 || line[3] == ' ' || line[3] == '\n')
}

// load makes the line starting at i the current one.
func (p *fastParser) load(i int) {
	p.line++
	p.start = i
	j := i
	for j < len(p.data) && p.data[j] != '\n' {
		j++
	}
	p.end = j
	p.next = j + 1
	k := i
	for k < j && p.data[k] == ' ' {
		k++
	}
	p.indent = k - i
}

// advance moves to the next line, or to the end of data.
func (p *fastParser) advance() {
	if p.next >= len(p.data) {
		p.start, p.end, p.indent = len(p.data), len(p.data), -1
		p.next = len(p.data) + 1
		return
	}
	p.load(p.next)
}

func (p *fastParser) eof() bool { return p.start >= len(p.data) && p.next > len(p.data) }

// skipBlank moves past empty lines and comment lines to the next line that
// holds something, or to the end of data. A line of blanks alone is left
// as the current one: parseFast declines it.
func (p *fastParser) skipBlank() {
	for !p.eof() {
		i := p.start + p.indent
		if i < p.end && p.data[i] != '#' {
			return
		}
		if i == p.end && p.indent > 0 {
			return
		}
		p.advance()
	}
}

// blankLine reports whether the current line holds only spaces (and at
// least one).
func (p *fastParser) blankLine() bool {
	return p.indent > 0 && p.start+p.indent == p.end
}

// col returns the column (in characters, from 1) of byte i of the current
// line.
func (p *fastParser) col(i int) int {
	if p.ascii {
		return i - p.start + 1
	}
	return utf8.RuneCount(p.data[p.start:i]) + 1
}

// isEntry reports whether the current line holds a sequence entry ("- ")
// at indentation ind.
func (p *fastParser) isEntry(ind int) bool {
	i := p.start + ind
	return p.indent == ind && i < p.end && p.data[i] == '-' && i+1 < p.end && p.data[i+1] == ' '
}

func (p *fastParser) newNode(kind nodeKind, line, col int) (*node, bool) {
	p.count++
	if p.count > maxNodes {
		return nil, false
	}
	if p.usedNodes == len(p.nodes) {
		// The nodes already carved stay where they are, in use.
		p.nodes, p.usedNodes = make([]node, max(minBlock, 2*len(p.nodes))), 0
	}
	n := &p.nodes[p.usedNodes]
	p.usedNodes++
	*n = node{kind: kind, line: line, col: col}
	return n, true
}

// enter and leave count the nesting of lists and mappings.
func (p *fastParser) enter() bool {
	p.depth++
	return p.depth <= maxDepth
}

func (p *fastParser) leave() { p.depth-- }

// keyEnd returns the end of the plain name that starts a "key: value" or
// "key:" at byte i of the current line, or -1 when none does.
func (p *fastParser) keyEnd(i int) int {
	d := p.data
	j := i
	for j < p.end && isKeyByte(d[j]) {
		j++
	}
	if j == i || d[i] == '-' || d[i] == '.' || j == p.end || d[j] != ':' {
		return -1
	}
	if j+1 < p.end && d[j+1] != ' ' {
		return -1
	}
	if j-i > 128 {
		return -1 // yaml.v3 bounds simple keys; stay far within
	}
	return j
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// keyNames holds the field names, so that keys need no allocation.
var keyNames = func() map[string]string {
	m := map[string]string{}
	for _, l := range [][]string{eventFields, launchFields, nuclearFields, rangeFields, sourceFields, systemFields, siteFields, metaFields, eraFields, reportedCountFields, correctionFields} {
		for _, k := range l {
			m[k] = k
		}
	}
	return m
}()

func (p *fastParser) keyString(b []byte) string {
	if s, ok := keyNames[string(b)]; ok {
		return s
	}
	return string(b)
}

// restBlank reports whether byte i of the current line starts nothing but
// blanks and, after at least one blank, a comment.
func (p *fastParser) restBlank(i int) bool {
	j := i
	for j < p.end && p.data[j] == ' ' {
		j++
	}
	return j == p.end || (p.data[j] == '#' && j > i)
}

// mapping parses a block mapping whose keys stand at indentation ind, the
// first of them at byte i of the current line.
func (p *fastParser) mapping(ind, i int) (*node, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	m, ok := p.newNode(mapNode, 0, 0)
	if !ok {
		return nil, false
	}
	mark := len(p.keys)
	defer func() { p.keys = p.keys[:mark] }()
	for {
		ke := p.keyEnd(i)
		if ke < 0 {
			return nil, false
		}
		key := p.data[i:ke]
		for _, e := range p.keys[mark:] {
			if e.key == string(key) {
				return nil, false
			}
		}
		e := entry{key: p.keyString(key), line: p.line, col: p.col(i)}
		v := ke + 1
		for v < p.end && p.data[v] == ' ' {
			v++
		}
		var val *node
		if v == p.end || p.data[v] == '#' {
			p.advance()
			p.skipBlank()
			switch {
			case p.blankLine():
				return nil, false
			case !p.eof() && p.indent > ind:
				j := p.start + p.indent
				if p.isEntry(p.indent) {
					val, ok = p.sequence(p.indent)
				} else if p.keyEnd(j) >= 0 {
					val, ok = p.mapping(p.indent, j)
				} else {
					return nil, false
				}
			case !p.eof() && p.isEntry(ind):
				val, ok = p.sequence(ind)
			default:
				val, ok = p.newNode(nullNode, e.line, e.col)
			}
		} else {
			val, ok = p.inline(v, ind, true)
		}
		if !ok {
			return nil, false
		}
		if val.kind == nullNode {
			val.line, val.col = e.line, e.col
		}
		e.val = val
		p.keys = append(p.keys, e)
		p.skipBlank()
		if p.eof() || p.indent < ind {
			break
		}
		if p.indent > ind || p.blankLine() {
			return nil, false
		}
		if p.isEntry(ind) {
			return nil, false
		}
		i = p.start + ind
	}
	m.entries = p.entriesOf(p.keys[mark:])
	m.line, m.col = m.entries[0].line, m.entries[0].col
	return m, true
}

// entriesOf copies es into a slice of its own, carved from a block.
func (p *fastParser) entriesOf(es []entry) []entry {
	if len(es) > len(p.entries)-p.usedEntries {
		p.entries, p.usedEntries = make([]entry, max(minBlock, 2*len(p.entries), len(es))), 0
	}
	out := p.entries[p.usedEntries : p.usedEntries+len(es) : p.usedEntries+len(es)]
	p.usedEntries += len(es)
	copy(out, es)
	return out
}

// itemsOf is entriesOf for the items of a list.
func (p *fastParser) itemsOf(ns []*node) []*node {
	if len(ns) > len(p.items)-p.usedItems {
		p.items, p.usedItems = make([]*node, max(minBlock, 2*len(p.items), len(ns))), 0
	}
	out := p.items[p.usedItems : p.usedItems+len(ns) : p.usedItems+len(ns)]
	p.usedItems += len(ns)
	copy(out, ns)
	return out
}

// sequence parses a block sequence whose entries stand at indentation ind,
// the first on the current line.
func (p *fastParser) sequence(ind int) (*node, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	s, ok := p.newNode(seqNode, p.line, p.col(p.start+ind))
	if !ok {
		return nil, false
	}
	mark := len(p.seq)
	defer func() { p.seq = p.seq[:mark] }()
	for {
		i := p.start + ind + 1
		for i < p.end && p.data[i] == ' ' {
			i++
		}
		if i == p.end || p.data[i] == '#' {
			return nil, false // an empty entry, or one on the lines below
		}
		var it *node
		if p.data[i] == '-' && (i+1 == p.end || p.data[i+1] == ' ') {
			return nil, false
		}
		if p.keyEnd(i) >= 0 {
			it, ok = p.mapping(i-p.start, i)
		} else {
			it, ok = p.inline(i, ind, false)
		}
		if !ok {
			return nil, false
		}
		p.seq = append(p.seq, it)
		p.skipBlank()
		if p.eof() || p.indent < ind {
			break
		}
		if p.indent > ind || p.blankLine() {
			return nil, false
		}
		if !p.isEntry(ind) {
			break // the next key of the mapping this sequence is a value of
		}
	}
	s.items = p.itemsOf(p.seq[mark:])
	return s, true
}

// inline parses the value that starts at byte i of the current line, in a
// collection at indentation ind, and moves past it. block allows block
// scalars.
func (p *fastParser) inline(i, ind int, block bool) (*node, bool) {
	d := p.data
	switch c := d[i]; c {
	case '|', '>':
		if !block {
			return nil, false
		}
		return p.blockScalar(i, ind)
	case '[':
		n, end, ok := p.flowSeq(i)
		if !ok || !p.restBlank(end) {
			return nil, false
		}
		p.advance()
		return n, true
	case '{':
		n, end, ok := p.flowMap(i)
		if !ok || !p.restBlank(end) {
			return nil, false
		}
		p.advance()
		return n, true
	case '"', '\'':
		n, end, ok := p.quoted(i)
		if !ok || !p.restBlank(end) {
			return nil, false
		}
		p.advance()
		return n, true
	}
	if !plainStart(d, i, p.end) {
		return nil, false
	}
	// A plain scalar runs to the end of the line or to a comment; ": "
	// within it would make it a key, which is not this subset.
	j := i
	for j < p.end {
		c := d[j]
		if c == ':' && (j+1 == p.end || d[j+1] == ' ') {
			return nil, false
		}
		if c == '#' && d[j-1] == ' ' {
			break
		}
		j++
	}
	for d[j-1] == ' ' {
		j--
	}
	n, ok := p.plain(string(d[i:j]), p.line, p.col(i))
	if !ok {
		return nil, false
	}
	p.advance()
	return n, true
}

// plainStart reports whether a plain scalar may start at byte i (of a line
// ending at end) without being read as something else.
func plainStart(d []byte, i, end int) bool {
	switch d[i] {
	case '-':
		return i+1 < end && d[i+1] != ' '
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	return true
}

// plain makes the node of a plain scalar, typed as yaml.v3 resolves it.
func (p *fastParser) plain(s string, line, col int) (*node, bool) {
	kind, typ, ok := resolvePlain(s)
	if !ok {
		return nil, false
	}
	n, ok := p.newNode(kind, line, col)
	if !ok {
		return nil, false
	}
	n.text, n.typ = s, typ
	return n, true
}

// resolvePlain resolves a plain scalar as yaml.v3's resolve does, to the
// kinds and types the converter keeps. A timestamp is a string to it; any
// text that parses as one starts with four digits and a hyphen, which none
// of the number syntaxes below accepts, so the timestamp test is left out.
// It reports false for "<<", a merge key to yaml.v3.
func resolvePlain(s string) (nodeKind, scalarType, bool) {
	if s == "" {
		return nullNode, strScalar, true
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return scalarNode, boolScalar, true
	case "~", "null", "Null", "NULL":
		return nullNode, strScalar, true
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return scalarNode, floatScalar, true
	case "<<":
		return 0, 0, false
	}
	switch c := s[0]; {
	case c == '.':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return scalarNode, floatScalar, true
		}
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		plain := s
		if strings.IndexByte(s, '_') >= 0 {
			plain = strings.ReplaceAll(s, "_", "")
		}
		if !mayBeNumber(plain) {
			break // a date, mostly: spare the parsers their errors
		}
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return scalarNode, intScalar, true
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return scalarNode, intScalar, true
		}
		if yamlFloat(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return scalarNode, floatScalar, true
			}
		}
		for _, b := range []struct {
			prefix string
			base   int
		}{{"0b", 2}, {"0o", 8}} {
			if strings.HasPrefix(plain, b.prefix) {
				if _, err := strconv.ParseInt(plain[2:], b.base, 64); err == nil {
					return scalarNode, intScalar, true
				}
				if _, err := strconv.ParseUint(plain[2:], b.base, 64); err == nil {
					return scalarNode, intScalar, true
				}
			} else if strings.HasPrefix(plain, "-"+b.prefix) {
				if _, err := strconv.ParseInt("-"+plain[3:], b.base, 64); err == nil {
					return scalarNode, intScalar, true
				}
			}
		}
	}
	return scalarNode, strScalar, true
}

// mayBeNumber reports whether some number syntax below might accept s: it
// holds only digits, hexadecimal letters, the letters of base prefixes,
// points and signs, and a sign only first or after a letter (an exponent's
// e, or a base prefix, as in 0o+17).
func mayBeNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F',
			c == 'x', c == 'X', c == 'o', c == 'O', c == '.':
		case c == '+' || c == '-':
			if i > 0 && (s[i-1] < 'A' || s[i-1] > 'Z') && (s[i-1] < 'a' || s[i-1] > 'z') {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// yamlFloat reports whether s matches yaml.v3's float syntax,
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func yamlFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// quoted parses a single- or double-quoted scalar that starts at byte i and
// ends on the same line, and returns the offset after it.
func (p *fastParser) quoted(i int) (*node, int, bool) {
	d := p.data
	q := d[i]
	j := i + 1
	// Most quoted text holds no escape: take it as it is.
	for j < p.end && d[j] != q && d[j] != '\\' {
		j++
	}
	if j == p.end {
		return nil, 0, false
	}
	var s string
	if d[j] == q && (q == '"' || j+1 == p.end || d[j+1] != '\'') {
		s = string(d[i+1 : j])
		j++
	} else {
		b := append(p.buf[:0], d[i+1:j]...)
		for {
			if j == p.end {
				return nil, 0, false
			}
			c := d[j]
			switch {
			case q == '\'' && c == '\'':
				if j+1 < p.end && d[j+1] == '\'' {
					b = append(b, '\'')
					j += 2
					continue
				}
			case q == '"' && c == '"':
			case q == '"' && c == '\\':
				var ok bool
				if b, j, ok = unescape(b, d[:p.end], j); !ok {
					return nil, 0, false
				}
				continue
			default:
				b = append(b, c)
				j++
				continue
			}
			break
		}
		j++
		s = string(b)
		p.buf = b
	}
	n, ok := p.newNode(scalarNode, p.line, p.col(i))
	if !ok {
		return nil, 0, false
	}
	n.text = s
	return n, j, true
}

// unescape appends the character that the escape at d[j] (a backslash)
// stands for to b, as yaml.v3 reads it, and returns the offset after the
// escape.
func unescape(b, d []byte, j int) ([]byte, int, bool) {
	if j+1 >= len(d) {
		return b, 0, false
	}
	n := 0
	switch c := d[j+1]; c {
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		r, ok := escapes[c]
		if !ok {
			return b, 0, false
		}
		return utf8.AppendRune(b, r), j + 2, true
	}
	if j+2+n > len(d) {
		return b, 0, false
	}
	var r uint32 // eight digits overflow a rune
	for _, c := range d[j+2 : j+2+n] {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return b, 0, false
		}
		r = r<<4 | uint32(v)
	}
	if r >= 0xd800 && r <= 0xdfff || r > 0x10ffff {
		return b, 0, false
	}
	return utf8.AppendRune(b, rune(r)), j + 2 + n, true
}

// escapes are the one-letter escapes of double-quoted scalars.
var escapes = map[byte]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
	'e': 0x1b, ' ': ' ', '"': '"', '\'': '\'', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

// flowScalar parses a scalar inside a flow collection at byte i: quoted, or
// plain of characters that cannot end or nest it.
func (p *fastParser) flowScalar(i int) (*node, int, bool) {
	d := p.data
	if d[i] == '"' || d[i] == '\'' {
		return p.quoted(i)
	}
	if !plainStart(d, i, p.end) {
		return nil, 0, false
	}
	j := i
	for j < p.end {
		switch d[j] {
		case ',', ']', '}':
		case '[', '{', '#', ':', '?':
			return nil, 0, false
		default:
			j++
			continue
		}
		break
	}
	k := j
	for d[k-1] == ' ' {
		k--
	}
	n, ok := p.plain(string(d[i:k]), p.line, p.col(i))
	return n, j, ok
}

// flowSeq parses a flow sequence of scalars that starts at byte i ("[") and
// ends on the same line, and returns the offset after it.
func (p *fastParser) flowSeq(i int) (*node, int, bool) {
	if !p.enter() {
		return nil, 0, false
	}
	defer p.leave()
	s, ok := p.newNode(seqNode, p.line, p.col(i))
	if !ok {
		return nil, 0, false
	}
	mark := len(p.seq)
	defer func() { p.seq = p.seq[:mark] }()
	end, ok := p.flowItems(i, ']', func(j int) (int, bool) {
		it, end, ok := p.flowScalar(j)
		if ok {
			p.seq = append(p.seq, it)
		}
		return end, ok
	})
	if !ok {
		return nil, 0, false
	}
	if len(p.seq) > mark {
		s.items = p.itemsOf(p.seq[mark:])
	}
	return s, end, true
}

// flowMap parses a flow mapping of "key: scalar" pairs that starts at byte
// i ("{") and ends on the same line, and returns the offset after it.
func (p *fastParser) flowMap(i int) (*node, int, bool) {
	if !p.enter() {
		return nil, 0, false
	}
	defer p.leave()
	m, ok := p.newNode(mapNode, p.line, p.col(i))
	if !ok {
		return nil, 0, false
	}
	mark := len(p.keys)
	defer func() { p.keys = p.keys[:mark] }()
	d := p.data
	end, ok := p.flowItems(i, '}', func(j int) (int, bool) {
		ke := p.keyEnd(j)
		if ke < 0 || ke+1 == p.end {
			return 0, false
		}
		key := d[j:ke]
		for _, e := range p.keys[mark:] {
			if e.key == string(key) {
				return 0, false
			}
		}
		e := entry{key: p.keyString(key), line: p.line, col: p.col(j)}
		v := p.skipSpaces(ke + 1)
		if v == p.end {
			return 0, false
		}
		val, end, ok := p.flowScalar(v)
		if !ok || val.kind == nullNode {
			return 0, false
		}
		e.val = val
		p.keys = append(p.keys, e)
		return end, true
	})
	if !ok {
		return nil, 0, false
	}
	if len(p.keys) > mark {
		m.entries = p.entriesOf(p.keys[mark:])
		m.line, m.col = m.entries[0].line, m.entries[0].col
	}
	return m, end, true
}

// flowItems reads the comma-separated items of a flow collection that
// opens at byte i and closes with close on the same line, each with item
// (given an item's first byte, it returns the offset after the item), and
// returns the offset after the collection.
func (p *fastParser) flowItems(i int, close byte, item func(j int) (int, bool)) (int, bool) {
	d := p.data
	j := p.skipSpaces(i + 1)
	if j < p.end && d[j] == close {
		return j + 1, true
	}
	for {
		if j == p.end {
			return 0, false
		}
		end, ok := item(j)
		if !ok {
			return 0, false
		}
		j = p.skipSpaces(end)
		if j == p.end {
			return 0, false
		}
		if d[j] == close {
			return j + 1, true
		}
		if d[j] != ',' {
			return 0, false
		}
		j = p.skipSpaces(j + 1)
	}
}

func (p *fastParser) skipSpaces(j int) int {
	for j < p.end && p.data[j] == ' ' {
		j++
	}
	return j
}

// blockScalar parses a literal or folded scalar whose header starts at byte
// i, the value of a key at indentation ind, and moves past its content.
func (p *fastParser) blockScalar(i, ind int) (*node, bool) {
	d := p.data
	folded := d[i] == '>'
	chomp := byte(0)
	j := i + 1
	if j < p.end && (d[j] == '-' || d[j] == '+') {
		chomp = d[j]
		j++
	}
	if !p.restBlank(j) || (j < p.end && d[j] != ' ') {
		return nil, false
	}
	n, ok := p.newNode(scalarNode, p.line, p.col(i))
	if !ok {
		return nil, false
	}
	p.advance()
	// The first line sets the indentation; an empty scalar, or one that
	// starts with empty lines, is left to yaml.v3.
	if p.eof() || p.start == p.end || p.blankLine() || p.indent <= ind {
		return nil, false
	}
	in := p.indent
	b := p.buf[:0]
	breaks := 0       // empty lines since the last line of text
	lineBreak := true // the last line of text ended with a line break
	first := true
	for !p.eof() {
		if p.start == p.end {
			breaks++
			p.advance()
			continue
		}
		if p.blankLine() {
			return nil, false
		}
		if p.indent < in {
			break
		}
		if folded && p.indent > in {
			return nil, false
		}
		switch {
		case first:
		case folded && breaks == 0:
			b = append(b, ' ')
		case !folded:
			b = append(b, '\n')
		}
		for range breaks {
			b = append(b, '\n')
		}
		breaks, first = 0, false
		b = append(b, d[p.start+in:p.end]...)
		lineBreak = p.end < len(d)
		p.advance()
	}
	switch {
	case chomp == '-':
	case chomp == '+':
		if lineBreak {
			b = append(b, '\n')
		}
		for range breaks {
			b = append(b, '\n')
		}
	case lineBreak:
		b = append(b, '\n')
	}
	n.text = string(b)
	p.buf = b
	return n, true
}
