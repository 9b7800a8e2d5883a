package site

import (
	"fmt"
	"html/template"
	"sort"

	"github.com/nktimeline/timeline/internal/event"
)

// The timeline by year: out/years/<year>/ is every event of one year,
// complete without JavaScript, and the home page shows the newest years
// (all of them while the record is small: see indexYears).

// yearPath is the site path of a year's page.
func yearPath(year int) string { return fmt.Sprintf("years/%d/", year) }

// yearGroup is one year of the timeline, newest events first.
type yearGroup struct {
	Year   int
	Path   string // site path of the year's page
	Items  []indexItem
	Events int // in the year, not only in Items
	// Ballistic is the year's number of ballistic missiles.
	Ballistic int
	// More is true when Items leave out some of the year's events (the
	// home page of a large record).
	More bool

	// events are the indexes of the year's events in the dataset, newest
	// first, and eras the eras that begin in it; fillItems makes Items
	// of them once a page shows the year.
	events []int
	eras   []*event.Era
	filled bool
}

// indexItem is an event or the start of an era.
type indexItem struct {
	Event *eventView
	Era   *event.Era
	// Row is Event as the list shows it, made by listRows just before
	// the page that lists it is rendered.
	Row *listEvent
}

// listEvent is an event as the timeline lists it (the "events" partial),
// prepared as eventData is for the event's page: a year page lists
// thousands.
type listEvent struct {
	ID      string
	Context bool // diplomacy, sanctions, allied response, politics
	Date    shownDate
	Badge   template.HTML // "badge": the event's kind
	URL     string        // of the event's page
	Title   string
	Summary template.HTML
	// ByClass, Systems, Sites and Outcome sum up the launch groups as
	// eventView does; Systems and Sites are "link"s to their pages.
	ByClass []string
	Systems []template.HTML
	Sites   []template.HTML
	Outcome string
}

// listRows makes the Row of every event of g, for the page template set
// t (whose partials the rows show as HTML rendered once per build: see
// fragment).
func (b *builder) listRows(t *template.Template, g *yearGroup) error {
	links, err := b.catalogueLinks(t, "link", false)
	if err != nil {
		return err
	}
	for i := range g.Items {
		it := &g.Items[i]
		if it.Event == nil {
			continue
		}
		r, err := b.listEvent(links, it.Event)
		if err != nil {
			return fmt.Errorf("site: event %s: %w", it.Event.ID, err)
		}
		it.Row = r
	}
	return nil
}

// dropRows lets the rows of g go once its page is written, so that a
// build does not hold every event's row to the end of the year pages.
func dropRows(g *yearGroup) {
	for i := range g.Items {
		g.Items[i].Row = nil
	}
}

// listEvent makes the row of the event of v in a year's list, with the
// badge and links of links.
func (b *builder) listEvent(links *catalogueLinks, v *eventView) (*listEvent, error) {
	r := &listEvent{ID: v.ID, Context: v.Context, Date: showDate(v.Date), URL: v.info.url, Title: v.Title,
		ByClass: classCounts(v), Outcome: v.Outcome}
	var err error
	if r.Badge, err = links.badge(v.Kind); err != nil {
		return nil, err
	}
	summary, err := b.summary(v.info)
	if err != nil {
		return nil, err
	}
	r.Summary = summary.block
	for _, s := range v.Systems {
		h, err := links.system(s.ID, s.Name)
		if err != nil {
			return nil, err
		}
		r.Systems = append(r.Systems, h)
	}
	for _, s := range v.Sites {
		h, err := links.site(s.ID, s.Name)
		if err != nil {
			return nil, err
		}
		r.Sites = append(r.Sites, h)
	}
	return r, nil
}

func (it indexItem) date() event.Date {
	if it.Era != nil {
		return it.Era.Start
	}
	return it.Event.Date
}

// yearLink is a year in the list of year pages.
type yearLink struct {
	Year, Events int
	Path         string
}

// timeline groups every event by year, newest year and event first, with
// a marker where each era begins. The home page and the year pages share
// it: it is made once per build, a year's items only once a page shows
// the year (fillItems), and its views are not counted as shown (see
// builder.view); the home page counts the events it lists.
func (b *builder) timeline() []*yearGroup {
	b.timelineOnce.Do(func() { b.years = b.makeTimeline() })
	return b.years
}

// fillItems makes the items of the year g, the events newest first with
// a marker where each era begins: below the era's first events, since the
// timeline runs newest first. The steps that show years call it before
// they render, one at a time.
func (b *builder) fillItems(g *yearGroup) {
	if g.filled {
		return
	}
	g.filled = true
	g.Items = make([]indexItem, 0, len(g.events)+len(g.eras))
	for _, i := range g.events {
		g.Items = append(g.Items, indexItem{Event: b.eventViewAt(i)})
	}
	for _, era := range g.eras {
		at := len(g.Items)
		for j, it := range g.Items {
			if it.date().Compare(era.Start) < 0 {
				at = j
				break
			}
		}
		g.Items = append(g.Items[:at], append([]indexItem{{Era: era}}, g.Items[at:]...)...)
	}
}

func (b *builder) makeTimeline() []*yearGroup {
	ds := b.ds
	groups := map[int]*yearGroup{}
	group := func(y int) *yearGroup {
		g := groups[y]
		if g == nil {
			g = &yearGroup{Year: y, Path: yearPath(y)}
			groups[y] = g
		}
		return g
	}
	for i := len(ds.Events) - 1; i >= 0; i-- {
		e := &ds.Events[i]
		g := group(e.Date.Year)
		g.events = append(g.events, i)
		g.Events++
		g.Ballistic += ds.BallisticCount(e)
	}
	// Mark where each era begins. An era that began before the record
	// does is marked at the foot of the record's first year rather than in
	// a year of its own.
	first := 0
	if len(ds.Events) > 0 {
		first = ds.Events[0].Date.Year
	}
	for i := range ds.Meta.Eras {
		era := &ds.Meta.Eras[i]
		y := era.Start.Year
		if first != 0 && y < first {
			if !era.End.IsZero() && era.End.Year < first {
				continue // the era ended before the record begins
			}
			y = first
		}
		g := group(y)
		g.eras = append(g.eras, era)
	}
	years := make([]*yearGroup, 0, len(groups))
	for _, g := range groups {
		years = append(years, g)
	}
	sort.Slice(years, func(i, j int) bool { return years[i].Year > years[j].Year })
	return years
}

// indexThreshold is the number of events up to which the home page lists
// every event. Past it, the home page lists the newest years, up to
// indexMaxEvents events, and links to the year pages; search and filters
// then load data/search.json to reach the other years. The real record
// (a few hundred events) stays below it. It and indexMaxEvents are
// variables for tests.
var indexThreshold = 1000

// indexMaxEvents caps the events the home page of a large record lists,
// which keeps out/index.html small at any size: whole years while they
// fit, and at least the newest events of the newest year.
var indexMaxEvents = 400

// indexYears returns the years the home page lists, and whether they hold
// every event of the record. Years with no events (only an era marker)
// go with the years around them.
func indexYears(years []*yearGroup, total int) ([]*yearGroup, bool) {
	if total <= indexThreshold {
		return years, true
	}
	var out []*yearGroup
	n := 0
	for _, g := range years {
		if n+g.Events > indexMaxEvents {
			if len(out) == 0 || n == 0 {
				// The newest year alone is too long: its newest events.
				cut := *g
				cut.Items, cut.More = nil, true
				for _, it := range g.Items {
					if it.Event != nil && n == indexMaxEvents {
						break
					}
					cut.Items = append(cut.Items, it)
					if it.Event != nil {
						n++
					}
				}
				out = append(out, &cut)
			}
			break
		}
		out = append(out, g)
		n += g.Events
	}
	return out, false
}

// yearLinks lists every year with events, newest first.
func yearLinks(years []*yearGroup) []yearLink {
	var links []yearLink
	for _, g := range years {
		if g.Events > 0 {
			links = append(links, yearLink{Year: g.Year, Events: g.Events, Path: g.Path})
		}
	}
	return links
}

// yearNav is the dot of the "year-nav" partial: every year page, the
// one shown (0 for none) and the list's heading (empty: "Every year").
type yearNav struct {
	Years   []yearLink
	Current int
	Title   string
}

// YearNav is the list of year pages with this year marked.
func (d *yearData) YearNav() yearNav { return yearNav{Years: d.Years, Current: d.Year} }

// yearData is the Data of year.html.
type yearData struct {
	*yearGroup
	// Group is the embedded year, for partials that take a *yearGroup.
	Group *yearGroup
	// Prev is the year before with events and Next the one after; nil
	// at either end.
	Prev, Next *yearLink
	Years      []yearLink // every year with events, newest first
}

// addYears adds out/years/index.html, the list of the year pages.
func (b *builder) addYears() error {
	return b.Render("years/index.html", "years.html", &Page{
		Title:       "Every year",
		Description: "The record of " + b.site.Title + " year by year, with the number of events in each.",
		Section:     "timeline",
		Data:        yearNav{Years: yearLinks(b.timeline()), Title: "Every year"},
	})
}

// addYearPages adds out/years/<year>/index.html for every year with
// events that the build renders.
func (b *builder) addYearPages() error {
	years := b.timeline()
	links := yearLinks(years)
	var pages []*yearGroup
	for _, g := range years {
		if g.Events > 0 {
			pages = append(pages, g)
		}
	}
	t, err := b.page("year.html")
	if err != nil {
		return err
	}
	idx := b.wanted(len(pages), func(i int) string { return owner(pages[i].Path) })
	for _, i := range idx {
		b.fillItems(pages[i])
	}
	return parallel(len(idx), func(j int) error {
		i := idx[j]
		g := pages[i]
		if err := b.listRows(t, g); err != nil {
			return err
		}
		defer dropRows(g)
		d := &yearData{yearGroup: g, Group: g, Years: links}
		// links and pages are in the same order, newest first.
		if i+1 < len(links) {
			d.Prev = &links[i+1]
		}
		if i > 0 {
			d.Next = &links[i-1]
		}
		desc := fmt.Sprintf("%d in the record of %s: %s %s", g.Year, b.site.Title, formatInt(g.Events), pluralWord(g.Events, "event", "events"))
		if g.Ballistic > 0 {
			desc += fmt.Sprintf(", %s ballistic %s", formatInt(g.Ballistic), pluralWord(g.Ballistic, "missile", "missiles"))
		}
		return b.Render(g.Path+"index.html", "year.html", &Page{
			Title:       fmt.Sprint(g.Year),
			Description: desc + ".",
			Section:     "timeline",
			Data:        d,
		})
	})
}
