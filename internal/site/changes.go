package site

import (
	"sort"
	"strconv"

	"github.com/nktimeline/timeline/internal/event"
)

// The changes page, out/changes/index.html, and its Atom feed,
// out/changes/feed.xml: every correction to the record, newest first, so
// that anyone who quoted a figure can learn that it changed.
//
// What counts as a change is what the event files record: each entry of
// an event's corrections, and an event's updated date where no correction
// of that day says what changed. The event files keep no date on which an
// event was added, so additions are not listed here; the newest events
// are in the main feed (feed.xml).

// changesPath is the site path of the changes page.
const changesPath = "changes/"

// change is one correction of one event.
type change struct {
	Date  event.Date
	Event *eventView
	// Text says what changed, in Markdown; empty for an updated date
	// that no correction explains.
	Text string
	// Anchor is the fragment of the event page that holds it.
	Anchor string
}

// changesData is the Data of changes.html.
type changesData struct {
	Changes []change // newest first
	Events  int      // events with at least one change
	Feed    string   // site path of the changes feed
}

// changes lists every change of the record, newest first; changes of the
// same day follow the events' order, newest event first.
func (b *builder) changes() []change {
	ds := b.ds
	var out []change
	for i := len(ds.Events) - 1; i >= 0; i-- {
		e := &ds.Events[i]
		if e.Updated.IsZero() && len(e.Corrections) == 0 {
			continue
		}
		v := b.view(e)
		explained := false
		for j := len(e.Corrections) - 1; j >= 0; j-- {
			c := e.Corrections[j]
			explained = explained || c.Date == e.Updated
			out = append(out, change{Date: c.Date, Event: v, Text: c.Text, Anchor: "correction-" + strconv.Itoa(j)})
		}
		if !e.Updated.IsZero() && !explained {
			out = append(out, change{Date: e.Updated, Event: v, Anchor: "corrections"})
		}
	}
	// Stable: events keep their newest-first order within a day.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Compare(out[j].Date) > 0 })
	return out
}

func (b *builder) addChanges() error {
	d := &changesData{Changes: b.changes(), Feed: changesPath + "feed.xml"}
	seen := map[string]bool{}
	for _, c := range d.Changes {
		if !seen[c.Event.ID] {
			seen[c.Event.ID] = true
			d.Events++
		}
	}
	if err := b.addChangesFeed(d.Changes); err != nil {
		return err
	}
	return b.Render(changesPath+"index.html", "changes.html", &Page{
		Title:       "Corrections and updates",
		Description: "Every correction to the record of North Korea's weapons activity, newest first: which event changed, when, and what changed.",
		Image:       b.cardImage(b.homeCard(b.figures())),
		Data:        d,
	})
}

// addChangesFeed writes changes/feed.xml, an Atom feed with an entry per
// change, newest first. Its time stamps are the changes' dates and, for
// the feed, the as-of date, so that it depends only on the data.
func (b *builder) addChangesFeed(changes []change) error {
	f := atomFeed{
		Title:   b.site.Title + ": corrections and updates",
		ID:      b.AbsURL(changesPath),
		Updated: isoDateTime(b.site.AsOf, ""),
		Links: []atomLink{
			{Href: b.AbsURL(changesPath + "feed.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: b.AbsURL(changesPath), Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: b.site.Title},
	}
	if b.site.Licence != "" {
		f.Rights = "Data licence: " + b.site.Licence
	}
	for _, c := range changes {
		link := b.AbsURL(c.Event.Path) + "#" + c.Anchor
		ts := isoDateTime(c.Date, "")
		text := "A fact of this event was updated."
		if c.Text != "" {
			text = b.md.Plain(c.Text)
		}
		f.Entries = append(f.Entries, atomEntry{
			Title:     "Correction: " + c.Event.Title,
			ID:        link,
			Link:      atomLink{Href: link, Rel: "alternate", Type: "text/html"},
			Updated:   ts,
			Published: ts,
			Category:  &atomCat{Term: string(c.Event.Kind), Label: c.Event.Kind.Label()},
			Summary:   atomText{Type: "text", Body: formatDate(c.Event.Date) + ": " + text},
		})
	}
	return b.addXML(changesPath+"feed.xml", f)
}
