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

// writer builds a file line by line. With notes, lines may carry a
// comment, aligned in a column, and hint lines (optional fields, commented
// out) are written; without, comments and hints are left out.
type writer struct {
	strings.Builder
	notes bool
}

// noteColumn is where comments start, as in the record's README example.
const noteColumn = 28

// line writes text, then the comment when the writer has notes.
func (w *writer) line(text, comment string) {
	w.WriteString(text)
	if w.notes && comment != "" {
		pad := max(noteColumn-len(text), 2)
		w.WriteString(strings.Repeat(" ", pad) + "# " + comment)
	}
	w.WriteByte('\n')
}

// hint writes a commented-out line (text starts after the indent with
// "# ") when the writer has notes.
func (w *writer) hint(text, comment string) {
	if w.notes {
		w.line(text, comment)
	}
}

// folded writes key with a one-paragraph text as a folded block scalar
// (">-"), wrapped at 76 columns: the layout of the summaries in the record.
// Spaces inside the text are collapsed, which Markdown ignores anyway.
func folded(w *writer, indent, key, text, comment string) {
	lines := wrap(text, 76-len(indent)-2)
	if len(lines) == 0 {
		w.line(indent+key+": "+scalar(""), comment)
		return
	}
	w.line(indent+key+": >-", comment)
	for _, l := range lines {
		w.line(indent+"  "+l, "")
	}
}

// literal writes key with text kept line by line as a literal block scalar
// ("|"), the layout of the bodies in the record.
func literal(w *writer, indent, key, text string) {
	text = strings.TrimRight(text, " \t\n")
	lines := strings.Split(text, "\n")
	header := "|"
	if strings.HasPrefix(lines[0], " ") {
		// The first line sets the indentation unless it is stated.
		header = "|2"
	}
	w.line(indent+key+": "+header, "")
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			w.line("", "")
			continue
		}
		w.line(indent+"  "+l, "")
	}
}

// fnum formats a number as the record writes it: no exponent, no trailing
// zeros.
func fnum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Encode returns the file of an event in the record's layout: the schema
// line, then date, end_date, time, kind, title, summary, body, launches,
// nuclear, sources, tags and related, each when set. The ID and Path of e
// are not written (they are the file's name).
func Encode(e *event.Event) []byte {
	w := &writer{}
	w.line(SchemaLine, "")
	encodeHead(w, e)
	if e.Body != "" {
		literal(w, "", "body", e.Body)
	}
	encodeTail(w, e)
	return []byte(w.String())
}

// encodeHead writes the fields up to the summary.
func encodeHead(w *writer, e *event.Event) {
	w.line("date: "+e.Date.String(), "local date in Korea (KST): YYYY, YYYY-MM or YYYY-MM-DD")
	if !e.EndDate.IsZero() {
		w.line("end_date: "+e.EndDate.String(), "")
	} else {
		w.hint("# end_date: YYYY-MM-DD", "for an event over several days")
	}
	if e.Time != "" {
		w.line(fmt.Sprintf("time: %q", e.Time), "KST, quoted")
	} else if e.Date.Precision() == event.PrecisionDay {
		w.hint(`# time: "HH:MM"`, "KST time of the first launch, quoted")
	}
	w.line("kind: "+string(e.Kind), "")
	w.line("title: "+scalar(e.Title), "plain text, no Markdown")
	folded(w, "", "summary", e.Summary, "one or two sentences of our own (Markdown)")
}

// encodeTail writes the fields after the body.
func encodeTail(w *writer, e *event.Event) {
	if len(e.Launches) > 0 {
		w.line("launches:", "one entry per group of identical missiles")
		for _, l := range e.Launches {
			w.line("  - system: "+scalar(l.System), "an id in systems.yaml")
			w.line(fmt.Sprintf("    count: %d", l.Count), "")
			if l.CountEstimated || w.notes {
				w.line(fmt.Sprintf("    count_estimated: %t", l.CountEstimated), "true when sources disagree or give a floor")
			}
			w.line("    outcome: "+l.Outcome, "success | failure | partial | unknown")
			if l.Site != "" {
				w.line("    site: "+scalar(l.Site), "an id in sites.yaml")
			} else {
				w.hint("    # site:", "an id in sites.yaml, when known")
			}
			for _, f := range []struct {
				key, note string
				v         *float64
			}{{"apogee_km", "highest altitude", l.ApogeeKm}, {"range_km", "distance flown", l.RangeKm}, {"flight_min", "minutes in flight", l.FlightMin}} {
				if f.v != nil {
					w.line("    "+f.key+": "+fnum(*f.v), "")
				} else {
					w.hint("    # "+f.key+":", f.note)
				}
			}
		}
	}
	if n := e.Nuclear; n != nil {
		w.line("nuclear:", "")
		w.line("  site: "+scalar(n.Site), "an id in sites.yaml")
		if n.YieldKt != nil {
			w.line(fmt.Sprintf("  yield_kt: {min: %s, max: %s}", fnum(n.YieldKt.Min), fnum(n.YieldKt.Max)), "")
		} else {
			w.hint("  # yield_kt: {min:, max:}", "estimated yield in kilotons")
		}
		if n.MagnitudeMb != nil {
			w.line("  magnitude_mb: "+fnum(*n.MagnitudeMb), "")
		} else {
			w.hint("  # magnitude_mb:", "body-wave magnitude (USGS, CTBTO)")
		}
		if n.Claim != "" {
			w.line("  claim: "+scalar(n.Claim), "")
		} else {
			w.hint("  # claim:", "what North Korea said it tested")
		}
	}
	w.line("sources:", "at least one real page; the original publisher")
	for _, s := range e.Sources {
		w.line("  - url: "+scalar(s.URL), "")
		w.line("    publisher: "+scalar(s.Publisher), "")
		if s.Title != "" {
			w.line("    title: "+scalar(s.Title), "")
		}
		if !s.Published.IsZero() {
			w.line("    published: "+s.Published.String(), "")
		} else {
			w.hint("    # published:", "YYYY-MM-DD")
		}
	}
	if len(e.Tags) > 0 {
		w.line("tags: ["+strings.Join(e.Tags, ", ")+"]", "")
	} else {
		w.hint("# tags: []", "kebab-case words, e.g. first-flight")
	}
	if len(e.Related) > 0 {
		w.line("related: ["+strings.Join(e.Related, ", ")+"]", "")
	} else {
		w.hint("# related: []", "ids of other events")
	}
}
