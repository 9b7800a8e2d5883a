package event

import (
	"fmt"
	"sort"
	"strings"
)

// Position is a place in a file, as go/token.Position: File is the path as
// the user gave it, Line and Column count from 1. A zero Line means the
// file as a whole.
type Position struct {
	File         string
	Line, Column int
}

// String formats the position as file:line:col, or file alone.
func (p Position) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Severity says whether a problem fails validation.
type Severity int

const (
	// Error problems always fail validation.
	Error Severity = iota
	// Warning problems fail validation only when it is strict.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one thing wrong with the data, at a position.
type Problem struct {
	Pos      Position
	Severity Severity
	Msg      string
}

// String formats the problem compiler-style: "path:line:col: message", with
// "warning: " before the message of a warning.
func (p Problem) String() string {
	if p.Severity == Warning {
		return p.Pos.String() + ": warning: " + p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Problems is a list of problems. Sort orders it by file, line and column,
// as go/scanner.ErrorList does.
type Problems []Problem

func (ps Problems) Len() int      { return len(ps) }
func (ps Problems) Swap(i, j int) { ps[i], ps[j] = ps[j], ps[i] }
func (ps Problems) Less(i, j int) bool {
	a, b := ps[i], ps[j]
	if a.Pos.File != b.Pos.File {
		return a.Pos.File < b.Pos.File
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Pos.Column != b.Pos.Column {
		return a.Pos.Column < b.Pos.Column
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	return a.Msg < b.Msg
}

// Sort sorts the list and drops exact duplicates.
func (ps *Problems) Sort() {
	sort.Sort(*ps)
	out := (*ps)[:0]
	for i, p := range *ps {
		if i > 0 && p == (*ps)[i-1] {
			continue
		}
		out = append(out, p)
	}
	*ps = out
}

// Errors returns the problems of severity Error.
func (ps Problems) Errors() Problems { return ps.filter(Error) }

// Warnings returns the problems of severity Warning.
func (ps Problems) Warnings() Problems { return ps.filter(Warning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Error lists the problems, one a line, up to ten, then "(and N more errors)".
func (ps Problems) Error() string {
	const most = 10
	var b strings.Builder
	for i, p := range ps {
		if i == most {
			fmt.Fprintf(&b, "(and %d more problems)", len(ps)-most)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}
