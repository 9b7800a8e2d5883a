package eventfile

import (
	"fmt"

	"github.com/nktimeline/timeline/internal/event"
)

// Placeholders a skeleton carries where the curator has not given a value.
// They are valid values, so that a fresh skeleton loads without errors and
// the site can be previewed at once; the missing body keeps
// `timeline validate --strict` failing until the event is written up.
const (
	PlaceholderSummary   = "TODO: what happened, in one or two sentences of our own words."
	PlaceholderURL       = "https://example.org/todo-source"
	PlaceholderPublisher = "TODO publisher"
)

// Skeleton describes a new event file.
type Skeleton struct {
	Kind  event.Kind
	Date  event.Date
	Title string
	// Optional values; placeholders are written for those left empty.
	Summary   string
	Source    string // URL
	Publisher string
	// System is the system of the launch group of a missile or satellite
	// launch, and Site the launch site (optional) or, for a nuclear test,
	// the test site (required).
	System string
	Site   string
}

// Event returns the event the skeleton describes, placeholders filled in.
func (s Skeleton) Event() *event.Event {
	e := &event.Event{Date: s.Date, Kind: s.Kind, Title: s.Title, Summary: s.Summary}
	if e.Summary == "" {
		e.Summary = PlaceholderSummary
	}
	src := event.Source{URL: s.Source, Publisher: s.Publisher}
	if src.URL == "" {
		src.URL = PlaceholderURL
	}
	if src.Publisher == "" {
		src.Publisher = PlaceholderPublisher
	}
	e.Sources = []event.Source{src}
	if s.Kind.HasLaunches() {
		e.Launches = []event.Launch{{System: s.System, Count: 1, Outcome: "unknown", Site: s.Site}}
	}
	if s.Kind == event.KindNuclearTest {
		e.Nuclear = &event.Nuclear{Site: s.Site}
	}
	return e
}

// Encode returns the skeleton's file: the schema line, a note on what to
// do, every field the kind needs with a comment saying what it holds, and
// the optional ones commented out.
func (s Skeleton) Encode() []byte {
	e := s.Event()
	w := &writer{notes: true}
	w.line(SchemaLine, "")
	w.line(fmt.Sprintf("# A new %s event. Replace every TODO, write the body, then run", s.Kind), "")
	w.line("# `timeline validate --strict`. Lines starting with # are optional fields.", "")
	encodeHead(w, e)
	w.line("# body: |", "detail, and where sources differ (Markdown);")
	w.line("#   ...", "validate --strict fails until there is a body")
	encodeTail(w, e)
	return []byte(w.String())
}
