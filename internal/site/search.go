package site

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nktimeline/timeline/internal/event"
)

// data/search.json is the compact index that the timeline's search and
// filters, the year pages and the embeddable list load on demand
// (templates/assets/filter.js reads it). It holds only what a list of
// events needs: no bodies, sources or figures. The catalogues travel once,
// in the header, so that an event names its systems and sites by id and a
// search for an alias ("KN-23", "Tongchang-ri") still finds it.

// searchFile is the format of data/search.json.
type searchFile struct {
	AsOf string `json:"as_of"`
	// Base is the root-relative URL of the site; an event's page is
	// base + "events/" + id + "/".
	Base     string         `json:"base"`
	Kinds    []searchKind   `json:"kinds"`
	Classes  []searchClass  `json:"classes"`
	Outcomes []string       `json:"outcomes"`
	Systems  []searchSystem `json:"systems"`
	Sites    []searchSite   `json:"sites"`
	Eras     []searchEra    `json:"eras"`
	// Events are newest first, as every list shows them.
	Events []searchEvent `json:"events"`
}

type searchKind struct {
	ID      event.Kind `json:"id"`
	Label   string     `json:"label"`
	Context bool       `json:"context,omitempty"`
}

type searchClass struct {
	ID        event.Class `json:"id"`
	Label     string      `json:"label"`
	Ballistic bool        `json:"ballistic,omitempty"`
}

type searchSystem struct {
	ID      string      `json:"id"`
	Name    string      `json:"name"`
	Aliases []string    `json:"aliases,omitempty"`
	Class   event.Class `json:"class"`
}

type searchSite struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
}

type searchEra struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// searchEvent is one event of data/search.json.
type searchEvent struct {
	ID      string     `json:"id"`
	Date    string     `json:"date"` // YYYY[-MM[-DD]]
	Kind    event.Kind `json:"kind"`
	Title   string     `json:"title"`
	Summary string     `json:"summary"` // plain text, cut to summaryExcerpt
	// Systems and Sites are catalogue ids, in the order the event names
	// them (a nuclear test's site included).
	Systems []string `json:"systems,omitempty"`
	Sites   []string `json:"sites,omitempty"`
	// Classes and Outcomes count missiles per class and per outcome
	// (encoding/json writes map keys sorted, so the bytes are stable).
	Classes   map[event.Class]int `json:"classes,omitempty"`
	Outcomes  map[string]int      `json:"outcomes,omitempty"`
	Tags      []string            `json:"tags,omitempty"`
	Era       string              `json:"era,omitempty"`
	Ballistic int                 `json:"ballistic,omitempty"`
}

// summaryExcerpt is how many characters of an event's plain summary the
// search index keeps: enough for a list item, and for search to find the
// words a summary starts with.
const summaryExcerpt = 240

// excerpt cuts s to at most n characters at a word boundary, with "…".
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, runes := 0, 0
	for i := range s {
		if runes == n-1 {
			cut = i
			break
		}
		runes++
	}
	if s[cut] == ' ' {
		// The cut falls between words.
	} else if sp := strings.LastIndexByte(s[:cut], ' '); sp > n/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:.") + "…"
}

// searchIndex returns data/search.json as a spliced file: the catalogues,
// then the events newest first.
func (b *builder) searchIndex() (splicedFile, error) {
	ds := b.ds
	f := searchFile{AsOf: ds.Meta.AsOf.String(), Base: b.URL(""), Outcomes: event.Outcomes,
		Systems: []searchSystem{}, Sites: []searchSite{}, Eras: []searchEra{}, Events: []searchEvent{}}
	for _, k := range event.Kinds {
		f.Kinds = append(f.Kinds, searchKind{ID: k, Label: k.Label(), Context: k.IsContext()})
	}
	for _, c := range event.Classes {
		f.Classes = append(f.Classes, searchClass{ID: c, Label: classLabel(c), Ballistic: c.IsBallistic()})
	}
	for _, s := range ds.Systems {
		f.Systems = append(f.Systems, searchSystem{ID: s.ID, Name: s.Name, Aliases: s.Aliases, Class: s.Class})
	}
	for _, s := range ds.Sites {
		f.Sites = append(f.Sites, searchSite{ID: s.ID, Name: s.Name, Aliases: s.Aliases})
	}
	for _, e := range ds.Meta.Eras {
		f.Eras = append(f.Eras, searchEra{ID: e.ID, Name: e.Name})
	}
	head, tail, _, err := searchJSON.frame(f, "events")
	return splicedFile{name: "data/search.json", head: head, tail: tail, sep: ",", newestFirst: true,
		part: func(dst []byte, e *event.Event) ([]byte, error) { return searchJSON.part(dst, b.searchEvent(e)) }}, err
}

func (b *builder) searchEvent(e *event.Event) searchEvent {
	ds := b.ds
	se := searchEvent{ID: e.ID, Date: e.Date.String(), Kind: e.Kind, Title: e.Title,
		Summary: excerpt(b.plainSummary(b.info(e)), summaryExcerpt), Tags: e.Tags,
		Ballistic: ds.BallisticCount(e)}
	add := func(list []string, id string) []string {
		if id == "" {
			return list
		}
		for _, x := range list {
			if x == id {
				return list
			}
		}
		return append(list, id)
	}
	for _, l := range e.Launches {
		se.Systems = add(se.Systems, l.System)
		se.Sites = add(se.Sites, l.Site)
		if se.Classes == nil {
			se.Classes, se.Outcomes = map[event.Class]int{}, map[string]int{}
		}
		se.Classes[ds.Class(l)] += l.Count
		se.Outcomes[l.Outcome] += l.Count
	}
	if e.Nuclear != nil {
		se.Sites = add(se.Sites, e.Nuclear.Site)
	}
	if era, ok := ds.Era(e.Date); ok {
		se.Era = era.ID
	}
	return se
}

// filterChoices are the options of the timeline's filters (and of the
// gallery's list builder), only those the data holds, in the order the
// site presents them.
type filterChoices struct {
	Kinds    []event.Kind
	Classes  []event.Class
	Systems  []choice // by name
	Sites    []choice // by name
	Outcomes []string
	Tags     []choice // by tag
	Eras     []choice // oldest first
	// Years with events, newest first and oldest first.
	Years, YearsAsc []int
}

// choice is an option of a filter: the value in the URL and its label.
type choice struct {
	Value, Label string
}

func (b *builder) filterChoices() *filterChoices {
	ds := b.ds
	c := &filterChoices{}
	kinds := map[event.Kind]bool{}
	classes := map[event.Class]bool{}
	systems := map[string]bool{}
	sites := map[string]bool{}
	outcomes := map[string]bool{}
	tags := map[string]bool{}
	eras := map[string]bool{}
	years := map[int]bool{}
	for i := range ds.Events {
		e := &ds.Events[i]
		kinds[e.Kind] = true
		years[e.Date.Year] = true
		for _, l := range e.Launches {
			classes[ds.Class(l)] = true
			systems[l.System] = true
			if l.Site != "" {
				sites[l.Site] = true
			}
			outcomes[l.Outcome] = true
		}
		if e.Nuclear != nil && e.Nuclear.Site != "" {
			sites[e.Nuclear.Site] = true
		}
		for _, t := range e.Tags {
			tags[t] = true
		}
		if era, ok := ds.Era(e.Date); ok {
			eras[era.ID] = true
		}
	}
	for _, k := range event.Kinds {
		if kinds[k] {
			c.Kinds = append(c.Kinds, k)
		}
	}
	for _, cl := range event.Classes {
		if classes[cl] {
			c.Classes = append(c.Classes, cl)
		}
	}
	for _, s := range ds.Systems {
		if systems[s.ID] {
			c.Systems = append(c.Systems, choice{s.ID, s.Name})
		}
	}
	for _, s := range ds.Sites {
		if sites[s.ID] {
			c.Sites = append(c.Sites, choice{s.ID, s.Name})
		}
	}
	byLabel := func(l []choice) {
		sort.SliceStable(l, func(i, j int) bool { return strings.ToLower(l[i].Label) < strings.ToLower(l[j].Label) })
	}
	byLabel(c.Systems)
	byLabel(c.Sites)
	for _, o := range event.Outcomes {
		if outcomes[o] {
			c.Outcomes = append(c.Outcomes, o)
		}
	}
	for t := range tags {
		c.Tags = append(c.Tags, choice{t, tagLabel(t)})
	}
	sort.Slice(c.Tags, func(i, j int) bool { return c.Tags[i].Value < c.Tags[j].Value })
	for _, e := range ds.Meta.Eras {
		if eras[e.ID] {
			c.Eras = append(c.Eras, choice{e.ID, e.Name})
		}
	}
	for y := range years {
		c.YearsAsc = append(c.YearsAsc, y)
	}
	sort.Ints(c.YearsAsc)
	for i := len(c.YearsAsc) - 1; i >= 0; i-- {
		c.Years = append(c.Years, c.YearsAsc[i])
	}
	return c
}

// filterForm is the dot of the "filter-fields" partial: the choices and
// the prefix of the controls' ids, so that two forms on one page differ.
type filterForm struct {
	*filterChoices
	Prefix string
}

// Form returns the choices for a form whose control ids start with prefix.
func (c *filterChoices) Form(prefix string) filterForm { return filterForm{c, prefix} }

// searchDoc is what the About page says of search, filters and lists.
type searchDoc struct {
	Filters []filterDoc
	// Keys documents data/search.json, one object at a time.
	Keys []jsonObjectDoc
	// Threshold is the number of events up to which the home page lists
	// every event; MaxEvents caps it past that.
	Threshold, MaxEvents int
	ListLimit            int
	Latest               *yearLink // the newest year with events; nil without events
}

// filterDoc documents one filter: its query parameter and what it keeps.
type filterDoc struct {
	Name, About string
}

// filterDocs lists the filters in the order of filter.js's FIELDS, which
// is also the order of their parameters in a URL.
var filterDocs = []filterDoc{
	{"q", "Words to search for. Every word must occur, ignoring case and accents, in the event's title, the start of its summary, its date, kind, tags, missile classes or leader's era, or in the names and aliases of its weapon systems and sites: KN-23 finds the Hwasong-11Ga's launches, Tongchang-ri those from Sohae."},
	{"kind", "A kind of event (as in the table of kinds), or weapons for every kind of weapons activity, or context for diplomacy, sanctions, allied responses and politics."},
	{"class", "A missile class: events with at least one missile of that class; ballistic for any ballistic class."},
	{"system", "The id of a weapon system: events in which it was launched."},
	{"site", "The id of a site: launches from it and nuclear tests at it."},
	{"outcome", strings.Join(event.Outcomes, ", ") + ": events with at least one launch group of that outcome."},
	{"tag", "A tag: events that carry it."},
	{"era", "The id of a leader's era: events dated within it."},
	{"from", "A year: events of that year and after."},
	{"to", "A year: events of that year and before. From and to may come in either order."},
}

// searchDocs documents the filters and data/search.json for the About
// page. Like events.json's, a key without a description is an error.
func (b *builder) searchDocs() (*searchDoc, error) {
	d := &searchDoc{Filters: filterDocs, Threshold: indexThreshold, MaxEvents: indexMaxEvents, ListLimit: listLimit}
	if n := len(b.ds.Events); n > 0 {
		y := b.ds.Events[n-1].Date.Year
		d.Latest = &yearLink{Year: y, Path: yearPath(y)}
	}
	var eras []string
	for _, e := range b.ds.Meta.Eras {
		eras = append(eras, e.ID)
	}
	// The era ids come from the data.
	d.Filters = append([]filterDoc(nil), d.Filters...)
	for i, f := range d.Filters {
		if f.Name == "era" && len(eras) > 0 {
			d.Filters[i].About = "The id of a leader's era (" + strings.Join(eras, ", ") + "): events dated within it."
		}
	}
	for _, o := range []struct {
		doc  jsonObjectDoc
		typ  reflect.Type
		keys map[string]jsonDoc
	}{
		{jsonObjectDoc{ID: "search-file", Name: "search.json", About: "One object: the catalogues once, then the events."}, reflect.TypeFor[searchFile](), map[string]jsonDoc{
			"as_of":    {About: "The date the record is complete up to."},
			"base":     {About: "The site's path; an event's page is base, events/, its id and a slash."},
			"kinds":    {About: "Every kind: id, label and, for context kinds, context: true."},
			"classes":  {About: "Every class: id, label and, for the counted ones, ballistic: true."},
			"outcomes": {About: "The outcomes a launch group may have, in the site's order."},
			"systems":  {About: "The weapon systems: id, name, aliases and class."},
			"sites":    {About: "The sites: id, name and aliases."},
			"eras":     {About: "The leaders' eras: id and name."},
			"events":   {About: "Every event, newest first, with the keys below."},
		}},
		{jsonObjectDoc{ID: "search-event", Name: "An event in search.json", In: "events", About: "Each item of events:"}, reflect.TypeFor[searchEvent](), map[string]jsonDoc{
			"id":        {About: "The event's id."},
			"date":      {About: "Its date, YYYY-MM-DD, YYYY-MM or YYYY."},
			"kind":      {About: "Its kind."},
			"title":     {About: "Its title."},
			"summary":   {About: fmt.Sprintf("Its summary as plain text, cut at a word after %d characters.", summaryExcerpt)},
			"systems":   {About: "The ids of the weapon systems launched."},
			"sites":     {About: "The ids of the launch sites and the nuclear test site."},
			"classes":   {About: "Missiles per class, as an object: {\"SRBM\": 3}."},
			"outcomes":  {About: "Missiles per outcome, as an object: {\"success\": 2, \"failure\": 1}."},
			"tags":      {About: "Its tags."},
			"era":       {About: "The id of the leader's era it falls in."},
			"ballistic": {About: "Its number of ballistic missiles."},
		}},
	} {
		fields, err := jsonFieldDocs(o.typ, o.keys)
		if err != nil {
			return nil, err
		}
		o.doc.Fields = fields
		d.Keys = append(d.Keys, o.doc)
	}
	return d, nil
}
