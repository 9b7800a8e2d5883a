package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// feedSize is how many of the newest events feed.xml carries (a
// variable for tests).
var feedSize = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Category  *atomCat `xml:"category,omitempty"`
	Summary   atomText `xml:"summary"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// addFeed writes feed.xml, an Atom feed of the newest events. Entries carry
// the event's own date as their time stamp and the feed the as-of date, so
// that the feed, like every output, depends only on the data.
func (b *builder) addFeed() error {
	ds := b.ds
	f := atomFeed{
		Title:   b.site.Title,
		ID:      b.AbsURL(""),
		Updated: isoDateTime(ds.Meta.AsOf, ""),
		Links: []atomLink{
			{Href: b.AbsURL("feed.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: b.AbsURL(""), Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: b.site.Title},
		Rights: "Data licence: " + b.site.Licence,
	}
	if b.site.Licence == "" {
		f.Rights = ""
	}
	for i := len(ds.Events) - 1; i >= 0 && len(f.Entries) < feedSize; i-- {
		e := &ds.Events[i]
		b.shows(e)
		in := b.infoAt(i)
		link := in.absURL
		ts := isoDateTime(e.Date, e.Time)
		f.Entries = append(f.Entries, atomEntry{
			Title:     e.Title,
			ID:        link,
			Link:      atomLink{Href: link, Rel: "alternate", Type: "text/html"},
			Updated:   ts,
			Published: ts,
			Category:  &atomCat{Term: string(e.Kind), Label: e.Kind.Label()},
			Summary:   atomText{Type: "text", Body: b.plainSummary(in)},
		})
	}
	return b.addXML("feed.xml", f)
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// addSitemap lists every page added so far (every index.html but those
// rendered with NoIndex) with its absolute URL and when it last changed,
// from the data so that the sitemap stays deterministic: an event's page
// changed on its updated date, or else on its own date (in the W3C
// format's precision: YYYY, YYYY-MM or YYYY-MM-DD); every other page
// on the as-of date.
func (b *builder) addSitemap() error {
	// The events' pages, by site path, with their absolute URLs.
	changed := make(map[string]sitemapURL, len(b.ds.Events))
	for i := range b.ds.Events {
		e := &b.ds.Events[i]
		d := e.Updated
		if d.IsZero() {
			d = e.Date
		}
		in := b.infoAt(i)
		changed[in.path] = sitemapURL{Loc: in.absURL, LastMod: d.String()}
	}
	var s urlSet
	for _, p := range b.pagesAdded() { // sorted: the home page first
		u, ok := changed[p]
		if !ok {
			u = sitemapURL{Loc: b.AbsURL(p), LastMod: b.site.AsOf.String()}
		}
		s.URLs = append(s.URLs, u)
	}
	if len(s.URLs) <= sitemapLimit {
		return b.addXML("sitemap.xml", s)
	}
	// Past the protocol's limit per file, sitemap.xml is an index of
	// sitemap-1.xml, sitemap-2.xml, … in the same order, each dated by the
	// latest change among its pages.
	var index sitemapIndex
	for i := 0; i < len(s.URLs); i += sitemapLimit {
		part := urlSet{URLs: s.URLs[i:min(i+sitemapLimit, len(s.URLs))]}
		name := fmt.Sprintf("sitemap-%d.xml", i/sitemapLimit+1)
		if err := b.addXML(name, part); err != nil {
			return err
		}
		latest := ""
		for _, u := range part.URLs {
			if u.LastMod > latest { // W3C dates order as strings
				latest = u.LastMod
			}
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: b.AbsURL(name), LastMod: latest})
	}
	return b.addXML("sitemap.xml", index)
}

// sitemapLimit is the most URLs one sitemap file may list (the sitemap
// protocol's limit; a variable for tests).
var sitemapLimit = 50000

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

func (b *builder) addXML(name string, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return b.Add(name, buf.Bytes())
}

func (b *builder) addRobots() error {
	return b.Add("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+b.AbsURL("sitemap.xml")+"\n"))
}

func (b *builder) addNotFound() error {
	return b.Render("404.html", "404.html", &Page{
		Path:    "404.html",
		Title:   "Page not found",
		NoIndex: true,
	})
}
