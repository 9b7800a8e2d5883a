package site

import (
	"fmt"
	"html/template"
	"sort"

	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The launch sites: an index by province (out/sites/) and a page per site
// of the catalogue (out/sites/<id>/), with a locator map drawn at build
// time (locator.go) so that it reads without JavaScript. Every figure comes
// from stats.SiteDetails.

// sitePath is the site path of a launch site's page.
func sitePath(id string) string { return "sites/" + id + "/" }

// sitesPath is the site path of the index of sites.
const sitesPath = "sites/"

// noProvince heads the sites whose province the catalogue does not give.
const noProvince = "Province not recorded"

// sitesData is the Data of sites.html.
type sitesData struct {
	// Provinces are in alphabetical order, noProvince last; each holds its
	// sites in catalogue order.
	Provinces []provinceGroup
	Sites     int // sites in the catalogue
	Used      int // sites with at least one event
	// Map is the locator map with every site that has an event.
	Map template.HTML
}

// provinceGroup is one province of the index.
type provinceGroup struct {
	Province string
	Anchor   string // HTML id of its section
	Sites    []*stats.SiteStats
}

// siteData is the Data of site.html.
type siteData struct {
	*stats.SiteStats
	// Map is the locator map: an inline SVG of North Korea with the site.
	Map template.HTML
	// Chart is the per-year chart; nil when nothing was launched there.
	Chart         *pageChart
	Script, Style string
	// Rows are the site's events, each with its launch groups from the site.
	Rows      []siteEventRow
	Permalink string
}

// siteEventRow is one event at a site.
type siteEventRow struct {
	Date, ISODate   string // formatted as in launchLine
	EventURL, Title string
	Kind            string       // the event's kind, for readers
	Groups          []launchLine // the event's launch groups from the site
}

func (b *builder) addSites() error {
	figs := b.catalogue().sites
	loc, err := b.locatorMap()
	if err != nil {
		return err
	}
	idx := &sitesData{Sites: len(figs)}
	byProvince := map[string][]*stats.SiteStats{}
	var used []event.Site
	for i := range figs {
		s := &figs[i]
		p := s.Site.Province
		if p == "" {
			p = noProvince
		}
		byProvince[p] = append(byProvince[p], s)
		if s.First != nil {
			idx.Used++
			used = append(used, s.Site)
		}
	}
	for p, ss := range byProvince {
		idx.Provinces = append(idx.Provinces, provinceGroup{Province: p, Anchor: "p-" + slug(p), Sites: ss})
	}
	sort.Slice(idx.Provinces, func(i, j int) bool {
		a, c := idx.Provinces[i].Province, idx.Provinces[j].Province
		if (a == noProvince) != (c == noProvince) {
			return c == noProvince
		}
		return a < c
	})
	idx.Map = loc.draw("Launch sites and test sites of the record in North Korea", used,
		func(s event.Site) string { return b.URL(sitePath(s.ID)) }, nil)
	return b.Render(sitesPath+"index.html", "sites.html", &Page{
		Title:       "Launch sites",
		Description: "Every launch site and test site in the record, by province: what was launched from each, when, and which systems.",
		Section:     "sites",
		Data:        idx,
	})
}

// addSitePages adds the page of every site the build renders.
func (b *builder) addSitePages() error {
	figs := b.pageFigures().sites
	vendor, script, style, err := b.chartAssets()
	if err != nil {
		return err
	}
	loc, err := b.locatorMap()
	if err != nil {
		return err
	}
	pick := b.wanted(len(figs), func(i int) string { return owner(sitePath(figs[i].Site.ID)) })
	return b.renderAll("site.html", len(pick), func(j int) (string, *Page) {
		s := &figs[pick[j]]
		p := sitePath(s.Site.ID)
		d := &siteData{SiteStats: s, Script: script, Style: style, Permalink: b.AbsURL(p),
			Map: loc.draw("Location of "+s.Site.Name+" in North Korea", nil, nil, &s.Site)}
		if s.Missiles > 0 {
			d.Chart = b.smallChart(chart.PerYear("per-year", "Launched from "+s.Site.Name+" per year",
				"missile or rocket", "missiles and rockets", s.PerYear, b.ds.Meta.AsOf), p, vendor)
		}
		k := 0
		for _, e := range s.Events {
			row := siteEventRow{Date: formatDate(e.Date), ISODate: e.Date.String(),
				EventURL: b.URL(eventPath(e.ID)), Title: e.Title, Kind: e.Kind.Label()}
			for k < len(s.Launches) && s.Launches[k].Event == e {
				row.Groups = append(row.Groups, b.line(s.Launches[k]))
				k++
			}
			d.Rows = append(d.Rows, row)
		}
		return p + "index.html", &Page{
			Title:       s.Site.Name,
			Description: siteDescription(s),
			Section:     "sites",
			JSONLD:      b.placeJSONLD(s.Site),
			Data:        d,
		}
	})
}

// siteDescription sums a site up in plain text for the meta description.
func siteDescription(s *stats.SiteStats) string {
	where := s.Site.Name
	if s.Site.Province != "" {
		where += " (" + s.Site.Province + ")"
	}
	switch {
	case s.First == nil:
		return where + ": no event in the record."
	case s.LaunchEvents == 0:
		return fmt.Sprintf("%s: %s.", where, countText(s.NuclearTests, "nuclear test", "nuclear tests"))
	}
	return fmt.Sprintf("%s: %s launched in %s, from %s to %s.", where,
		countText(s.Missiles, "missile or rocket", "missiles and rockets"),
		countText(s.LaunchEvents, "launch event", "launch events"),
		formatDate(s.First.Date), formatDate(s.Latest.Date))
}

// slug turns a province name into an HTML id part: "North Hamgyong" →
// "north-hamgyong".
func slug(s string) string {
	out := make([]byte, 0, len(s))
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, byte(r))
			dash = false
		case r >= 'A' && r <= 'Z':
			out = append(out, byte(r-'A'+'a'))
			dash = false
		default:
			if !dash && len(out) > 0 {
				out = append(out, '-')
				dash = true
			}
		}
	}
	if dash {
		out = out[:len(out)-1]
	}
	return string(out)
}

// placeJSONLD describes a site's page as a schema.org Place.
func (b *builder) placeJSONLD(s event.Site) template.JS {
	place := map[string]any{
		"@type": "Place",
		"name":  s.Name,
		"geo":   map[string]any{"@type": "GeoCoordinates", "latitude": s.Lat, "longitude": s.Lon},
	}
	if len(s.Aliases) > 0 {
		place["alternateName"] = s.Aliases
	}
	if s.Province != "" {
		place["containedInPlace"] = map[string]any{"@type": "AdministrativeArea", "name": s.Province + ", North Korea"}
	}
	return jsonLD(map[string]any{
		"@context": "https://schema.org",
		"@type":    "WebPage",
		"name":     s.Name,
		"url":      b.AbsURL(sitePath(s.ID)),
		"about":    place,
		"isPartOf": map[string]any{"@type": "Dataset", "name": b.site.Title, "url": b.AbsURL("")},
	})
}
