package timelinejs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/util"

	"github.com/nktimeline/timeline/internal/event"
)

// Export returns the dataset in TimelineJS's JSON format, the bytes of
// out/data/timelinejs.json: a title slide from timeline.yaml, the leaders'
// eras, and one slide per event, in the dataset's order, with its dates,
// title, summary, sources and a link back to its page under baseURL. The
// slide's group is the kind's label and its unique_id the event's id, so
// a TimelineJS link ending in #event-<id> opens that event. Slides carry no
// media: every TimelineJS media type loads from another site, which a
// reader's embed should not do without the publisher choosing it.
//
// The same dataset and base URL give the same bytes.
func Export(ds *event.Dataset, baseURL string) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteExport(&b, ds, baseURL); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteExport writes the bytes of Export to w, a slide at a time, so that
// a large record is never whole in memory.
func WriteExport(w io.Writer, ds *event.Dataset, baseURL string) error {
	x, err := NewExporter(ds, baseURL)
	if err != nil {
		return err
	}
	head, tail, err := x.Frame()
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for i := range ds.Events {
		if i > 0 {
			if _, err := io.WriteString(w, SlideSep); err != nil {
				return err
			}
		}
		s, err := x.Slide(&ds.Events[i])
		if err != nil {
			return err
		}
		if _, err := w.Write(s); err != nil {
			return err
		}
	}
	_, err = w.Write(tail)
	return err
}

// An Exporter makes Export's bytes in parts, so that a build can take the
// slides of unchanged events from the file it wrote before: Frame gives
// the bytes before and after the events' slides, Slide the slide of one
// event; the export is the head, the slides of the events in the
// dataset's order with SlideSep between them, and the tail.
type Exporter struct {
	ds   *event.Dataset
	root string // the base URL, ending in "/"

	// SummaryHTML, when set, returns the HTML of the event e's summary,
	// the Markdown of e.Summary rendered as blocks; a site that renders
	// the summaries anyway gives its own rendering, so that a summary is
	// parsed once. When nil, the summary is rendered by goldmark's
	// default renderer, which escapes raw HTML and drops dangerous URLs.
	// Slides may be made on several goroutines at once: it must be safe
	// for concurrent use.
	SummaryHTML func(e *event.Event) (string, error)
}

// SlideSep separates the slides of the events in the export.
const SlideSep = ","

// NewExporter returns an Exporter of the dataset for the base URL.
func NewExporter(ds *event.Dataset, baseURL string) (*Exporter, error) {
	base, err := url.Parse(baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("timelinejs: base URL %q is not an absolute http(s) URL", baseURL)
	}
	return &Exporter{ds: ds, root: strings.TrimSuffix(base.String(), "/") + "/"}, nil
}

// Frame returns the export's bytes before the first slide of an event and
// after the last: the title slide, the eras and the scale.
func (x *Exporter) Frame() (head, tail []byte, err error) {
	ds, root := x.ds, x.root
	tl := Timeline{
		Title: &Slide{
			Text: &Text{
				Headline: html.EscapeString(ds.Meta.Title),
				Text: fmt.Sprintf(`<p>%s</p><p>Record as of %s. Data: %s, <a href="%s">%s</a>.</p>`,
					html.EscapeString(ds.Meta.Description), ds.Meta.AsOf, html.EscapeString(ds.Meta.Licence),
					html.EscapeString(root), html.EscapeString(root)),
			},
			UniqueID: "title",
		},
		Events: []Slide{},
		Scale:  "human",
	}
	for _, era := range ds.Meta.Eras {
		end := era.End
		if end.IsZero() {
			end = ds.Meta.AsOf
		}
		tl.Eras = append(tl.Eras, Era{StartDate: date(era.Start, ""), EndDate: date(end, ""), Text: &Text{Headline: html.EscapeString(era.Name)}})
	}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(tl); err != nil {
		return nil, nil, err
	}
	// The title and the eras are escaped text: the key of the events
	// stands in the bytes once.
	const key = `"events":[`
	i := bytes.Index(b.Bytes(), []byte(key+"]"))
	if i < 0 {
		return nil, nil, fmt.Errorf("timelinejs: no list of events in the export")
	}
	i += len(key)
	return b.Bytes()[:i], b.Bytes()[i:], nil
}

// Slide returns the slide of the event e, as the export holds it.
func (x *Exporter) Slide(e *event.Event) ([]byte, error) {
	return x.AppendSlide(nil, e)
}

// AppendSlide appends the slide of the event e, as Slide returns it, to
// dst and returns the result.
func (x *Exporter) AppendSlide(dst []byte, e *event.Event) ([]byte, error) {
	// The buffers are kept for the next slide: they stay as large as
	// slides need.
	se := slideEncoders.Get().(*slideEncoder)
	se.text.Reset()
	if err := x.slideText(&se.text, e); err != nil {
		return dst, fmt.Errorf("timelinejs: event %s: %v", e.ID, err)
	}
	s := Slide{
		StartDate: date(e.Date, e.Time),
		Text:      &Text{Headline: html.EscapeString(e.Title), Text: strings.TrimSpace(se.text.String())},
		Group:     e.Kind.Label(),
		UniqueID:  e.ID,
	}
	if !e.EndDate.IsZero() {
		s.EndDate = date(e.EndDate, "")
	}
	// As json.Marshal encodes it.
	se.buf.Reset()
	if err := se.enc.Encode(s); err != nil {
		return dst, err
	}
	dst = append(dst, bytes.TrimSuffix(se.buf.Bytes(), []byte("\n"))...)
	slideEncoders.Put(se)
	return dst, nil
}

// A slideEncoder is a JSON encoder with the buffer it writes to, and a
// buffer for the text of a slide.
type slideEncoder struct {
	buf  bytes.Buffer
	enc  *json.Encoder
	text slideBuffer
}

var slideEncoders = sync.Pool{New: func() any {
	se := new(slideEncoder)
	se.enc = json.NewEncoder(&se.buf)
	return se
}}

// date converts a record date and KST time ("HH:MM" or "") to a slide date.
func date(d event.Date, hhmm string) *Date {
	out := &Date{Year: Int(d.Year), Month: Int(d.Month), Day: Int(d.Day)}
	if len(hhmm) == 5 {
		var h, m int
		if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err == nil {
			out.Hour, out.Minute = Int(h), Int(m)
			// TimelineJS shows times in no particular zone: say which.
			out.DisplayDate = fmt.Sprintf("%s, %s KST", d, hhmm)
		}
	}
	return out
}

// slideBuffer is a bytes.Buffer that goldmark writes into directly: it
// wraps any writer that is not a util.BufWriter in a 4 KB bufio.Writer of
// its own, for every slide.
type slideBuffer struct{ bytes.Buffer }

func (*slideBuffer) Buffered() int { return 0 }
func (*slideBuffer) Flush() error  { return nil }

var _ util.BufWriter = (*slideBuffer)(nil)

// slideText writes to b the text of the slide of e: the summary as HTML,
// the sources, and the link back.
func (x *Exporter) slideText(b *slideBuffer, e *event.Event) error {
	root := x.root
	if x.SummaryHTML != nil {
		h, err := x.SummaryHTML(e)
		if err != nil {
			return err
		}
		b.WriteString(h)
	} else if err := goldmark.Convert([]byte(e.Summary), b); err != nil {
		// Summaries are validated Markdown without raw HTML; goldmark's
		// default renderer escapes any that slipped through.
		return err
	}
	if len(e.Sources) > 0 {
		b.WriteString("<p>Sources: ")
		for i, s := range e.Sources {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<a href="`)
			b.WriteString(html.EscapeString(s.URL))
			b.WriteString(`">`)
			b.WriteString(html.EscapeString(s.Publisher))
			b.WriteString(`</a>`)
		}
		b.WriteString(".</p>")
	}
	b.WriteString(`<p><a href="`)
	b.WriteString(html.EscapeString(root + "events/" + e.ID + "/"))
	b.WriteString(`">Full entry, with details and sources</a></p>`)
	return nil
}
