package gen

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
)

// EventYAML writes an event the way curators write event files: fields in
// the documented order, the summary folded, the body as a literal block,
// tags and related ids as flow lists.
func EventYAML(e *event.Event) []byte {
	var b strings.Builder
	b.Grow(2048)
	field := func(indent, key, value string) {
		b.WriteString(indent)
		b.WriteString(key)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteByte('\n')
	}
	field("", "date", e.Date.String())
	if !e.EndDate.IsZero() {
		field("", "end_date", e.EndDate.String())
	}
	if e.Time != "" {
		field("", "time", strconv.Quote(e.Time))
	}
	field("", "kind", string(e.Kind))
	field("", "title", scalar(e.Title))
	b.WriteString("summary: >-\n")
	block(&b, wrap(e.Summary, 78))
	if e.Body != "" {
		b.WriteString("body: |\n")
		block(&b, strings.TrimSuffix(e.Body, "\n"))
	}
	if len(e.Launches) > 0 {
		b.WriteString("launches:\n")
		for _, l := range e.Launches {
			field("  - ", "system", l.System)
			field("    ", "count", strconv.Itoa(l.Count))
			field("    ", "count_estimated", strconv.FormatBool(l.CountEstimated))
			field("    ", "outcome", l.Outcome)
			if l.Site != "" {
				field("    ", "site", l.Site)
			}
			for _, f := range []struct {
				key string
				v   *float64
			}{{"apogee_km", l.ApogeeKm}, {"range_km", l.RangeKm}, {"flight_min", l.FlightMin}} {
				if f.v != nil {
					field("    ", f.key, num(*f.v))
				}
			}
		}
	}
	if n := e.Nuclear; n != nil {
		b.WriteString("nuclear:\n")
		field("  ", "site", n.Site)
		if y := n.YieldKt; y != nil {
			field("  ", "yield_kt", "{min: "+num(y.Min)+", max: "+num(y.Max)+"}")
		}
		if m := n.MagnitudeMb; m != nil {
			field("  ", "magnitude_mb", num(*m))
		}
		if n.Claim != "" {
			field("  ", "claim", scalar(n.Claim))
		}
	}
	b.WriteString("sources:\n")
	for _, s := range e.Sources {
		field("  - ", "url", s.URL)
		field("    ", "publisher", scalar(s.Publisher))
		if s.Title != "" {
			field("    ", "title", scalar(s.Title))
		}
		if !s.Published.IsZero() {
			field("    ", "published", s.Published.String())
		}
	}
	if len(e.Tags) > 0 {
		field("", "tags", "["+strings.Join(e.Tags, ", ")+"]")
	}
	if len(e.Related) > 0 {
		field("", "related", "["+strings.Join(e.Related, ", ")+"]")
	}
	return []byte(b.String())
}

// block writes the lines of s indented by two spaces, as the content of a
// block scalar; empty lines stay empty.
func block(b *strings.Builder, s string) {
	for line := range strings.SplitSeq(s, "\n") {
		if line != "" {
			b.WriteString("  ")
			b.WriteString(line)
		}
		b.WriteByte('\n')
	}
}

// plain matches text that YAML reads back unchanged as a plain string.
var plain = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 ,.()'’–-]*[A-Za-z0-9.)]$`)

// scalar writes s as a plain scalar when that is safe, else double-quoted
// (Go's quoting is valid YAML for the text the generator makes).
func scalar(s string) string {
	if plain.MatchString(s) {
		return s
	}
	return strconv.Quote(s)
}
