package site

import (
	"fmt"
	"html"
)

// The embeddable list, out/embed/list/: a page made for iframes that shows
// the events matching its query parameters, which are the timeline's
// filters (?kind=missile-launch&from=2026, ?class=ICBM), newest first, with
// a count line and a link to the same view on the site. Its script
// (assets/list.js) matches with assets/filter.js against data/search.json,
// the same code and data as the timeline's own filters. Besides the
// filters it takes theme=light|dark|auto and limit=N (how many events to
// draw; 0 for all). The chart gallery has a builder for its embed code.

// listPath is the site path of the embeddable list.
const listPath = "embed/list/"

// listHeight is the height of the list's frame in pixels until embed.js
// fits it to the list.
const listHeight = 480

// listLimit is how many events the list draws when the embed code does
// not say.
const listLimit = 10

// listData is the Data of embed-list.html.
type listData struct {
	Search string // URL of data/search.json
	// Timeline is the absolute URL of the timeline, to which the list
	// links with its filters.
	Timeline           string
	Limit              int
	Script, Filter     string // URLs of list.js and filter.js
	Style, ChartsStyle string // URLs of list.css and chart.css
}

// listBuilder is what the gallery's builder of list embed codes needs.
type listBuilder struct {
	Filters *filterChoices
	URL     string // absolute URL of the list page
	Title   string // of the iframe
	EmbedJS string // absolute URL of assets/embed.js
	Height  int
	Limit   int   // the default limit
	Limits  []int // the limits to choose from; 0 is every match
	// Snippet is the embed code of the list without filters.
	Snippet string
	Script  string // URL of listbuilder.js
	Filter  string // URL of filter.js
}

// listTitle is the title of the list's iframe.
func (b *builder) listTitle() string { return "Events from " + b.site.Title }

// listSnippet is the embed code of the list with the query q (the
// filters, then theme and limit, as assets/listbuilder.js writes them;
// keep the two equal). Like the cards' it resizes with embed.js.
func (b *builder) listSnippet(q string) string {
	src := b.AbsURL(listPath)
	if q != "" {
		src += "?" + q
	}
	e := html.EscapeString
	return fmt.Sprintf(`<iframe title="%s" src="%s" style="display:block;width:100%%;max-width:640px;height:%dpx;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="%s" async></script>`,
		e(b.listTitle()), e(src), listHeight, e(b.AbsURL("assets/embed.js")))
}

// listBuilder returns the gallery's builder, or an error when an asset is
// missing.
func (b *builder) listBuilder() (*listBuilder, error) {
	script, err := b.Asset("listbuilder.js")
	if err != nil {
		return nil, err
	}
	filter, err := b.Asset("filter.js")
	if err != nil {
		return nil, err
	}
	return &listBuilder{Filters: b.filterChoices(), URL: b.AbsURL(listPath), Title: b.listTitle(),
		EmbedJS: b.AbsURL("assets/embed.js"), Height: listHeight, Limit: listLimit, Limits: []int{listLimit, 25, 50, 100, 0},
		Snippet: b.listSnippet(""), Script: script, Filter: filter}, nil
}

// addListEmbed adds out/embed/list/index.html.
func (b *builder) addListEmbed() error {
	d := &listData{Search: b.URL("data/search.json"), Timeline: b.AbsURL(""), Limit: listLimit}
	for _, a := range []struct {
		dst  *string
		name string
	}{{&d.Script, "list.js"}, {&d.Filter, "filter.js"}, {&d.Style, "list.css"}, {&d.ChartsStyle, "chart.css"}} {
		u, err := b.Asset(a.name)
		if err != nil {
			return err
		}
		*a.dst = u
	}
	return b.Render(listPath+"index.html", "embed-list.html", &Page{
		Title:       "Events",
		Description: "A list of events from " + b.site.Title + ", filtered by the query of its address.",
		Section:     "timeline",
		NoIndex:     true,
		Embed:       true,
		Data:        d,
	})
}
