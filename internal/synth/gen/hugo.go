package gen

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
	yaml "go.yaml.in/yaml/v3"
)

// hugoSite holds the layouts of the Hugo site that the timings compare
// with: an index listing every event by year with its summary, and one
// page per event with what our event pages show (facts, summary, body,
// launches, sources, tags, related events, citation). It has no assets, so
// it does less than our build; the comparison flatters Hugo, if anything.
//
//go:embed all:hugo
var hugoSite embed.FS

// hugoConfig builds only the home page and the pages, as our build does:
// no taxonomies, feeds or sitemaps.
const hugoConfig = `baseURL = "http://localhost:8000/"
languageCode = "en"
title = %s
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
enableGitInfo = false

[params]
asof = %s
licence = %s

[markup.goldmark.renderer]
unsafe = false
`

// hugoPage is an event's front matter. Hugo reads keys in lower case.
type hugoPage struct {
	Title     string       `yaml:"title"`
	Date      string       `yaml:"date"`
	Day       string       `yaml:"day"` // the date as the record gives it
	Precision string       `yaml:"precision"`
	EndDate   string       `yaml:"enddate,omitempty"`
	Time      string       `yaml:"time,omitempty"`
	Kind      string       `yaml:"kind"`
	KindLabel string       `yaml:"kindlabel"`
	Lede      string       `yaml:"lede"`
	Launches  []hugoLaunch `yaml:"launches,omitempty"`
	Nuclear   *hugoNuclear `yaml:"nuclear,omitempty"`
	Sources   []hugoSource `yaml:"sources"`
	Tags      []string     `yaml:"tags,omitempty"`
	Related   []hugoLink   `yaml:"related,omitempty"`
}

type hugoLaunch struct {
	System    string `yaml:"system"`
	Class     string `yaml:"class"`
	Count     int    `yaml:"count"`
	Estimated bool   `yaml:"estimated,omitempty"`
	Outcome   string `yaml:"outcome"`
	Site      string `yaml:"site,omitempty"`
	Apogee    string `yaml:"apogee,omitempty"`
	Range     string `yaml:"range,omitempty"`
	Flight    string `yaml:"flight,omitempty"`
}

type hugoNuclear struct {
	Site      string `yaml:"site"`
	Yield     string `yaml:"yield,omitempty"`
	Magnitude string `yaml:"magnitude,omitempty"`
	Claim     string `yaml:"claim,omitempty"`
}

type hugoSource struct {
	URL       string `yaml:"url"`
	Publisher string `yaml:"publisher"`
	Title     string `yaml:"title,omitempty"`
	Published string `yaml:"published,omitempty"`
}

type hugoLink struct {
	URL   string `yaml:"url"`
	Title string `yaml:"title"`
	Date  string `yaml:"date"`
}

// HugoFiles returns the same events as a Hugo site, by slash-separated
// path: hugo.toml, the layouts, and content/events/<id>.md per event with
// the event in its front matter and the body as the page's Markdown.
func (s *Set) HugoFiles() (map[string][]byte, error) {
	m := make(map[string][]byte, len(s.Events)+8)
	meta := s.Catalogue.Meta
	m["hugo.toml"] = fmt.Appendf(nil, hugoConfig, strconv.Quote(meta.Title), strconv.Quote(meta.AsOf.String()), strconv.Quote(meta.Licence))
	err := fs.WalkDir(hugoSite, "hugo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoSite.ReadFile(p)
		m[strings.TrimPrefix(p, "hugo/")] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	titles := make(map[string]*event.Event, len(s.Events))
	for i := range s.Events {
		titles[s.Events[i].ID] = &s.Events[i]
	}
	for i := range s.Events {
		e := &s.Events[i]
		fm, err := yaml.Marshal(s.hugoPage(e, titles))
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		b.WriteString("---\n")
		b.Write(fm)
		b.WriteString("---\n")
		b.WriteString(e.Body)
		m["content/events/"+e.ID+".md"] = []byte(b.String())
	}
	return m, nil
}

// WriteHugo writes HugoFiles into dir, which must not exist or be empty.
func (s *Set) WriteHugo(dir string) error {
	files, err := s.HugoFiles()
	if err != nil {
		return err
	}
	return writeTree(dir, files)
}

func (s *Set) hugoPage(e *event.Event, byID map[string]*event.Event) hugoPage {
	d := e.Date
	p := hugoPage{
		Title:     e.Title,
		Date:      fmt.Sprintf("%04d-%02d-%02d", d.Year, max(d.Month, 1), max(d.Day, 1)),
		Day:       d.String(),
		Precision: d.Precision().String(),
		Time:      e.Time,
		Kind:      string(e.Kind),
		KindLabel: e.Kind.Label(),
		Lede:      e.Summary,
	}
	if !e.EndDate.IsZero() {
		p.EndDate = e.EndDate.String()
	}
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v)
	}
	for _, l := range e.Launches {
		p.Launches = append(p.Launches, hugoLaunch{
			System: s.name(l.System), Class: string(systemClass(s.Catalogue, l.System)),
			Count: l.Count, Estimated: l.CountEstimated, Outcome: l.Outcome, Site: s.siteName(l.Site),
			Apogee: opt(l.ApogeeKm), Range: opt(l.RangeKm), Flight: opt(l.FlightMin),
		})
	}
	if n := e.Nuclear; n != nil {
		h := &hugoNuclear{Site: s.siteName(n.Site), Magnitude: opt(n.MagnitudeMb), Claim: n.Claim}
		if y := n.YieldKt; y != nil {
			h.Yield = num(y.Min) + " to " + num(y.Max)
		}
		p.Nuclear = h
	}
	for _, src := range e.Sources {
		h := hugoSource{URL: src.URL, Publisher: src.Publisher, Title: src.Title}
		if !src.Published.IsZero() {
			h.Published = src.Published.String()
		}
		p.Sources = append(p.Sources, h)
	}
	p.Tags = e.Tags
	for _, id := range e.Related {
		r := byID[id]
		p.Related = append(p.Related, hugoLink{URL: "events/" + id + "/", Title: r.Title, Date: r.Date.String()})
	}
	return p
}

func (s *Set) name(system string) string {
	for _, sys := range s.Catalogue.Systems {
		if sys.ID == system {
			return sys.Name
		}
	}
	return system
}

func (s *Set) siteName(site string) string {
	for _, st := range s.Catalogue.Sites {
		if st.ID == site {
			return st.Name
		}
	}
	return site
}
