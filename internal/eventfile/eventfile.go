// Package eventfile writes event files: the skeleton of a new event, the
// file of an event imported from elsewhere, and the as-of date in
// timeline.yaml when a new event lies after it. It writes the layout of the
// hand-written files, so that what it makes reads like them and loads with
// package event.
package eventfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/nktimeline/timeline/internal/event"
)

// SchemaLine is the first line of every written file. It points the YAML
// language server (editors' completion and checking) at the schema beside
// the year folders.
const SchemaLine = "# yaml-language-server: $schema=../event.schema.json"

// maxSlug bounds the slug made from a title; ids stay readable in URLs.
const maxSlug = 60

// Slug makes the slug of an event id from a title: lower-case ASCII letters
// and digits joined by single hyphens, accents dropped, apostrophes removed
// ("Korea's" gives "koreas"), cut at a word boundary after 60 characters.
func Slug(title string) string {
	// Decompose, drop the combining marks: "Pyŏngyang" gives "pyongyang".
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, err := transform.String(t, title)
	if err != nil {
		s = title
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ':
			// Inside a word: drop it.
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	slug := b.String()
	for len(slug) > maxSlug {
		i := strings.LastIndexByte(slug[:maxSlug+1], '-')
		if i <= 0 {
			slug = slug[:maxSlug]
			break
		}
		slug = slug[:i]
	}
	return slug
}

// ID returns the event id for a date and slug: "<date>-<slug>".
func ID(d event.Date, slug string) string { return d.String() + "-" + slug }

// Path returns the file of an event id relative to the events directory:
// "<year>/<id>.yaml".
func Path(id string) string { return id[:4] + "/" + id + ".yaml" }

// ErrExists is returned by Create when the file is already there.
var ErrExists = errors.New("file already exists")

// Create writes data as the file of the event id under the events directory
// dir, making the year folder when needed. It never replaces a file: when
// one is there it returns an error wrapping ErrExists. It returns the path
// written.
func Create(dir, id string, data []byte) (string, error) {
	p := filepath.Join(dir, filepath.FromSlash(Path(id)))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return p, fmt.Errorf("%s: %w; choose another title or --slug", p, ErrExists)
		}
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(p)
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(p)
		return "", err
	}
	return p, nil
}

// Exists reports whether the file of the event id is already under dir.
func Exists(dir, id string) bool {
	_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(Path(id))))
	return err == nil
}

// scalar returns s as a YAML scalar for a one-line value: plain where YAML
// reads it back as the same string, quoted otherwise. yaml.v3 makes that
// choice, so the rules of plain scalars (": ", "#", leading indicators,
// words like "yes" or "null") are not repeated here.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil || bytes.Count(out, []byte("\n")) > 1 || bytes.HasPrefix(out, []byte("|")) || bytes.HasPrefix(out, []byte(">")) {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// wrap breaks text into lines of at most width bytes at spaces; a word
// longer than width has a line of its own.
func wrap(text string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// folded writes key with a one-paragraph text as a folded block scalar
// (">-"), wrapped at 76 columns: the layout of the summaries in the record.
// Spaces inside the text are collapsed, which Markdown ignores anyway.
func folded(b *strings.Builder, indent, key, text, comment string) {
	lines := wrap(text, 76-len(indent)-2)
	if len(lines) == 0 {
		fmt.Fprintf(b, "%s%s: %s%s\n", indent, key, scalar(""), comment)
		return
	}
	fmt.Fprintf(b, "%s%s: >-%s\n", indent, key, comment)
	for _, l := range lines {
		fmt.Fprintf(b, "%s  %s\n", indent, l)
	}
}

// literal writes key with text kept line by line as a literal block scalar
// ("|"), the layout of the bodies in the record.
func literal(b *strings.Builder, indent, key, text string) {
	text = strings.TrimRight(text, " \t\n")
	lines := strings.Split(text, "\n")
	header := "|"
	if strings.HasPrefix(lines[0], " ") {
		// The first line sets the indentation unless it is stated.
		header = "|2"
	}
	fmt.Fprintf(b, "%s%s: %s\n", indent, key, header)
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(b, "%s  %s\n", indent, l)
	}
}

// fnum formats a number as the record writes it: no exponent, no trailing
// zeros.
func fnum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Encode returns the file of an event in the record's layout: the schema
// line, then date, time, end_date, kind, title, summary, body, launches,
// nuclear, sources, tags and related, each when set. The ID and Path of e
// are not written (they are the file's name).
func Encode(e *event.Event) []byte {
	var b strings.Builder
	b.WriteString(SchemaLine + "\n")
	encodeHead(&b, e, false)
	if e.Body != "" {
		literal(&b, "", "body", e.Body)
	}
	encodeTail(&b, e, false)
	return []byte(b.String())
}

// encodeHead writes the fields up to the summary; with notes, a comment
// after each says what it holds.
func encodeHead(b *strings.Builder, e *event.Event, notes bool) {
	note := func(s string) string {
		if !notes {
			return ""
		}
		return "  # " + s
	}
	fmt.Fprintf(b, "date: %s%s\n", e.Date, note("local date in Korea (KST): YYYY, YYYY-MM or YYYY-MM-DD; the file name starts with it"))
	if e.EndDate.IsZero() {
		if notes {
			b.WriteString("# end_date: YYYY-MM-DD    # for an event over several days\n")
		}
	} else {
		fmt.Fprintf(b, "end_date: %s\n", e.EndDate)
	}
	if e.Time != "" {
		fmt.Fprintf(b, "time: %q%s\n", e.Time, note("KST, quoted"))
	} else if notes && e.Date.Precision() == event.PrecisionDay {
		b.WriteString("# time: \"HH:MM\"           # KST time of the first launch, quoted; leave out when unknown\n")
	}
	fmt.Fprintf(b, "kind: %s\n", e.Kind)
	fmt.Fprintf(b, "title: %s%s\n", scalar(e.Title), note("plain text, no Markdown"))
	folded(b, "", "summary", e.Summary, note("one or two sentences in our own words (Markdown)"))
}

// encodeTail writes the fields after the body.
func encodeTail(b *strings.Builder, e *event.Event, notes bool) {
	note := func(s string) string {
		if !notes {
			return ""
		}
		return "  # " + s
	}
	if len(e.Launches) > 0 {
		fmt.Fprintf(b, "launches:%s\n", note("one entry per group of identical missiles"))
		for _, l := range e.Launches {
			fmt.Fprintf(b, "  - system: %s%s\n", scalar(l.System), note("an id in systems.yaml"))
			fmt.Fprintf(b, "    count: %d\n", l.Count)
			if l.CountEstimated || notes {
				fmt.Fprintf(b, "    count_estimated: %t%s\n", l.CountEstimated, note("true when sources disagree or give a floor"))
			}
			fmt.Fprintf(b, "    outcome: %s%s\n", l.Outcome, note("success | failure | partial | unknown"))
			if l.Site != "" {
				fmt.Fprintf(b, "    site: %s%s\n", scalar(l.Site), note("an id in sites.yaml"))
			} else if notes {
				b.WriteString("    # site: sohae            # an id in sites.yaml, when known\n")
			}
			for _, f := range []struct {
				key string
				v   *float64
			}{{"apogee_km", l.ApogeeKm}, {"range_km", l.RangeKm}, {"flight_min", l.FlightMin}} {
				if f.v != nil {
					fmt.Fprintf(b, "    %s: %s\n", f.key, fnum(*f.v))
				} else if notes {
					fmt.Fprintf(b, "    # %s:\n", f.key)
				}
			}
		}
	}
	if n := e.Nuclear; n != nil {
		fmt.Fprintf(b, "nuclear:\n")
		fmt.Fprintf(b, "  site: %s%s\n", scalar(n.Site), note("an id in sites.yaml"))
		if n.YieldKt != nil {
			fmt.Fprintf(b, "  yield_kt: {min: %s, max: %s}\n", fnum(n.YieldKt.Min), fnum(n.YieldKt.Max))
		} else if notes {
			b.WriteString("  # yield_kt: {min: 0, max: 0}   # estimated yield in kilotons\n")
		}
		if n.MagnitudeMb != nil {
			fmt.Fprintf(b, "  magnitude_mb: %s\n", fnum(*n.MagnitudeMb))
		} else if notes {
			b.WriteString("  # magnitude_mb: 0.0      # body-wave magnitude (USGS, CTBTO)\n")
		}
		if n.Claim != "" {
			fmt.Fprintf(b, "  claim: %s\n", scalar(n.Claim))
		} else if notes {
			b.WriteString("  # claim:                 # what North Korea said it tested\n")
		}
	}
	fmt.Fprintf(b, "sources:%s\n", note("at least one real page; original publisher"))
	for _, s := range e.Sources {
		fmt.Fprintf(b, "  - url: %s\n", scalar(s.URL))
		fmt.Fprintf(b, "    publisher: %s\n", scalar(s.Publisher))
		if s.Title != "" {
			fmt.Fprintf(b, "    title: %s\n", scalar(s.Title))
		}
		if !s.Published.IsZero() {
			fmt.Fprintf(b, "    published: %s\n", s.Published)
		} else if notes {
			b.WriteString("    # published: YYYY-MM-DD\n")
		}
	}
	if len(e.Tags) > 0 {
		fmt.Fprintf(b, "tags: [%s]\n", strings.Join(e.Tags, ", "))
	} else if notes {
		b.WriteString("# tags: [first-flight]      # kebab-case words\n")
	}
	if len(e.Related) > 0 {
		fmt.Fprintf(b, "related: [%s]\n", strings.Join(e.Related, ", "))
	} else if notes {
		b.WriteString("# related: [YYYY-MM-DD-slug]   # ids of other events\n")
	}
}
