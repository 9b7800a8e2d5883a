package site

import (
	"encoding/json"
	"html/template"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// eventPath is the site path of an event's page.
func eventPath(id string) string { return "events/" + id + "/" }

// classCount is a number of missiles of one class.
type classCount struct {
	Class event.Class
	Count int
}

// eventView is an event with the figures the pages show about it.
type eventView struct {
	*event.Event
	Path      string // site path of its page
	Context   bool   // diplomacy, sanctions, allied response, politics
	Ballistic int    // ballistic missiles
	// ByClass counts missiles per class, in the order of event.Classes.
	ByClass []classCount
	// Classes is ByClass as space-separated classes, plus "ballistic" when
	// any is, for the timeline filter.
	Classes string
	// Outcome sums up the launch groups' outcomes: "success", or
	// "2 success, 1 failure" when they differ; empty without launches.
	Outcome string
	// Systems and Sites are the distinct systems and reported sites of the
	// launch groups, in the order of the groups, for links to their pages.
	Systems []event.System
	Sites   []event.Site
}

func (b *builder) eventView(e *event.Event) *eventView {
	v := &eventView{Event: e, Path: eventPath(e.ID), Context: e.Kind.IsContext(), Ballistic: b.ds.BallisticCount(e)}
	counts := map[event.Class]int{}
	outcomes := map[string]int{}
	for _, l := range e.Launches {
		counts[b.ds.Class(l)] += l.Count
		outcomes[l.Outcome] += l.Count
		if sys, ok := b.ds.System(l.System); ok && !hasSystem(v.Systems, sys.ID) {
			v.Systems = append(v.Systems, sys)
		}
		if s, ok := b.ds.Site(l.Site); ok && !hasSite(v.Sites, s.ID) {
			v.Sites = append(v.Sites, s)
		}
	}
	var classes []string
	for _, c := range event.Classes {
		if n := counts[c]; n > 0 {
			v.ByClass = append(v.ByClass, classCount{c, n})
			classes = append(classes, string(c))
		}
	}
	if v.Ballistic > 0 {
		classes = append(classes, "ballistic")
	}
	v.Classes = strings.Join(classes, " ")
	switch len(outcomes) {
	case 0:
	case 1:
		for o := range outcomes {
			v.Outcome = o
		}
	default:
		var parts []string
		for _, o := range event.Outcomes {
			if n := outcomes[o]; n > 0 {
				parts = append(parts, formatInt(n)+" "+o)
			}
		}
		v.Outcome = strings.Join(parts, ", ")
	}
	return v
}

func hasSystem(ss []event.System, id string) bool {
	for _, s := range ss {
		if s.ID == id {
			return true
		}
	}
	return false
}

func hasSite(ss []event.Site, id string) bool {
	for _, s := range ss {
		if s.ID == id {
			return true
		}
	}
	return false
}

// Index page.

// indexData is the Data of index.html.
type indexData struct {
	Figures figures
	Pace    *paceView
	// Years are the years the page lists, newest first: every year while
	// the record is small, else the newest (see indexYears).
	Years []*yearGroup
	// Complete is true when Years hold every event; else the page links to
	// the year pages and search loads data/search.json to reach them.
	Complete bool
	// AllYears lists every year page, newest first.
	AllYears []yearLink
	// YearNav is AllYears for the "year-nav" partial.
	YearNav yearNav
	Filters *filterChoices
	Total   int    // events
	Search  string // URL of data/search.json
}

// figures are the headline numbers on top of the timeline. They come from
// internal/stats, as the charts' numbers do, so the two always agree.
type figures struct {
	stats.Totals
	FirstYear   int // of a ballistic launch
	RecordYear  int // the year with most ballistic missiles (the earlier on a tie)
	RecordCount int
	RecordTies  []int // the later years with as many, oldest first
	// HalfYear is the year with most ballistic missiles from January to
	// June (the earlier on a tie; missiles dated only to the year are not
	// in it), HalfCount their number, and HalfRecord whether that beat
	// every earlier whole year, some of which had missiles (as 2022 did,
	// with 31).
	HalfYear, HalfCount int
	HalfRecord          bool
	// Wire is the January–June that wire reports made known, whose
	// count of launch events the about page explains (tallies.go); nil
	// when the record does not hold it.
	Wire          *halfYear
	Latest        *eventView // the newest event
	LatestLaunch  *eventView // the newest event with ballistic missiles
	ContextEvents int
}

func (b *builder) figures() figures {
	ds := b.ds
	f := figures{Totals: stats.Total(ds, stats.All)}
	for _, y := range stats.BallisticByYear(ds, stats.All) {
		if y.Total > 0 && f.FirstYear == 0 {
			f.FirstYear = y.Year
		}
		switch {
		case y.Total > f.RecordCount:
			f.RecordYear, f.RecordCount, f.RecordTies = y.Year, y.Total, nil
		case y.Total == f.RecordCount && y.Total > 0:
			f.RecordTies = append(f.RecordTies, y.Year)
		}
	}
	best := 0 // the best full year before the one examined
	for _, y := range stats.BallisticByMonth(ds, stats.All) {
		half := 0
		for _, n := range y.Months[:6] {
			half += n
		}
		if half > f.HalfCount {
			// A first year of launches beats no earlier year.
			f.HalfYear, f.HalfCount, f.HalfRecord = y.Year, half, best > 0 && half > best
		}
		best = max(best, y.Total)
	}
	f.Wire = b.wireHalf()
	for i := len(ds.Events) - 1; i >= 0; i-- {
		e := &ds.Events[i]
		if f.Latest == nil {
			f.Latest = b.view(e)
		}
		if f.LatestLaunch == nil && stats.IsLaunchEvent(ds, e) {
			f.LatestLaunch = b.view(e)
			if f.Latest.ID == e.ID {
				// The same event: the page shows it once.
				f.LatestLaunch = f.Latest
			}
		}
		if e.Kind.IsContext() {
			f.ContextEvents++
		}
	}
	return f
}

func (b *builder) addIndex() error {
	years := b.timeline()
	// The items of the years the page may list: as many as indexYears
	// may take.
	for n, i := 0, 0; i < len(years) && (n <= indexMaxEvents || len(b.ds.Events) <= indexThreshold); i++ {
		b.fillItems(years[i])
		n += years[i].Events
	}
	d := &indexData{Total: len(b.ds.Events), Figures: b.figures(), AllYears: yearLinks(years),
		Filters: b.filterChoices(), Search: b.URL("data/search.json")}
	d.Years, d.Complete = indexYears(years, d.Total)
	for _, g := range d.Years {
		for _, it := range g.Items {
			if it.Event != nil {
				b.shows(it.Event.Event)
			}
		}
	}
	d.YearNav = yearNav{Years: d.AllYears}
	d.Pace = b.pace(false)
	return b.Render("index.html", "index.html", &Page{
		Section:     "timeline",
		Description: b.site.Description,
		JSONLD:      b.datasetJSONLD(),
		Image:       b.cardImage(b.homeCard(d.Figures)),
		Data:        d,
	})
}

// Event pages.

// eventData is the Data of event.html.
type eventData struct {
	*eventView
	Era       *event.Era
	Launches  []launchRow
	Nuclear   *nuclearView
	Related   []*eventView
	Prev      *eventView // the event before in time
	Next      *eventView
	Permalink string // absolute URL
	// Card is the site path of the event's embeddable card, Embed its
	// embed code (cardSnippet) and CardHeight the height of that frame
	// without embed.js.
	Card       string
	Embed      string
	CardHeight int
	// Records are the records the event set, broke or tied.
	Records []recordRow
}

// launchRow is a launch group with its catalogue entries resolved.
type launchRow struct {
	event.Launch
	SystemName string
	Class      event.Class
	SiteName   string // empty when unknown
}

// nuclearView is a nuclear test with its site resolved.
type nuclearView struct {
	*event.Nuclear
	SiteName string
}

func (b *builder) addEvents() error {
	ds := b.ds
	idx := b.wantedEvents()
	return b.renderAll("event.html", len(idx), func(j int) (string, *Page) {
		i := idx[j]
		e := &ds.Events[i]
		d := &eventData{eventView: b.view(e), Permalink: b.AbsURL(eventPath(e.ID)),
			Card: cardPath(e.ID), Embed: b.cardSnippet(e), CardHeight: cardHeight, Records: b.eventRecords(e.ID)}
		if era, ok := ds.Era(e.Date); ok {
			d.Era = &era
		}
		if i > 0 {
			d.Prev = b.view(&ds.Events[i-1])
		}
		if i+1 < len(ds.Events) {
			d.Next = b.view(&ds.Events[i+1])
		}
		for _, l := range e.Launches {
			sys, _ := ds.System(l.System)
			row := launchRow{Launch: l, SystemName: sys.Name, Class: sys.Class}
			if s, ok := ds.Site(l.Site); ok {
				row.SiteName = s.Name
			}
			if row.SystemName == "" {
				row.SystemName = l.System
			}
			d.Launches = append(d.Launches, row)
		}
		if e.Nuclear != nil {
			d.Nuclear = &nuclearView{Nuclear: e.Nuclear}
			if s, ok := ds.Site(e.Nuclear.Site); ok {
				d.Nuclear.SiteName = s.Name
			}
		}
		for _, id := range e.Related {
			if r, ok := ds.Event(id); ok {
				d.Related = append(d.Related, b.view(r))
			}
		}
		desc := b.md.Plain(e.Summary)
		return eventPath(e.ID) + "index.html", &Page{
			Title:       e.Title,
			Description: desc,
			Section:     "timeline",
			OGType:      "article",
			JSONLD:      b.eventJSONLD(e, desc),
			Image:       b.cardImage(b.eventCard(d.eventView)),
			Data:        d,
		}
	})
}

// JSON-LD.

func (b *builder) datasetJSONLD() template.JS {
	return jsonLD(map[string]any{
		"@context":    "https://schema.org",
		"@type":       "Dataset",
		"name":        b.site.Title,
		"description": b.site.Description,
		"url":         b.AbsURL(""),
		"license":     b.site.Licence,
		"temporalCoverage": func() string {
			if len(b.ds.Events) == 0 {
				return ""
			}
			return b.ds.Events[0].Date.String() + "/" + b.site.AsOf.String()
		}(),
		"distribution": []map[string]any{
			{"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": b.AbsURL("data/events.json")},
			{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": b.AbsURL("data/events.csv")},
		},
	})
}

func (b *builder) eventJSONLD(e *event.Event, desc string) template.JS {
	ev := map[string]any{
		"@type":       "Event",
		"name":        e.Title,
		"description": desc,
		"startDate":   e.Date.String(),
	}
	if !e.EndDate.IsZero() {
		ev["endDate"] = e.EndDate.String()
	}
	site := ""
	if len(e.Launches) > 0 {
		site = e.Launches[0].Site
	} else if e.Nuclear != nil {
		site = e.Nuclear.Site
	}
	if s, ok := b.ds.Site(site); ok {
		ev["location"] = map[string]any{
			"@type": "Place",
			"name":  s.Name,
			"geo":   map[string]any{"@type": "GeoCoordinates", "latitude": s.Lat, "longitude": s.Lon},
		}
	}
	var cites []map[string]any
	for _, s := range e.Sources {
		c := map[string]any{"@type": "CreativeWork", "url": s.URL,
			"publisher": map[string]any{"@type": "Organization", "name": s.Publisher}}
		if s.Title != "" {
			c["name"] = s.Title
		}
		if !s.Published.IsZero() {
			c["datePublished"] = s.Published.String()
		}
		cites = append(cites, c)
	}
	return jsonLD(map[string]any{
		"@context":    "https://schema.org",
		"@type":       "WebPage",
		"name":        e.Title,
		"description": desc,
		"url":         b.AbsURL(eventPath(e.ID)),
		"about":       ev,
		"citation":    cites,
		"isPartOf":    map[string]any{"@type": "Dataset", "name": b.site.Title, "url": b.AbsURL("")},
	})
}

// jsonLD marshals v with encoding/json, which escapes <, > and & (and
// U+2028/9), so the result cannot close the script element it goes in.
func jsonLD(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return template.JS(data) //nolint:gosec // escaped by encoding/json
}
