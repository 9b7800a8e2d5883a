package site

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The pace of the as-of year (stats.Pace), as sentences a reporter can
// paste, each carrying the as-of date and the counting rule: on the index,
// on the records page and in the embeddable card out/cards/pace/. The
// partial "pace-lines" in pace-partials.html writes them; every figure
// links to the events behind it. Every figure is relative to the as-of
// date, so a build stays deterministic.

// pacePath is the site path of the pace card.
const pacePath = "cards/pace/"

// paceHeight is the height of the pace card's frame in pixels until
// embed.js fits it to the card.
const paceHeight = 480

// paceTitle is the title of the card and of its frame. It names no year:
// a pasted code shows the year of the latest build.
const paceTitle = "The pace of North Korea's ballistic missile launches"

// paceView is the pace of the as-of year as pace-partials.html shows it.
type paceView struct {
	AsOf event.Date
	// Year is 1 January of the as-of year to the as-of date, Previous the
	// same span of the year before and Record that of the record year (nil
	// when no earlier year had ballistic missiles). RecordIsPrevious says
	// the record year is the year before, which is then shown once.
	Year, Previous   *spanView
	Record           *spanView
	RecordIsPrevious bool
	// Last is the latest ballistic launch dated to the day, nil when there
	// is none, and DaysSince the days from it to the as-of date.
	Last      *eventView
	DaysSince int
	// WindowFrom is the first day of the twelve months to the as-of date,
	// Gap the longest gap between launches within them (nil when none).
	WindowFrom event.Date
	Gap        *gapView
	// Unplaced are the launch events of the three spans' years dated too
	// coarsely to tell whether they fall in the span; UnplacedMissiles
	// their ballistic missiles.
	Unplaced         []*eventView
	UnplacedMissiles int
	// External is set in the card: links are absolute and open a new tab.
	External bool

	link func(sitePath string) string
}

// Link returns the URL of a site path ("events/x/", "records/#pace-2025"),
// absolute in the card.
func (p *paceView) Link(sitePath string) string { return p.link(sitePath) }

// spanView is a span of one year from 1 January, with the events behind
// its figures.
type spanView struct {
	Year     int
	From, To event.Date
	// Missiles and LaunchEvents are the span's figures by the counting
	// rule; YearMissiles is the whole year's missiles.
	Missiles, LaunchEvents, YearMissiles int
	// ID is the element id of the list of its events on the records page;
	// Path the site path the figures link to: the timeline filtered to the
	// year when that shows exactly the span's events, else that list.
	ID, Path string
	Events   []*eventView
	// YearPath is the site path of the timeline filtered to the whole
	// year's ballistic launches, which YearMissiles counts.
	YearPath string
}

// Span is the span in words: "1 Jan to 31 Aug 2026", or "1 Jan 2026"
// when it is one day.
func (s *spanView) Span() string {
	if s.From == s.To {
		return formatDate(s.To)
	}
	return fmt.Sprintf("%d %s to %s", s.From.Day, monthNames[s.From.Month], formatDate(s.To))
}

// gapView is a gap between launches; To is nil while it is open.
type gapView struct {
	Days     int
	From, To *eventView
}

// pace computes the pace view; external makes the links of the card.
func (b *builder) pace(external bool) *paceView {
	ps := stats.Pace(b.ds, b.site.AsOf)
	p := &paceView{AsOf: ps.AsOf, DaysSince: ps.DaysSinceLast, WindowFrom: ps.WindowFrom, External: external, link: b.URL}
	if external {
		p.link = b.absLink
	}
	seen := map[*event.Event]bool{}
	span := func(s stats.SpanCount) *spanView {
		v := &spanView{Year: s.Year, From: s.From, To: s.To, Missiles: s.Missiles, LaunchEvents: s.LaunchEvents,
			YearMissiles: s.YearMissiles, ID: "pace-" + strconv.Itoa(s.Year)}
		v.Path = recordsPath + "#" + v.ID
		v.YearPath = fmt.Sprintf("?from=%d&to=%d&class=ballistic", s.Year, s.Year)
		for _, e := range s.Events {
			v.Events = append(v.Events, b.view(e))
		}
		for _, e := range s.Unplaced {
			if !seen[e] {
				seen[e] = true
				p.Unplaced = append(p.Unplaced, b.view(e))
				p.UnplacedMissiles += b.ds.BallisticCount(e)
			}
		}
		return v
	}
	p.Year = span(ps.Year)
	// The timeline filtered to the year and to ballistic missiles shows
	// exactly the year's launch events up to the as-of date when none of
	// them is dated too coarsely to place.
	if len(ps.Year.Unplaced) == 0 {
		p.Year.Path = p.Year.YearPath
	}
	p.Previous = span(ps.PreviousYear)
	if ps.RecordYear != nil {
		if ps.RecordYear.Year == ps.PreviousYear.Year {
			p.RecordIsPrevious = true
		} else {
			p.Record = span(*ps.RecordYear)
		}
	}
	if ps.LastLaunch != nil {
		p.Last = b.view(ps.LastLaunch)
	}
	if g := ps.LongestGap; g != nil {
		p.Gap = &gapView{Days: g.Days, From: b.view(g.From)}
		if g.To != nil {
			p.Gap.To = b.view(g.To)
		}
	}
	return p
}

// absLink is AbsURL for a site path that may end in a query or a fragment
// ("records/#pace", "?from=2026&class=ballistic").
func (b *builder) absLink(sitePath string) string {
	i := strings.IndexAny(sitePath, "?#")
	if i < 0 {
		return b.AbsURL(sitePath)
	}
	return b.AbsURL(sitePath[:i]) + sitePath[i:]
}

// spans returns the spans whose events the records page lists.
func (p *paceView) spans() []*spanView {
	out := []*spanView{p.Year, p.Previous}
	if p.Record != nil {
		out = append(out, p.Record)
	}
	return out
}

// paceCardData is the Data of embed-pace.html.
type paceCardData struct {
	Pace      *paceView
	Title     string
	Permalink string // absolute URL of the records page
	Script    string // URL of assets/frame.js
	Style     string
}

// paceSnippet is the embed code of the pace card; like the event cards'
// it resizes with embed.js.
func (b *builder) paceSnippet() string {
	e := html.EscapeString
	return fmt.Sprintf(`<iframe title="%s" src="%s" style="display:block;width:100%%;max-width:640px;height:%dpx;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="%s" async></script>`,
		e(paceTitle), e(b.AbsURL(pacePath)), paceHeight, e(b.AbsURL("assets/embed.js")))
}

// addPaceCard adds out/cards/pace/index.html.
func (b *builder) addPaceCard() error {
	// The card has no chart: it loads frame.js alone, as event cards do.
	script, err := b.Asset("frame.js")
	if err != nil {
		return err
	}
	style, err := b.Asset("chart.css")
	if err != nil {
		return err
	}
	return b.Render(pacePath+"index.html", "embed-pace.html", &Page{
		Title:       paceTitle,
		Description: fmt.Sprintf("Ballistic missiles launched by North Korea in %d to %s against earlier years, days since the last launch and the longest recent gap.", b.site.AsOf.Year, formatDate(b.site.AsOf)),
		Section:     "records",
		NoIndex:     true,
		Embed:       true,
		Data:        &paceCardData{Pace: b.pace(true), Title: paceTitle, Permalink: b.absLink(recordsPath + "#pace"), Script: script, Style: style},
	})
}
