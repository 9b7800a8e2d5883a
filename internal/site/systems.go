package site

import (
	"fmt"
	"html/template"

	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The weapon systems: an index by class (out/systems/), a page per system
// of the catalogue (out/systems/<id>/) and its embeddable card
// (out/systems/<id>/embed/). Every figure comes from stats.Systems, so the
// pages, the cards and the downloads agree.

// systemPath is the site path of a system's page.
func systemPath(id string) string { return "systems/" + id + "/" }

// systemCardPath is the site path of a system's embeddable card.
func systemCardPath(id string) string { return systemPath(id) + "embed/" }

// systemsPath is the site path of the index of systems.
const systemsPath = "systems/"

// catalogueFigures are the figures of every system and site, in catalogue
// order.
type catalogueFigures struct {
	systems []stats.SystemStats
	sites   []stats.SiteStats
}

// catalogue returns the figures of every system and site, computed on the
// first call.
func (b *builder) catalogue() *catalogueFigures {
	b.figsOnce.Do(func() {
		b.figs.systems = stats.Systems(b.ds)
		b.figs.sites = stats.SiteDetails(b.ds)
	})
	return &b.figs
}

// pageFigures returns the figures of the systems and sites whose pages
// the build renders, in catalogue order; the others' may be left out (an
// incremental build renders few).
func (b *builder) pageFigures() *catalogueFigures {
	if b.plan == nil {
		return b.catalogue()
	}
	b.pageFigsOnce.Do(func() {
		b.pageFigs.systems = stats.SystemsOf(b.ds, func(id string) bool { return b.plan.want(owner(systemPath(id))) })
		b.pageFigs.sites = stats.SiteDetailsOf(b.ds, func(id string) bool { return b.plan.want(owner(sitePath(id))) })
	})
	return &b.pageFigs
}

// classTitles head the classes on the index of systems.
var classTitles = map[event.Class]string{
	event.ClassSRBM:             "Short-range ballistic missiles (SRBM)",
	event.ClassMRBM:             "Medium-range ballistic missiles (MRBM)",
	event.ClassIRBM:             "Intermediate-range ballistic missiles (IRBM)",
	event.ClassICBM:             "Intercontinental ballistic missiles (ICBM)",
	event.ClassSLBM:             "Submarine-launched ballistic missiles (SLBM)",
	event.ClassBallisticUnknown: "Ballistic missiles of unknown class",
	event.ClassSLV:              "Space launch vehicles (SLV)",
	event.ClassCruise:           "Cruise missiles",
	event.ClassArtillery:        "Rocket artillery",
	event.ClassAirDefense:       "Air-defense missiles",
	event.ClassOther:            "Other systems",
}

// classTitle heads a class on the index of systems.
func classTitle(c event.Class) string {
	if t, ok := classTitles[c]; ok {
		return t
	}
	return string(c)
}

// propellantLabel names a propellant for readers.
func propellantLabel(p string) string {
	if p == "" || p == "unknown" {
		return "not known"
	}
	return p
}

// systemsData is the Data of systems.html.
type systemsData struct {
	// Groups are the classes that have systems, in the order of
	// event.Classes, each with its systems in catalogue order.
	Groups  []systemGroup
	Systems int // systems in the catalogue
	Flown   int // systems with at least one launch in the record
}

// systemGroup is one class of the index.
type systemGroup struct {
	Class   event.Class
	Systems []*stats.SystemStats
}

// systemData is the Data of system.html.
type systemData struct {
	*stats.SystemStats
	// Chart is the per-year chart; nil when the system never flew.
	Chart *pageChart
	// Script and Style are the URLs of charts.js and chart.css.
	Script, Style string
	Permalink     string // absolute URL of the page
	// Lines are the system's launch groups, formatted.
	Lines []launchLine
	// Card is the site path of the system's card, Embed its embed code.
	Card       string
	Embed      string
	CardHeight int
}

// launchLine is a launch group as the tables of the system and site pages
// show it, formatted in Go: those tables run to hundreds of rows, and a
// template function call per cell would cost more than the rest of the
// page.
type launchLine struct {
	Date, ISODate       string // the event's date for readers and as YYYY[-MM[-DD]]
	EventURL, Title     string
	Count               int
	Estimated           bool
	Outcome             string
	System, SystemURL   string
	Site, SiteURL       string // empty when the site was not reported
	Apogee, Range, Time string // formatted numbers; empty when not reported
}

// line formats a launch group for a table.
func (b *builder) line(r stats.LaunchRow) launchLine {
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return formatNum(*f)
	}
	l := launchLine{
		Date: formatDate(r.Event.Date), ISODate: r.Event.Date.String(),
		EventURL: b.URL(eventPath(r.Event.ID)), Title: r.Event.Title,
		Count: r.Launch.Count, Estimated: r.Launch.CountEstimated, Outcome: r.Outcome,
		System: r.System.Name, SystemURL: b.URL(systemPath(r.System.ID)),
		Apogee: opt(r.Launch.ApogeeKm), Range: opt(r.Launch.RangeKm), Time: opt(r.Launch.FlightMin),
	}
	if r.Site.ID != "" {
		l.Site, l.SiteURL = r.Site.Name, b.URL(sitePath(r.Site.ID))
	}
	return l
}

// systemCardData is the Data of embed-system.html.
type systemCardData struct {
	*stats.SystemStats
	Permalink string // absolute URL of the system's page
	// Script is the URL of assets/frame.js (a card has no chart, so no
	// chart code), Style that of chart.css.
	Script, Style string
}

// pageChart is a per-year chart drawn on a system's or a site's page.
type pageChart struct {
	*chartView
	Vendor string // URL of ECharts
}

// smallChart makes the view of a per-year chart drawn on a site page.
func (b *builder) smallChart(c chart.Chart, pagePath, vendor string) *pageChart {
	return &pageChart{Vendor: vendor, chartView: &chartView{
		Chart:  c,
		Option: template.JS(c.Option),
		Path:   pagePath,
		URL:    b.AbsURL(pagePath),
		Source: fmt.Sprintf("Source: %s, data as of %s · %s", b.site.Title, formatDate(b.site.AsOf), b.AbsURL(pagePath)),
	}}
}

// chartAssets returns the URLs of ECharts, charts.js and chart.css.
func (b *builder) chartAssets() (vendor, script, style string, err error) {
	if vendor, err = b.Asset("vendor/echarts/echarts.min.js"); err != nil {
		return
	}
	if script, err = b.Asset("charts.js"); err != nil {
		return
	}
	style, err = b.Asset("chart.css")
	return
}

// systemCardSnippet is the embed code of a system's card; like the event
// cards' it resizes with embed.js.
func (b *builder) systemCardSnippet(s event.System) string {
	return b.embedCode(s.Name, b.AbsURL(systemCardPath(s.ID)))
}

func (b *builder) addSystems() error {
	figs := b.catalogue().systems
	idx := &systemsData{Systems: len(figs)}
	byClass := map[event.Class][]*stats.SystemStats{}
	for i := range figs {
		s := &figs[i]
		byClass[s.System.Class] = append(byClass[s.System.Class], s)
		if s.First != nil {
			idx.Flown++
		}
	}
	for _, c := range event.Classes {
		if ss := byClass[c]; len(ss) > 0 {
			idx.Groups = append(idx.Groups, systemGroup{Class: c, Systems: ss})
		}
	}
	return b.Render(systemsPath+"index.html", "systems.html", &Page{
		Title:       "Weapon systems",
		Description: "Every weapon system in the record, by class: launches, first flight, latest launch and records of each.",
		Section:     "systems",
		Data:        idx,
	})
}

// addSystemPages adds the page and the card of every system the build
// renders.
func (b *builder) addSystemPages() error {
	figs := b.pageFigures().systems
	vendor, script, style, err := b.chartAssets()
	if err != nil {
		return err
	}
	pick := b.wanted(len(figs), func(i int) string { return owner(systemPath(figs[i].System.ID)) })
	err = b.renderAll("system.html", len(pick), func(j int) (string, *Page) {
		s := &figs[pick[j]]
		p := systemPath(s.System.ID)
		d := &systemData{SystemStats: s, Script: script, Style: style,
			Permalink: b.AbsURL(p), Card: systemCardPath(s.System.ID),
			Embed: b.systemCardSnippet(s.System), CardHeight: cardHeight}
		for _, r := range s.Launches {
			d.Lines = append(d.Lines, b.line(r))
		}
		if s.PerYear != nil {
			d.Chart = b.smallChart(chart.PerYear("per-year", s.System.Name+" launched per year", "missile", "missiles", s.PerYear, b.ds.Meta.AsOf), p, vendor)
		}
		return p + "index.html", &Page{
			Title:       s.System.Name,
			Description: systemDescription(s),
			Section:     "systems",
			Data:        d,
		}
	})
	if err != nil {
		return err
	}
	frame, err := b.Asset("frame.js")
	if err != nil {
		return err
	}
	return b.renderAll("embed-system.html", len(pick), func(j int) (string, *Page) {
		s := &figs[pick[j]]
		return systemCardPath(s.System.ID) + "index.html", &Page{
			Title:       s.System.Name,
			Description: systemDescription(s),
			Section:     "systems",
			NoIndex:     true,
			Embed:       true,
			Data:        &systemCardData{SystemStats: s, Permalink: b.AbsURL(systemPath(s.System.ID)), Script: frame, Style: style},
		}
	})
}

// systemDescription sums a system up in plain text for the meta
// description.
func systemDescription(s *stats.SystemStats) string {
	what := classLabel(s.System.Class)
	if s.First == nil {
		return fmt.Sprintf("%s (%s): no launch in the record.", s.System.Name, what)
	}
	return fmt.Sprintf("%s (%s): %s in %s, first flown %s, latest launch %s.", s.System.Name, what,
		countText(s.Missiles, "missile", "missiles"), countText(s.LaunchEvents, "launch event", "launch events"),
		formatDate(s.First.Date), formatDate(s.Latest.Date))
}

// countText is "1 missile" or "1,203 missiles".
func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatInt(n) + " " + many
}
