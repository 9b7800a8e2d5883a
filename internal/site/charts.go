package site

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/internal/event"
)

// The chart pages, the gallery, the chart CSVs, oEmbed and event cards.
//
// out/charts/<id>/index.html is both the chart's page on the site and the
// iframe target of its embed code: it carries the title, the description,
// the chart, its table, a source line and the downloads, and charts.js
// fits it into whatever frame holds it. out/charts/<id>/oembed.json
// describes the default embed code for CMSs. out/assets/embed.js is the
// resizer host pages include; it keeps that unhashed name so that embed
// codes pasted into articles keep working across builds.

// chrome is the height the chart page needs around the chart (title,
// description, source line, buttons) at a width of 640 pixels.
const chrome = 230

// fixedWidth is the width of the fixed-size embed code.
const fixedWidth = 640

// maxExtra is how much taller than at 640 pixels a responsive frame may
// grow on a wide page when embed.js is absent.
const maxExtra = 160

// chartView is one chart as the chart page and the gallery show it.
type chartView struct {
	chart.Chart
	Option template.JS // the ECharts option, JSON from encoding/json
	Full   template.JS // the whole record's table and per-year data, for from/to
	URL    string      // absolute URL of the chart page
	Path   string      // site path of the chart page
	CSV    string      // root-relative URL of the CSV
	OEmbed string      // absolute URL of the oEmbed JSON
	MapURL string      // URL of the base map, when the chart needs it
	// Snippet is the default (responsive) embed code; FrameHeight its
	// height at 640 pixels wide.
	Snippet     string
	FrameHeight int
	// Source is the plain-text attribution images carry.
	Source string
	// EmbedJS is the absolute URL of assets/embed.js.
	EmbedJS string
}

// chartPageData is the Data of chart.html.
type chartPageData struct {
	*chartView
	Vendor, Script, Style string // asset URLs
}

// galleryData is the Data of charts.html.
type galleryData struct {
	Charts         []*chartView
	First, Last    int
	Vendor, Script string
	Style          string
	// List is the builder of the embeddable list's code (listembed.go).
	List *listBuilder
	// PaceCard is the site path of the pace card, PaceSnippet its embed
	// code (pace.go).
	PaceCard, PaceSnippet string
}

// snippetOpts are the choices of the gallery's embed-code form.
type snippetOpts struct {
	Theme     string // "auto", "light" or "dark"
	From, To  int    // 0: the whole record
	HideTitle bool
	Fixed     bool // fixed 640-pixel frame instead of responsive
}

// snippet is the iframe embed code. templates/assets/charts.js builds the
// same string in the browser when the form's options change; keep the two
// equal (TestGallerySnippet checks the default).
func snippet(title, pageURL, embedJS string, frameHeight int, o snippetOpts) string {
	var q []string
	if o.Theme != "" && o.Theme != "auto" {
		q = append(q, "theme="+o.Theme)
	}
	if o.From != 0 {
		q = append(q, "from="+strconv.Itoa(o.From))
	}
	if o.To != 0 {
		q = append(q, "to="+strconv.Itoa(o.To))
	}
	if o.HideTitle {
		q = append(q, "title=0")
	}
	src := pageURL
	if len(q) > 0 {
		src += "?" + strings.Join(q, "&")
	}
	e := html.EscapeString
	if o.Fixed {
		return fmt.Sprintf(`<iframe title="%s" src="%s" width="%d" height="%d" style="border:0" loading="lazy"></iframe>`,
			e(title), e(src), fixedWidth, frameHeight)
	}
	// Without embed.js the frame keeps the aspect ratio of the 640-pixel
	// layout, but never gets shorter than that layout (phones wrap the text
	// into more lines) nor much taller (wide columns).
	return fmt.Sprintf(`<iframe title="%s" src="%s" style="display:block;width:100%%;aspect-ratio:%d/%d;min-height:%dpx;max-height:%dpx;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="%s" async></script>`,
		e(title), e(src), fixedWidth, frameHeight, frameHeight, frameHeight+maxExtra, e(embedJS))
}

// cardPath is the site path of an event's embeddable card: a file beside
// the event's page, events/<id>/embed.html, which costs the site no
// directory of its own. The cards published before (at events/<id>/embed/,
// listed in published-cards.txt) keep their path, so that the codes pasted
// into articles keep working.
func cardPath(id string) string {
	if publishedCards[id] {
		return eventPath(id) + "embed/"
	}
	return eventPath(id) + "embed.html"
}

// cardFile is the name of an event's card in the output.
func cardFile(id string) string {
	p := cardPath(id)
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

//go:embed published-cards.txt
var publishedCardsText string

// publishedCards holds the ids of published-cards.txt.
var publishedCards = func() map[string]bool {
	m := make(map[string]bool)
	for _, line := range strings.Split(publishedCardsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// cardHeight is the height of a card's frame in pixels until embed.js
// fits it to the card.
const cardHeight = 320

// cardSnippet is the embed code of an event's card (see cardPath),
// which the event's page offers; like the charts' it resizes with embed.js.
func (b *builder) cardSnippet(e *event.Event) string {
	return b.embedCode(e.Title, b.AbsURL(cardPath(e.ID)))
}

// embedCode is the embed code of the card at the absolute URL card, with
// the title title: a frame of cardHeight pixels, and embed.js, which fits
// the frame to the card.
func (b *builder) embedCode(title, card string) string {
	return `<iframe title="` + html.EscapeString(title) + `" src="` + html.EscapeString(card) + b.embedEnd
}

// makeEmbedEnd returns what follows the card's URL in every embed code
// of the site (see embedCode).
func (b *builder) makeEmbedEnd() string {
	return `" style="display:block;width:100%;max-width:640px;height:` + strconv.Itoa(cardHeight) +
		`px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="` +
		html.EscapeString(b.AbsURL("assets/embed.js")) + `" async></script>`
}

// oembed is an oEmbed 1.0 response of type rich.
type oembed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// fullData is what charts.js needs to recompute a chart for from/to.
type fullData struct {
	From        int             `json:"from"`
	To          int             `json:"to"`
	Height      int             `json:"height"`
	Description string          `json:"description"`
	Table       fullTable       `json:"table"`
	Data        json.RawMessage `json:"data,omitempty"`
}

type fullTable struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

func (b *builder) chartViews(ds *event.Dataset) ([]*chartView, error) {
	embedJS := b.AbsURL("assets/embed.js")
	var views []*chartView
	for _, c := range chart.All(ds) {
		path := "charts/" + c.ID + "/"
		v := &chartView{
			Chart:       c,
			Option:      template.JS(c.Option),
			URL:         b.AbsURL(path),
			Path:        path,
			CSV:         b.URL("data/" + c.ID + ".csv"),
			OEmbed:      b.AbsURL(path + "oembed.json"),
			FrameHeight: c.Height + chrome,
			EmbedJS:     embedJS,
			Source:      fmt.Sprintf("Source: %s, data as of %s · %s", b.site.Title, formatDate(b.site.AsOf), b.AbsURL(path)),
		}
		full, err := json.Marshal(fullData{From: c.From, To: c.To, Height: c.Height, Description: c.Description,
			Table: fullTable{Header: c.Table.Header, Rows: nonNil(c.Table.Rows)}, Data: c.Data})
		if err != nil {
			return nil, err
		}
		v.Full = template.JS(full)
		if c.Map {
			u, err := b.Asset("korea.geo.json")
			if err != nil {
				return nil, err
			}
			v.MapURL = u
		}
		v.Snippet = snippet(c.Title, v.URL, embedJS, v.FrameHeight, snippetOpts{})
		views = append(views, v)
	}
	return views, nil
}

func nonNil(rows [][]string) [][]string {
	if rows == nil {
		return [][]string{}
	}
	return rows
}

// addCharts adds the chart pages, their CSVs and oEmbed files, the gallery,
// assets/embed.js and the event cards.
func addCharts(ctx context.Context, b *builder, ds *event.Dataset) error {
	views, err := b.allCharts()
	if err != nil {
		return err
	}
	// The table of the nuclear tests names each.
	for i := range ds.Events {
		if e := &ds.Events[i]; e.Kind == event.KindNuclearTest {
			b.shows(e)
		}
	}
	vendor, err := b.Asset("vendor/echarts/echarts.min.js")
	if err != nil {
		return err
	}
	script, err := b.Asset("charts.js")
	if err != nil {
		return err
	}
	style, err := b.Asset("chart.css")
	if err != nil {
		return err
	}
	var gallery *Image
	for _, v := range views {
		if err := ctx.Err(); err != nil {
			return err
		}
		k, err := b.chartCard(&v.Chart)
		if err != nil {
			return err
		}
		img := b.cardImage(k)
		if img != nil {
			// The card draws the numbers; its description says them.
			img.Alt += " " + v.Description
		}
		if gallery == nil {
			gallery = img // the first chart stands for the gallery
		}
		if err := b.Add("data/"+v.ID+".csv", v.Table.CSV()); err != nil {
			return err
		}
		oe, err := json.MarshalIndent(oembed{
			Version: "1.0", Type: "rich", Title: v.Title,
			ProviderName: b.site.Title, ProviderURL: b.AbsURL(""),
			HTML: v.Snippet, Width: fixedWidth, Height: v.FrameHeight,
		}, "", "  ")
		if err != nil {
			return err
		}
		if err := b.Add(v.Path+"oembed.json", append(oe, '\n')); err != nil {
			return err
		}
		err = b.Render(v.Path+"index.html", "chart.html", &Page{
			Title:       v.Title,
			Description: v.Description,
			Section:     "charts",
			Embed:       true,
			Image:       img,
			Data:        chartPageData{chartView: v, Vendor: vendor, Script: script, Style: style},
		})
		if err != nil {
			return err
		}
	}
	first, last := 0, 0
	if len(views) > 0 {
		first, last = views[0].From, views[0].To
	}
	list, err := b.listBuilder()
	if err != nil {
		return err
	}
	err = b.Render("charts/index.html", "charts.html", &Page{
		Title:       "Charts",
		Description: "Charts of North Korea's missile launches and nuclear tests, with their data and embed codes.",
		Section:     "charts",
		Image:       gallery,
		Data: galleryData{Charts: views, First: first, Last: last, Vendor: vendor, Script: script, Style: style,
			PaceCard: pacePath, PaceSnippet: b.paceSnippet(), List: list},
	})
	if err != nil {
		return err
	}
	js, err := fs.ReadFile(b.tfs, "assets/embed.js")
	if err != nil {
		return err
	}
	if err := b.Add("assets/embed.js", js); err != nil {
		return err
	}
	return nil
}

// allCharts returns the charts of the whole record, made once per build.
func (b *builder) allCharts() ([]*chartView, error) {
	b.chartsOnce.Do(func() { b.charts, b.chartsErr = b.chartViews(b.ds) })
	return b.charts, b.chartsErr
}

// addEmbedCards adds the embeddable card of every event the build
// renders.
func (b *builder) addEmbedCards() error {
	// Event cards have no chart: they load frame.js alone.
	frame, err := b.Asset("frame.js")
	if err != nil {
		return err
	}
	style, err := b.Asset("chart.css")
	if err != nil {
		return err
	}
	return b.addEventCards(b.ctx, frame, style)
}

// cardData is the Data of embed-event.html: an event's card, prepared
// once as eventData is for the event's page.
type cardData struct {
	Links     *pageLinks
	Title     string
	KindLabel string
	Context   bool // diplomacy, sanctions, allied response, politics
	Date      shownDate
	EndDate   *shownDate // nil for an event of one day
	Time      string     // "HH:MM" in KST, or empty
	Permalink string     // absolute URL of the event page
	Summary   template.HTML
	// HasLaunches is set when the event has launch groups; Ballistic,
	// ByClass and Outcome then sum them up as on the event's page.
	HasLaunches bool
	Ballistic   int
	ByClass     []string
	Outcome     string
	// Systems and Sites are the "card-link"s to the pages of the launch
	// groups' systems and sites; SystemsLabel heads the systems ("System"
	// or "Systems").
	Systems      []template.HTML
	SystemsLabel string
	Sites        []template.HTML
	Nuclear      *nuclearRow // with the absolute URL of its site
	Sources      []event.Source
	Head         template.HTML // "card-head"
}

// cardHead is the dot of "card-head": the URLs of assets/frame.js and of
// the charts' style sheet.
type cardHead struct {
	Script, Style string
}

// addEventCards adds every event's card (see cardPath).
func (b *builder) addEventCards(ctx context.Context, script, style string) error {
	ds := b.ds
	links, err := b.pageLinks()
	if err != nil {
		return err
	}
	t, err := b.page("embed-event.html")
	if err != nil {
		return err
	}
	head, err := b.fragment(t, "card-head", cardHead{Script: script, Style: style})
	if err != nil {
		return err
	}
	cardLinks, err := b.catalogueLinks(t, "card-link", true)
	if err != nil {
		return err
	}
	idx := b.wantedEvents()
	return parallel(len(idx), func(j int) error {
		e := &ds.Events[idx[j]]
		b.shows(e)
		v := b.eventViewAt(idx[j])
		d := &cardData{Links: links, Title: e.Title, KindLabel: e.Kind.Label(), Context: v.Context,
			Date: showDate(e.Date), EndDate: showDateIf(e.EndDate), Time: e.Time,
			Permalink: v.info.absURL, HasLaunches: len(e.Launches) > 0,
			Ballistic: v.Ballistic, ByClass: classCounts(v), Outcome: v.Outcome,
			SystemsLabel: pluralWord(len(v.Systems), "System", "Systems"),
			Sources:      e.Sources, Head: head}
		summary, err := b.summary(v.info)
		if err != nil {
			return fmt.Errorf("site: event %s: %w", e.ID, err)
		}
		d.Summary = summary.inline
		for _, s := range v.Systems {
			h, err := cardLinks.system(s.ID, s.Name)
			if err != nil {
				return err
			}
			d.Systems = append(d.Systems, h)
		}
		for _, s := range v.Sites {
			h, err := cardLinks.site(s.ID, s.Name)
			if err != nil {
				return err
			}
			d.Sites = append(d.Sites, h)
		}
		if n := e.Nuclear; n != nil {
			d.Nuclear = &nuclearRow{Yield: formatYield(n.YieldKt, " to "), Magnitude: formatNumIf(n.MagnitudeMb), Claim: n.Claim}
			if s, ok := ds.Site(n.Site); ok {
				d.Nuclear.SiteName, d.Nuclear.SiteURL = s.Name, b.AbsURL(sitePath(n.Site))
			}
		}
		return b.Render(cardFile(e.ID), "embed-event.html", &Page{
			Title:       e.Title,
			Description: summary.plain,
			Section:     "timeline",
			NoIndex:     true,
			Embed:       true,
			Data:        d,
		})
	})
}
