package event

import (
	"fmt"
	"unicode/utf8"
)

// maxDepth bounds how deeply lists and mappings may nest in a data file.
// The data files need five levels at most (an event, its launches, one
// launch, its reported_counts, one count); the bound leaves room for more and refuses hostile nesting long before
// it costs anything: github.com/goccy/go-yaml, which reports syntax errors,
// takes memory growing with the square of the depth (15 GB for a 200 KB file
// of 100,000 brackets).
const maxDepth = 20

// maxNodes bounds the values one file may hold or expand to, aliases
// included, so that a large or "billion laughs" file fails instead of
// eating memory. The largest data file holds a few thousand.
const maxNodes = 20000

func depthMessage() string {
	return fmt.Sprintf("lists and mappings nested more than %d deep; the data files need far fewer", maxDepth)
}

func nodesMessage() string {
	return fmt.Sprintf("the file holds more than %d values; the data files need far fewer", maxNodes)
}

// scanShape reads YAML text once, without parsing it and without
// allocating, and reports the first place where lists and mappings nest
// more than maxDepth deep or where the file writes more than maxNodes
// values. It runs before any parser sees the file, so that neither parser
// spends time or memory on a hostile shape.
//
// It follows enough of YAML to tell structure from text: block
// indentation, "- " and "? " entries, "key:" entries, flow brackets,
// quoted scalars (which may span lines), block scalars (| and >) and
// comments. It errs towards counting more, never less, than a parser
// would find, except in files a parser rejects anyway. The parsed tree is
// checked against the same bounds afterwards (converter.convert), so the
// scan decides only where a hostile file is stopped.
func scanShape(data []byte) (line, col int, msg string) {
	s := shapeScanner{blockScalar: noBlockScalar}
	for lineNo := 1; len(data) > 0; lineNo++ {
		l := data
		if i := lineEnd(data); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if at, msg := s.line(l); msg != "" {
			return lineNo, utf8.RuneCount(l[:at]) + 1, msg
		}
	}
	return 0, 0, ""
}

// lineEnd returns the index of the first line break in b, or -1. A lone
// carriage return breaks lines in YAML too (the loader has already turned
// CRLF into LF).
func lineEnd(b []byte) int {
	for i, x := range b {
		if x == '\n' || x == '\r' {
			return i
		}
	}
	return -1
}

const noBlockScalar = -2

// blockLevel is an open block collection: the column of its entries and
// whether it is a sequence.
type blockLevel struct {
	col int
	seq bool
}

type shapeScanner struct {
	// The open block collections, innermost last: stack[:depth]. open
	// refuses to nest past maxDepth. (An array, not a slice, so that the
	// scanner needs no allocation.)
	stack [maxDepth]blockLevel
	depth int
	flow  int // open flow collections
	// In flow collections, flowNode is whether a node may start here
	// (after [ { , or a : or ? that is an indicator), where " and '
	// start quoted scalars; elsewhere they are text of a plain scalar.
	// flowJSON is whether a quoted scalar or a flow collection just
	// ended, after which a : with no space after it is an indicator too.
	flowNode, flowJSON bool
	nodes              int
	// quote is the quote character of a quoted scalar that continues on
	// the next line, or 0.
	quote byte
	// blockScalar is the indentation a line must exceed to belong to an
	// open block scalar, or noBlockScalar.
	blockScalar int
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// count adds one value and reports whether the bound is passed.
func (s *shapeScanner) count() string {
	s.nodes++
	if s.nodes > maxNodes {
		return nodesMessage()
	}
	return ""
}

// open records a block collection entry at col: a new collection when none
// is open there, another entry of the open one otherwise.
func (s *shapeScanner) open(col int, seq bool) string {
	if n := s.depth; n > 0 && s.stack[n-1].col == col && s.stack[n-1].seq && !seq {
		// A key at the column of a sequence ends the sequence, which was
		// the value of the previous key ("a:\n- x\nb: y").
		s.depth--
	}
	if n := s.depth; n > 0 && s.stack[n-1].col == col && s.stack[n-1].seq == seq {
		return s.count()
	}
	if s.depth >= maxDepth {
		return depthMessage()
	}
	s.stack[s.depth] = blockLevel{col, seq}
	s.depth++
	return s.count()
}

// line scans one line and returns the byte offset and message of a
// passed bound.
func (s *shapeScanner) line(l []byte) (int, string) {
	p := 0
	switch {
	case s.quote != 0:
		var ok bool
		if p, ok = s.skipQuote(l, 0); !ok {
			return 0, ""
		}
		if s.flow > 0 {
			s.flowNode, s.flowJSON = false, true
			return s.flowScan(l, p)
		}
		return s.node(l, p)
	case s.flow > 0:
		return s.flowScan(l, 0)
	}
	for p < len(l) && l[p] == ' ' {
		p++
	}
	if rest := trimBlank(l[p:]); len(rest) == 0 || rest[0] == '#' {
		return 0, "" // blank lines and comments end nothing
	}
	if s.blockScalar != noBlockScalar {
		if p > s.blockScalar {
			return 0, ""
		}
		s.blockScalar = noBlockScalar
	}
	if p == 0 && len(l) >= 3 && (string(l[:3]) == "---" || string(l[:3]) == "...") && (len(l) == 3 || isBlank(l[3])) {
		s.depth = 0
		if l[0] == '.' {
			return 0, ""
		}
		p = 3
	}
	if p == 0 && l[0] == '%' {
		return 0, "" // a directive
	}
	for s.depth > 0 && s.stack[s.depth-1].col > p {
		s.depth--
	}
	return s.node(l, p)
}

func trimBlank(b []byte) []byte {
	for len(b) > 0 && isBlank(b[0]) {
		b = b[1:]
	}
	return b
}

// node scans from p, where a value may start in block context.
func (s *shapeScanner) node(l []byte, p int) (int, string) {
	for {
		for p < len(l) && isBlank(l[p]) {
			p++
		}
		if p >= len(l) {
			return 0, ""
		}
		c := l[p]
		indicator := p+1 == len(l) || isBlank(l[p+1])
		switch {
		case c == '#':
			return 0, ""
		case (c == '-' || c == '?') && indicator:
			if msg := s.open(p, c == '-'); msg != "" {
				return p, msg
			}
			p++
		case c == ':' && indicator:
			p++ // the value of a "? " key
		case c == '&' || c == '!':
			for p < len(l) && !isBlank(l[p]) {
				p++ // an anchor or a tag
			}
		case c == '[' || c == '{':
			return s.flowScan(l, p)
		case c == '|' || c == '>':
			s.blockScalar = -1
			if n := s.depth; n > 0 {
				s.blockScalar = s.stack[n-1].col
			}
			return 0, ""
		case c == '"' || c == '\'':
			start := p
			s.quote = c
			end, ok := s.skipQuote(l, p+1)
			if !ok {
				return 0, ""
			}
			p = end
			q := p
			for q < len(l) && isBlank(l[q]) {
				q++
			}
			if q < len(l) && l[q] == ':' && (q+1 == len(l) || isBlank(l[q+1])) {
				if msg := s.open(start, false); msg != "" {
					return start, msg
				}
				p = q + 1
			}
		default:
			// A plain scalar runs to the end of the line, a comment, or the
			// ": " that makes it a key.
			start := p
			for ; p < len(l); p++ {
				if l[p] == '#' && isBlank(l[p-1]) {
					return 0, ""
				}
				if l[p] == ':' && (p+1 == len(l) || isBlank(l[p+1])) {
					break
				}
			}
			if p >= len(l) {
				return 0, ""
			}
			if msg := s.open(start, false); msg != "" {
				return start, msg
			}
			p++
		}
	}
}

// flowScan scans inside flow collections from p, where l[p] may open one.
func (s *shapeScanner) flowScan(l []byte, p int) (int, string) {
	for ; p < len(l); p++ {
		c := l[p]
		// What c follows; each byte but blanks and comments starts anew.
		wasNode, wasJSON := s.flowNode, s.flowJSON
		s.flowNode, s.flowJSON = false, false
		switch c {
		case ' ', '\t':
			s.flowNode, s.flowJSON = wasNode, wasJSON
		case '[', '{':
			s.flowNode = true
			s.flow++
			if s.depth+s.flow > maxDepth {
				return p, depthMessage()
			}
			if msg := s.count(); msg != "" {
				return p, msg
			}
		case ']', '}':
			s.flowJSON = true
			if s.flow > 0 {
				s.flow--
			}
			if s.flow == 0 {
				return s.node(l, p+1)
			}
		case ',':
			s.flowNode = true
			if msg := s.count(); msg != "" {
				return p, msg
			}
		case ':', '?':
			s.flowNode = p+1 == len(l) || isBlank(l[p+1]) || c == ':' && wasJSON
		case '"', '\'':
			if !wasNode {
				break // text of a plain scalar, as in [don't]
			}
			s.quote = c
			end, ok := s.skipQuote(l, p+1)
			if !ok {
				return 0, ""
			}
			s.flowJSON = true
			p = end - 1
		case '#':
			if p == 0 || isBlank(l[p-1]) {
				s.flowNode, s.flowJSON = wasNode, wasJSON
				return 0, ""
			}
		}
	}
	return 0, ""
}

// skipQuote skips the rest of a quoted scalar from p; it returns the offset
// after the closing quote, or false when the scalar continues on the next
// line.
func (s *shapeScanner) skipQuote(l []byte, p int) (int, bool) {
	for ; p < len(l); p++ {
		switch l[p] {
		case '\\':
			if s.quote == '"' {
				p++
			}
		case s.quote:
			if s.quote == '\'' && p+1 < len(l) && l[p+1] == '\'' {
				p++
				continue
			}
			s.quote = 0
			return p + 1, true
		}
	}
	return 0, false
}
