package timelinejs

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"strings"
	"sync"

	json "github.com/goccy/go-json"

	"github.com/nktimeline/timeline/internal/event"
)

// An Exporter makes the record in TimelineJS's JSON format, for a site's
// data/timelinejs.json, in parts, so that a build can take the slides of
// unchanged events from the file it wrote before: Frame gives the bytes
// before and after the events' slides, AppendSlide the slide of one
// event; the file is the head, the slides of the events in the dataset's
// order with SlideSep between them, and the tail.
//
// The file has a title slide from timeline.yaml, the leaders' eras, and
// one slide per event with its dates, title, summary, sources and a link
// back to its page under the base URL. The slide's group is the kind's
// label and its unique_id the event's id, so a TimelineJS link ending in
// #event-<id> opens that event. Slides carry no media: every TimelineJS
// media type loads from another site, which a reader's embed should not
// do without the publisher choosing it. The same dataset, base URL and
// summaries give the same bytes.
type Exporter struct {
	ds      *event.Dataset
	root    string // the base URL, ending in "/"
	summary func(e *event.Event) (string, error)
}

// SlideSep separates the slides of the events in the export.
const SlideSep = ","

// NewExporter returns an Exporter of the dataset for the base URL.
// summaryHTML returns the HTML of the event e's summary, its Markdown
// rendered as blocks, which the slide shows as it is: the caller decides
// what a summary may link to and load (the site gives its pages'
// rendering, which loads nothing from another host). Slides may be made
// on several goroutines at once: summaryHTML must be safe for concurrent
// use.
func NewExporter(ds *event.Dataset, baseURL string, summaryHTML func(e *event.Event) (string, error)) (*Exporter, error) {
	base, err := url.Parse(baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("timelinejs: base URL %q is not an absolute http(s) URL", baseURL)
	}
	return &Exporter{ds: ds, root: strings.TrimSuffix(base.String(), "/") + "/", summary: summaryHTML}, nil
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

// AppendSlide appends the slide of the event e, as the export holds it,
// to dst and returns the result.
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
	// As json.Marshal encodes it (goccy/go-json, which writes the same
	// bytes faster: see the site's FuzzJSONEncodings).
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
	text bytes.Buffer
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

// slideText writes to b the text of the slide of e: the summary as HTML,
// the sources, and the link back.
func (x *Exporter) slideText(b *bytes.Buffer, e *event.Event) error {
	root := x.root
	h, err := x.summary(e)
	if err != nil {
		return err
	}
	b.WriteString(h)
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
