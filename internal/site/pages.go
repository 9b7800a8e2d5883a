package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"

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
	info      *eventInfo
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

// eventInfo holds what the pages of a build make of an event more than
// once, made once per event: pages ask for an event's summary several
// times a build (its page, its year's list, its card, the feed, search,
// meta descriptions), and finding it by the event costs far less than
// finding it by its text in the markdown's memo; and as many link to the
// event's page.
type eventInfo struct {
	e *event.Event
	// shared is set for the info of an event of the dataset, kept by the
	// builder for the whole build (see builder.info).
	shared bool
	// path is the site path of the event's page (eventPath), url its URL
	// (builder.URL) and absURL its absolute URL (builder.AbsURL).
	path, url, absURL string

	summaryOnce sync.Once
	summary     *rendered
	summaryErr  error
}

// info returns the eventInfo of the event e.
func (b *builder) info(e *event.Event) *eventInfo {
	if i, ok := b.ds.Index(e.ID); ok && &b.ds.Events[i] == e {
		return b.infoAt(i)
	}
	// Not one of the dataset's events: a copy, say.
	return b.newInfo(e)
}

// newInfo returns the eventInfo of the event e, not shared.
func (b *builder) newInfo(e *event.Event) *eventInfo {
	in := new(eventInfo)
	b.setInfo(in, e)
	return in
}

// setInfo makes in the eventInfo of the event e.
func (b *builder) setInfo(in *eventInfo, e *event.Event) {
	in.e = e
	// As AbsURL makes it, which the URL and the path end: one string.
	abs := b.origin + b.base.Path + "events/" + e.ID + "/"
	if u := abs[len(b.origin):]; plainPath(u) {
		in.absURL, in.url, in.path = abs, u, u[len(b.base.Path):]
		return
	}
	in.path = eventPath(e.ID)
	in.absURL, in.url = b.AbsURL(in.path), b.URL(in.path)
}

// infoAt returns the eventInfo of the i-th event of the dataset, which
// newBuilder makes for every event.
func (b *builder) infoAt(i int) *eventInfo {
	return &b.infos[i]
}

// newInfos returns the eventInfo of every event of the dataset, by index.
func (b *builder) newInfos() []eventInfo {
	infos := make([]eventInfo, len(b.ds.Events))
	for i := range infos {
		b.setInfo(&infos[i], &b.ds.Events[i])
		infos[i].shared = true
	}
	return infos
}

// summary returns the forms of the Markdown summary of the event of in.
func (b *builder) summary(in *eventInfo) (*rendered, error) {
	if !in.shared {
		return b.md.text(in.e.Summary)
	}
	in.summaryOnce.Do(func() { in.summary, in.summaryErr = b.md.render(in.e.Summary) })
	return in.summary, in.summaryErr
}

// plainSummary returns the summary of the event of in as plain text (see
// markdown.Plain).
func (b *builder) plainSummary(in *eventInfo) string {
	if r, err := b.summary(in); err == nil {
		return r.plain
	}
	return b.md.Plain(in.e.Summary)
}

func (b *builder) eventView(e *event.Event) *eventView {
	return b.infoView(b.info(e))
}

// eventViewAt returns the eventView of the i-th event of the dataset.
func (b *builder) eventViewAt(i int) *eventView {
	return b.infoView(b.infoAt(i))
}

// infoView returns the eventView of the event of in.
func (b *builder) infoView(in *eventInfo) *eventView {
	e := in.e
	v := &eventView{Event: e, info: in, Path: in.path, Context: e.Kind.IsContext(), Ballistic: b.ds.BallisticCount(e)}
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
	t, err := b.page("index.html")
	if err != nil {
		return err
	}
	for _, g := range d.Years {
		for _, it := range g.Items {
			if it.Event != nil {
				b.shows(it.Event.Event)
			}
		}
		if err := b.listRows(t, g); err != nil {
			return err
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

// eventData is the Data of event.html: an event as its page shows it.
// A build renders a page for every event, and every function a template
// calls costs more than the text it writes, so everything the page shows
// is prepared here once, as plain fields: dates and numbers formatted,
// URLs made, Markdown rendered. The fields are in the order the page
// shows them (a template finds a field by going through the fields before
// it).
type eventData struct {
	Head     template.HTML // "event-head"
	Links    *pageLinks
	Crumbs   template.HTML // "crumbs": the links to the timeline and the year's page
	Context  bool          // diplomacy, sanctions, allied response, politics
	Badge    template.HTML // "badge": the event's kind
	Date     shownDate
	EndDate  *shownDate // nil for an event of one day
	Time     string     // "HH:MM" in KST, or empty
	Era      string     // the name of the leader's era of Date, or empty
	Updated  *shownDate // the day a fact last changed; nil when none has
	Title    string
	Summary  template.HTML
	Body     template.HTML // empty when the event has no body
	Launches []launchRow
	// Ballistic is the number of ballistic missiles and Missiles the word
	// for that many ("missile" or "missiles").
	Ballistic int
	Missiles  string
	// ByClass counts missiles per class (classCounts).
	ByClass []string
	// Outcome sums up the launch groups' outcomes (see eventView).
	Outcome string
	// Records are the records the event set, broke or tied.
	Records     []recordRow
	Nuclear     *nuclearRow
	Sources     []sourceRow
	Corrections []correctionRow // oldest first
	Tags        []template.HTML // each tag's "tag-link"
	Related     []eventLink
	Cite        template.HTML // "cite": the dataset
	Permalink   string        // absolute URL
	// Card is the URL of the event's embeddable card, Embed its embed
	// code (cardSnippet) and CardHeight the height of that frame without
	// embed.js.
	Card       string
	CardHeight int
	Embed      string
	Prev       *eventLink // the event before in time
	Next       *eventLink
}

// pageLinks are the URLs that every page of a kind links to, made once
// per build.
type pageLinks struct {
	Home, About, Records, Changes string
	CopyScript                    string // assets/copy.js
	// AsOf is the date the record is complete up to.
	AsOf shownDate
}

func (b *builder) pageLinks() (*pageLinks, error) {
	copyJS, err := b.Asset("copy.js")
	if err != nil {
		return nil, err
	}
	return &pageLinks{Home: b.URL(""), About: b.URL("about/"), Records: b.URL(recordsPath), Changes: b.URL("changes/"),
		CopyScript: copyJS, AsOf: showDate(b.site.AsOf)}, nil
}

// citeView is the dot of "cite": the site and the date its record is
// complete up to.
type citeView struct {
	Site *Site
	AsOf shownDate
}

// shownDate is a date as pages show it, in a <time> element.
type shownDate struct {
	ISO  string // YYYY[-MM[-DD]], for the datetime attribute
	Text string // for readers: "3 Sep 2017", "Sep 2017" or "2017"
}

func showDate(d event.Date) shownDate { return shownDate{ISO: isoDate(d), Text: formatDate(d)} }

// showDateIf is showDate of a date that may be zero, nil for zero.
func showDateIf(d event.Date) *shownDate {
	if d.IsZero() {
		return nil
	}
	sd := showDate(d)
	return &sd
}

// launchRow is a launch group with its catalogue entries resolved.
type launchRow struct {
	SystemName string // the id when the catalogue has no such system
	// System is the "link" to the system's page, Site the one to the
	// site's page (empty when the site is unknown).
	System         template.HTML
	Site           template.HTML
	Class          string // classLabel of the system's class
	Count          int
	CountEstimated bool
	Outcome        string
	// Apogee and Range in kilometres and Flight in minutes, formatted
	// with formatNum; empty when not reported.
	Apogee, Range, Flight string
	ReportedCounts        []event.ReportedCount
}

// nuclearRow is a nuclear test with its site resolved and its figures
// formatted.
type nuclearRow struct {
	SiteName string // empty when unknown
	SiteURL  string // of the site's page, when SiteName is set
	// Yield is the estimated yield in kilotons ("70 to 280", "10"), empty
	// when not estimated; Magnitude the seismic magnitude (mb), empty
	// when not reported.
	Yield, Magnitude string
	Claim            string
}

// sourceRow is a source as the event page lists it.
type sourceRow struct {
	URL string
	// Text is the source's title, or its URL when it has none (Bare).
	Text      string
	Bare      bool
	Publisher string
	Published *shownDate // nil when not given
}

// correctionRow is a correction, its text rendered.
type correctionRow struct {
	Date shownDate
	Text template.HTML
}

// yearCrumbs is the dot of "crumbs": the URLs of the timeline and of a
// year's page.
type yearCrumbs struct {
	Home, URL string
	Year      int
}

// tagLink is the dot of "tag-link": a tag and its words ("first-flight",
// "first flight"), and the URL of the timeline it filters.
type tagLink struct {
	Home, Tag, Label string
}

// eventLink is a link to another event's page.
type eventLink struct {
	URL   string
	Title string
	Date  shownDate
}

func (b *builder) eventLink(in *eventInfo) *eventLink {
	return &eventLink{URL: in.url, Title: in.e.Title, Date: showDate(in.e.Date)}
}

// formatYield formats an estimated yield: "10", "70 to 280"; empty for nil.
func formatYield(y *event.Range, to string) string {
	if y == nil {
		return ""
	}
	if y.Min == y.Max {
		return formatNum(y.Min)
	}
	return formatNum(y.Min) + to + formatNum(y.Max)
}

// formatNumIf formats a number that may be missing, "" for nil.
func formatNumIf(f *float64) string {
	if f == nil {
		return ""
	}
	return formatNum(*f)
}

// classCounts is ByClass of v as pages show it, in words: "4 SRBM",
// "1 ballistic, class unknown".
func classCounts(v *eventView) []string {
	counts := make([]string, len(v.ByClass))
	for i, c := range v.ByClass {
		counts[i] = strconv.Itoa(c.Count) + " " + classLabel(c.Class)
	}
	return counts
}

// eventParts are the fragments (see fragment) of the event pages of a
// build that many show alike, rendered before the pages.
type eventParts struct {
	head, cite template.HTML // "event-head" and "cite": the same on every page
	links      *catalogueLinks
	// years holds "crumbs" by year, for every year of an event.
	years map[int]template.HTML
}

// eventParts renders the eventParts of the template set t of event.html.
func (b *builder) eventParts(t *template.Template, links *pageLinks) (*eventParts, error) {
	p := &eventParts{years: make(map[int]template.HTML)}
	var err error
	if p.head, err = b.fragment(t, "event-head", links.CopyScript); err != nil {
		return nil, err
	}
	if p.cite, err = b.fragment(t, "cite", citeView{Site: b.site, AsOf: links.AsOf}); err != nil {
		return nil, err
	}
	if p.links, err = b.catalogueLinks(t, "link", false); err != nil {
		return nil, err
	}
	for i := range b.ds.Events {
		y := b.ds.Events[i].Date.Year
		if _, ok := p.years[y]; ok {
			continue
		}
		if p.years[y], err = b.fragment(t, "crumbs", yearCrumbs{Home: links.Home, URL: b.URL(yearPath(y)), Year: y}); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// eventData prepares the page of the i-th event. t is the template set of
// event.html, whose parts the page shows as HTML rendered once per build
// (see fragment).
func (b *builder) eventData(t *template.Template, i int, links *pageLinks, parts *eventParts) (*eventData, *eventView, error) {
	ds := b.ds
	e := &ds.Events[i]
	b.shows(e)
	v := b.eventViewAt(i)
	d := &eventData{
		Links:      links,
		Title:      e.Title,
		Context:    v.Context,
		Date:       showDate(e.Date),
		EndDate:    showDateIf(e.EndDate),
		Time:       e.Time,
		Updated:    showDateIf(e.Updated),
		Ballistic:  v.Ballistic,
		Missiles:   pluralWord(v.Ballistic, "missile", "missiles"),
		ByClass:    classCounts(v),
		Outcome:    v.Outcome,
		Records:    b.eventRecords(e.ID),
		Permalink:  v.info.absURL,
		Card:       b.URL(cardPath(e.ID)),
		Embed:      b.cardSnippet(e),
		CardHeight: cardHeight,
	}
	d.Head, d.Cite = parts.head, parts.cite
	d.Crumbs = parts.years[e.Date.Year]
	var err error
	if d.Badge, err = parts.links.badge(e.Kind); err != nil {
		return nil, nil, err
	}
	summary, err := b.summary(v.info)
	if err != nil {
		return nil, nil, err
	}
	d.Summary = summary.block
	if e.Body != "" {
		if d.Body, err = b.md.BlockOnce(e.Body); err != nil {
			return nil, nil, err
		}
	}
	if era, ok := ds.Era(e.Date); ok {
		d.Era = era.Name
	}
	if i > 0 {
		d.Prev = b.eventLink(b.infoAt(i - 1))
	}
	if i+1 < len(ds.Events) {
		d.Next = b.eventLink(b.infoAt(i + 1))
	}
	for _, l := range e.Launches {
		sys, _ := ds.System(l.System)
		row := launchRow{SystemName: sys.Name, Class: classLabel(sys.Class),
			Count: l.Count, CountEstimated: l.CountEstimated, Outcome: l.Outcome,
			Apogee: formatNumIf(l.ApogeeKm), Range: formatNumIf(l.RangeKm), Flight: formatNumIf(l.FlightMin),
			ReportedCounts: l.ReportedCounts}
		if row.SystemName == "" {
			row.SystemName = l.System
		}
		if row.System, err = parts.links.system(l.System, row.SystemName); err != nil {
			return nil, nil, err
		}
		if s, ok := ds.Site(l.Site); ok {
			if row.Site, err = parts.links.site(l.Site, s.Name); err != nil {
				return nil, nil, err
			}
		}
		d.Launches = append(d.Launches, row)
	}
	if n := e.Nuclear; n != nil {
		d.Nuclear = &nuclearRow{Yield: formatYield(n.YieldKt, " to "), Magnitude: formatNumIf(n.MagnitudeMb), Claim: n.Claim}
		if s, ok := ds.Site(n.Site); ok {
			d.Nuclear.SiteName, d.Nuclear.SiteURL = s.Name, b.URL(sitePath(n.Site))
		}
	}
	d.Sources = make([]sourceRow, len(e.Sources))
	for j, s := range e.Sources {
		d.Sources[j] = sourceRow{URL: s.URL, Text: s.Title, Bare: s.Title == "", Publisher: s.Publisher, Published: showDateIf(s.Published)}
		if s.Title == "" {
			d.Sources[j].Text = s.URL
		}
	}
	for _, c := range e.Corrections {
		text, err := b.md.Inline(c.Text)
		if err != nil {
			return nil, nil, err
		}
		d.Corrections = append(d.Corrections, correctionRow{Date: showDate(c.Date), Text: text})
	}
	for _, tag := range e.Tags {
		h, err := b.fragment(t, "tag-link", tagLink{Home: links.Home, Tag: tag, Label: tagLabel(tag)})
		if err != nil {
			return nil, nil, err
		}
		d.Tags = append(d.Tags, h)
	}
	for _, id := range e.Related {
		if r, ok := ds.Event(id); ok {
			d.Related = append(d.Related, *b.eventLink(b.info(r)))
		}
	}
	return d, v, nil
}

func (b *builder) addEvents() error {
	ds := b.ds
	links, err := b.pageLinks()
	if err != nil {
		return err
	}
	t, err := b.page("event.html")
	if err != nil {
		return err
	}
	parts, err := b.eventParts(t, links)
	if err != nil {
		return err
	}
	idx := b.wantedEvents()
	return parallel(len(idx), func(j int) error {
		i := idx[j]
		e := &ds.Events[i]
		d, v, err := b.eventData(t, i, links, parts)
		if err != nil {
			return fmt.Errorf("site: event %s: %w", e.ID, err)
		}
		desc := b.plainSummary(v.info)
		return b.Render(v.info.path+"index.html", "event.html", &Page{
			Title:       e.Title,
			Description: desc,
			Path:        v.info.path,
			URL:         v.info.absURL,
			Section:     "timeline",
			OGType:      "article",
			JSONLD:      b.eventJSONLD(v.info, desc),
			Image:       b.cardImage(b.eventCard(v)),
			Data:        d,
		})
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

// The JSON-LD of an event page, as structs whose fields are in the order
// of their names (the order encoding/json gives the keys of a map), so
// that it stays the same as when it was made of maps, at a fraction of
// the cost.
type (
	ldEventPage struct {
		Context     string    `json:"@context"`
		Type        string    `json:"@type"`
		About       ldEvent   `json:"about"`
		Citation    []ldCite  `json:"citation"`
		Description string    `json:"description"`
		IsPartOf    ldDataset `json:"isPartOf"`
		Name        string    `json:"name"`
		URL         string    `json:"url"`
	}
	ldEvent struct {
		Type        string   `json:"@type"`
		Description string   `json:"description"`
		EndDate     string   `json:"endDate,omitempty"`
		Location    *ldPlace `json:"location,omitempty"`
		Name        string   `json:"name"`
		StartDate   string   `json:"startDate"`
	}
	ldPlace struct {
		Type string `json:"@type"`
		Geo  ldGeo  `json:"geo"`
		Name string `json:"name"`
	}
	ldGeo struct {
		Type      string  `json:"@type"`
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
	}
	ldCite struct {
		Type          string `json:"@type"`
		DatePublished string `json:"datePublished,omitempty"`
		Name          string `json:"name,omitempty"`
		Publisher     ldOrg  `json:"publisher"`
		URL           string `json:"url"`
	}
	ldOrg struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	ldDataset struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url"`
	}
)

func (b *builder) eventJSONLD(in *eventInfo, desc string) template.JS {
	e := in.e
	ev := ldEvent{Type: "Event", Description: desc, Name: e.Title, StartDate: isoDate(e.Date)}
	if !e.EndDate.IsZero() {
		ev.EndDate = isoDate(e.EndDate)
	}
	site := ""
	if len(e.Launches) > 0 {
		site = e.Launches[0].Site
	} else if e.Nuclear != nil {
		site = e.Nuclear.Site
	}
	if s, ok := b.ds.Site(site); ok {
		ev.Location = &ldPlace{Type: "Place", Name: s.Name, Geo: ldGeo{Type: "GeoCoordinates", Latitude: s.Lat, Longitude: s.Lon}}
	}
	var cites []ldCite
	for _, s := range e.Sources {
		c := ldCite{Type: "CreativeWork", URL: s.URL, Publisher: ldOrg{Type: "Organization", Name: s.Publisher}, Name: s.Title}
		if !s.Published.IsZero() {
			c.DatePublished = isoDate(s.Published)
		}
		cites = append(cites, c)
	}
	return jsonLD(ldEventPage{
		Context:     "https://schema.org",
		Type:        "WebPage",
		Name:        e.Title,
		Description: desc,
		URL:         in.absURL,
		About:       ev,
		Citation:    cites,
		IsPartOf:    ldDataset{Type: "Dataset", Name: b.site.Title, URL: b.AbsURL("")},
	})
}

// jsonLD marshals v as encoding/json does, escaping <, > and & (and
// U+2028/9), so the result cannot close the script element it goes in.
// v holds strings and numbers only.
func jsonLD(v any) template.JS {
	// As json.Marshal encodes it, in a kept encoder's memory.
	s, err := ldJSON.encodeString(v)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	return template.JS(s) //nolint:gosec // escaped as encoding/json escapes
}
