package site

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nktimeline/timeline/internal/card"
	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/internal/event"
)

// Social cards: the 1200×630 PNG that link previews show for a page
// (og:image), one for every event page, every chart page and the home
// page, drawn by package card.
//
// A page asks for its card with cardImage while it is rendered, which
// names the PNG out/og/<key>.png after card.Key and only records the card;
// addCards then draws the recorded cards on every core. Equal keys mean
// identical bytes, so when the output is a directory and the site it
// replaces already holds og/<key>.png, that file is linked into the new
// site instead of drawn again: a build that changes one event draws one
// card, and stays deterministic.

// cardsDrawn counts the cards drawn (not linked) since the process began;
// tests read it to tell a drawn card from a kept one.
var cardsDrawn atomic.Int64

// drawCard draws a card as PNG bytes.
func drawCard(k card.Card) ([]byte, error) {
	cardsDrawn.Add(1)
	return card.PNG(k)
}

// cardSet holds the cards the pages of a build asked for, by file name.
type cardSet struct {
	mu    sync.Mutex
	cards map[string]card.Card
}

// cardImage records k as the social card of a page and returns the image
// the page references. It returns nil for no card or a card without a
// key (one holding a NaN), which the page then goes without.
func (b *builder) cardImage(k card.Card) *Image {
	if k == nil {
		return nil
	}
	key := card.Key(k)
	if key == "" {
		return nil
	}
	name := "og/" + key + ".png"
	b.cardSet.mu.Lock()
	if b.cardSet.cards == nil {
		// Every event asks for one, and the systems and sites for theirs:
		// sized once rather than grown (and rehashed) under the lock.
		b.cardSet.cards = make(map[string]card.Card, len(b.ds.Events)+len(b.ds.Systems)+len(b.ds.Sites))
	}
	b.cardSet.cards[name] = k
	b.cardSet.mu.Unlock()
	return &Image{Path: name, URL: b.AbsURL(name), Width: card.Width, Height: card.Height, Alt: k.Alt()}
}

// memCards keeps the cards of the last build made in memory (BuildFiles:
// the preview server rebuilds on every change), by file name, for the
// next one to reuse. It holds one build's cards at most.
var memCards struct {
	sync.Mutex
	files map[string][]byte
}

// addCards adds the recorded cards: each linked from the previous site
// when the output can and the previous site has it, taken from the last
// build in memory for an output in memory, drawn otherwise.
func (b *builder) addCards() error {
	b.cardSet.mu.Lock()
	names := make([]string, 0, len(b.cardSet.cards))
	for n := range b.cardSet.cards {
		names = append(names, n)
	}
	b.cardSet.mu.Unlock()
	sort.Strings(names)
	l, canLink := b.out.(linker)
	_, inMemory := b.out.(*memOutput)
	var prev map[string][]byte
	if inMemory {
		memCards.Lock()
		prev = memCards.files
		memCards.Unlock()
	}
	// Only a build in memory keeps its cards for the next one: a build
	// into a directory lets each go as soon as it is written.
	var made [][]byte
	if inMemory {
		made = make([][]byte, len(names))
	}
	err := parallel(len(names), func(i int) error {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		name := names[i]
		if canLink {
			ok, err := b.link(l, name)
			if err != nil || ok {
				return err
			}
			if ok, err := b.linkCached(l, name); err != nil || ok {
				return err
			}
		}
		data, ok := prev[name]
		if !ok {
			data, ok = b.cachedCard(name)
		}
		if !ok {
			var err error
			if data, err = drawCard(b.cardSet.cards[name]); err != nil {
				return fmt.Errorf("site: social card %s: %w", name, err)
			}
			b.cacheCard(name, data)
		}
		if made != nil {
			made[i] = data
		}
		return b.Add(name, data)
	})
	if err != nil || !inMemory {
		return err
	}
	keep := make(map[string][]byte, len(names))
	for i, n := range names {
		keep[n] = made[i]
	}
	memCards.Lock()
	memCards.files = keep
	memCards.Unlock()
	return nil
}

// cachedCard returns the card name from Options.CacheDir, if it is there.
// Card names carry the key of their content (card.Key), so a cached file
// of that name holds exactly the bytes drawing it would give.
func (b *builder) cachedCard(name string) ([]byte, bool) {
	if b.cacheDir == "" {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(b.cacheDir, path.Base(name)))
	return data, err == nil
}

// linkCached adds the card name by linking it from Options.CacheDir, if
// it is there: a link costs no copy of the bytes, which at a hundred
// thousand cards are gigabytes.
func (b *builder) linkCached(l linker, name string) (bool, error) {
	if b.cacheDir == "" {
		return false, nil
	}
	if err := b.claim(name, false); err != nil {
		return false, err
	}
	src := filepath.Join(b.cacheDir, path.Base(name))
	ok, err := l.LinkFile(src, name)
	if err == nil && !ok && openCached(src) {
		ok, err = l.LinkFile(src, name)
	}
	if err != nil {
		return false, fmt.Errorf("site: %w", err)
	}
	if !ok {
		b.mu.Lock()
		delete(b.added, name)
		b.mu.Unlock()
	}
	return ok, nil
}

// openCached makes the cached card p readable by others when it is a
// regular file that only its owner may read, as earlier versions cached
// cards (with the mode os.CreateTemp gives), so that builds link it as
// they link the cards cached since instead of copying it. It reports
// whether it changed the mode.
func openCached(p string) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		return false
	}
	return os.Chmod(p, 0o644) == nil
}

// cacheCard keeps a drawn card in Options.CacheDir for later builds. The
// cache only saves time: a failure to write it is not the build's.
func (b *builder) cacheCard(name string, data []byte) {
	if b.cacheDir == "" {
		return
	}
	if err := os.MkdirAll(b.cacheDir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(b.cacheDir, ".card-*")
	if err != nil {
		return
	}
	// Readable by others, as the output's files are, so that a build
	// can link the card into its output (linkCached).
	werr := f.Chmod(0o644)
	if werr == nil {
		_, werr = f.Write(data)
	}
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), filepath.Join(b.cacheDir, path.Base(name))); err != nil {
		os.Remove(f.Name())
	}
}

// link adds the file name by taking it from the previous build, if that
// build has it.
func (b *builder) link(l linker, name string) (bool, error) {
	b.mu.Lock()
	_, dup := b.added[name]
	b.mu.Unlock()
	if dup {
		return false, fmt.Errorf("site: output file %s added twice", name)
	}
	ok, err := l.Link(name)
	if err != nil {
		return false, fmt.Errorf("site: %w", err)
	}
	if ok {
		b.mu.Lock()
		b.added[name] = false
		b.mu.Unlock()
	}
	return ok, nil
}

// cardSite is what every card says about the site.
func (b *builder) cardSite() card.Site {
	return card.Site{Name: b.site.Title, Domain: strings.TrimSuffix(b.base.Host+b.base.Path, "/")}
}

// kindTones gives each kind of event the colours of its badge.
var kindTones = map[event.Kind]card.Tone{
	event.KindMissileLaunch:   card.ToneWeapons,
	event.KindArtillery:       card.ToneWeapons,
	event.KindNuclearTest:     card.ToneNuclear,
	event.KindNuclearProgram:  card.ToneNuclear,
	event.KindSatelliteLaunch: card.ToneSpace,
	event.KindEngineTest:      card.ToneSpace,
	event.KindWeaponsDisplay:  card.ToneProgram,
	event.KindOtherTest:       card.ToneProgram,
}

// eventCard is the social card of an event's page: its date, kind, title
// and the figures its page leads with.
func (b *builder) eventCard(v *eventView) card.Event {
	e := v.Event
	tone, ok := kindTones[e.Kind]
	if !ok {
		tone = card.ToneContext
	}
	date := formatLongDate(e.Date)
	if !e.EndDate.IsZero() {
		date += " to " + formatLongDate(e.EndDate)
	}
	k := card.Event{Site: b.cardSite(), Date: date, Kind: e.Kind.Label(), Tone: tone, Title: e.Title}
	for _, c := range v.ByClass {
		if len(k.Figures) == 2 {
			break
		}
		k.Figures = append(k.Figures, classFigure(c))
	}
	var apogee, rng float64
	for _, l := range e.Launches {
		if l.ApogeeKm != nil {
			apogee = max(apogee, *l.ApogeeKm)
		}
		if l.RangeKm != nil {
			rng = max(rng, *l.RangeKm)
		}
	}
	if apogee > 0 {
		k.Figures = append(k.Figures, "apogee "+formatKm(apogee))
	}
	if rng > 0 {
		k.Figures = append(k.Figures, "range "+formatKm(rng))
	}
	if n := e.Nuclear; n != nil {
		if y := n.YieldKt; y != nil {
			s := formatNum(y.Min)
			if y.Max != y.Min {
				s += "–" + formatNum(y.Max)
			}
			k.Figures = append(k.Figures, "Estimated yield "+s+" kt")
		}
		if m := n.MagnitudeMb; m != nil {
			k.Figures = append(k.Figures, "magnitude "+formatNum(*m))
		}
	}
	if !e.Updated.IsZero() {
		k.Note = "Updated " + formatLongDate(e.Updated)
	}
	return k
}

// classFigure is a count of missiles of one class: "2 ICBMs", "1 SRBM",
// "4 cruise missiles".
func classFigure(c classCount) string {
	n := formatInt(c.Count) + " "
	switch c.Class {
	case event.ClassSRBM, event.ClassMRBM, event.ClassIRBM, event.ClassICBM, event.ClassSLBM, event.ClassSLV:
		if c.Count == 1 {
			return n + string(c.Class)
		}
		return n + string(c.Class) + "s"
	case event.ClassBallisticUnknown:
		return n + pluralWord(c.Count, "ballistic missile", "ballistic missiles")
	case event.ClassCruise:
		return n + pluralWord(c.Count, "cruise missile", "cruise missiles")
	case event.ClassArtillery:
		return n + pluralWord(c.Count, "artillery rocket", "artillery rockets")
	case event.ClassAirDefense:
		return n + pluralWord(c.Count, "air defence missile", "air defence missiles")
	}
	return n + pluralWord(c.Count, "launch", "launches")
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// formatKm formats a distance for a card: "6,000 km", "4.5 km".
func formatKm(km float64) string {
	if km == math.Trunc(km) && km < 1e9 {
		return formatInt(int(km)) + " km"
	}
	return formatNum(km) + " km"
}

var longMonthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// formatLongDate formats a date with the month written out, as cards
// show it: "12 October 2022", "October 2022", "2022".
func formatLongDate(d event.Date) string { return formatDateWith(d, longMonthNames[:]) }

// homeCard is the social card of the home page: the site's description
// and its headline figures, from the same tallies as the index.
func (b *builder) homeCard(f figures) card.Home {
	k := card.Home{Site: b.cardSite(), Description: b.site.Description,
		Note: "Data as of " + formatLongDate(b.site.AsOf)}
	since := ""
	if f.FirstYear != 0 {
		since = " since " + strconv.Itoa(f.FirstYear)
	}
	k.Figures = append(k.Figures,
		card.Figure{Value: formatInt(f.BallisticMissiles), Label: "ballistic missiles" + since},
		card.Figure{Value: formatInt(f.LaunchEvents), Label: "launch events"},
		card.Figure{Value: formatInt(f.NuclearTests), Label: pluralWord(f.NuclearTests, "nuclear test", "nuclear tests")})
	if f.RecordYear != 0 {
		k.Figures = append(k.Figures, card.Figure{Value: formatInt(f.RecordCount),
			Label: "in " + strconv.Itoa(f.RecordYear) + ", the record year"})
	}
	return k
}

// echartsOption is the part of an ECharts option that a card redraws:
// the categories and the series with their colours and values.
type echartsOption struct {
	XAxis     []echartsAxis `json:"xAxis"`
	YAxis     []echartsAxis `json:"yAxis"`
	VisualMap []struct {
		InRange struct {
			Color []string `json:"color"`
		} `json:"inRange"`
	} `json:"visualMap"`
	Geo struct {
		Regions []struct {
			Name string `json:"name"`
		} `json:"regions"`
	} `json:"geo"`
	Series []struct {
		Type      string `json:"type"`
		Name      string `json:"name"`
		Stack     string `json:"stack"`
		ItemStyle struct {
			Color string `json:"color"`
		} `json:"itemStyle"`
		Data []struct {
			Name  string          `json:"name"`
			Value json.RawMessage `json:"value"`
			Label struct {
				Show bool `json:"show"`
			} `json:"label"`
		} `json:"data"`
	} `json:"series"`
}

type echartsAxis struct {
	Data []string `json:"data"`
}

// chartCard is the social card of a chart's page, drawn from the chart's
// own ECharts option, so that the card shows the same numbers as the page:
// its bar series, its heatmap or its map points. A bar chart with nothing
// to draw (a record without the events it counts) has no card: chartCard
// returns nil.
func (b *builder) chartCard(c *chart.Chart) (card.Card, error) {
	k, err := b.chartCardData(c)
	if err != nil {
		return nil, err
	}
	if k.Bars != nil && (len(k.Bars.Categories) == 0 || len(k.Bars.Series) == 0) {
		return nil, nil
	}
	return k, nil
}

func (b *builder) chartCardData(c *chart.Chart) (card.Chart, error) {
	k := card.Chart{Site: b.cardSite(), Title: c.Title}
	if c.From != 0 {
		k.Subtitle = strconv.Itoa(c.From)
		if c.To != c.From {
			k.Subtitle += "–" + strconv.Itoa(c.To)
		}
	}
	asOf := b.site.AsOf
	partial := ""
	if !asOf.IsZero() && !(asOf.Month == 12 && asOf.Day == 31) && c.To == asOf.Year {
		partial = strconv.Itoa(asOf.Year)
		k.Note = partial + ": data to " + strings.TrimSuffix(formatLongDate(asOf), " "+partial)
	}
	var o echartsOption
	if err := json.Unmarshal(c.Option, &o); err != nil {
		return k, fmt.Errorf("site: chart %s: %w", c.ID, err)
	}
	for _, s := range o.Series {
		switch s.Type {
		case "heatmap":
			return k, b.heatmapCard(&k, &o, asOf, partial)
		case "scatter", "effectScatter":
			return k, b.mapCard(&k, &o)
		}
	}
	bars := &card.Bars{}
	if len(o.XAxis) > 0 {
		bars.Categories = o.XAxis[0].Data
	}
	for _, cat := range bars.Categories {
		if cat == partial {
			bars.Partial = partial
		}
	}
	if bars.Partial == "" {
		k.Note = "" // no category is the as-of year
	}
	if len(c.Table.Header) > 0 && c.Table.Header[0] == "Date" && len(bars.Categories) > 0 {
		// One bar per dated event (the nuclear tests): the subtitle
		// gives their span, not the record's.
		k.Subtitle = bars.Categories[0] + " to " + bars.Categories[len(bars.Categories)-1]
	}
	for _, s := range o.Series {
		if s.Type != "bar" {
			continue // a line on a second axis (magnitudes) is left out
		}
		ser := card.Series{Name: s.Name, Color: s.ItemStyle.Color}
		for _, d := range s.Data {
			// "-" is ECharts' missing value; a card draws no bar.
			var v float64
			if err := json.Unmarshal(d.Value, &v); err != nil || v < 0 {
				v = 0
			}
			ser.Values = append(ser.Values, v)
		}
		if s.Stack != "" {
			bars.Stacked = true
		}
		bars.Series = append(bars.Series, ser)
	}
	k.Bars = bars
	return k, nil
}

// heatmapCard fills k with the heatmap of o: rows are the y axis's
// categories (years), columns the x axis's (months). The months after the
// as-of date have no data yet.
func (b *builder) heatmapCard(k *card.Chart, o *echartsOption, asOf event.Date, partial string) error {
	if len(o.XAxis) == 0 || len(o.YAxis) == 0 {
		return fmt.Errorf("site: heatmap without categories")
	}
	h := &card.Heatmap{Columns: o.XAxis[0].Data, Rows: o.YAxis[0].Data, Legend: "ballistic missiles"}
	h.Values = make([][]float64, len(h.Rows))
	for i := range h.Values {
		h.Values[i] = make([]float64, len(h.Columns))
	}
	for _, s := range o.Series {
		if s.Type != "heatmap" {
			continue
		}
		h.Legend = strings.ToLower(s.Name)
		for _, d := range s.Data {
			var xyv [3]float64
			if err := json.Unmarshal(d.Value, &xyv); err != nil {
				return fmt.Errorf("site: heatmap cell %s: %w", d.Value, err)
			}
			x, y := int(xyv[0]), int(xyv[1])
			if y >= 0 && y < len(h.Rows) && x >= 0 && x < len(h.Columns) {
				h.Values[y][x] = xyv[2]
			}
		}
	}
	if len(o.VisualMap) > 0 {
		h.Colors = o.VisualMap[0].InRange.Color
	}
	// The as-of year's row stops at the as-of month, unless a later
	// column (a month not reported) holds a value.
	for i, r := range h.Rows {
		if r != partial || asOf.Month < 1 || asOf.Month >= len(h.Columns) {
			continue
		}
		rest := 0.0
		for _, v := range h.Values[i][asOf.Month:] {
			rest += v
		}
		if rest == 0 {
			h.Values[i] = h.Values[i][:asOf.Month]
		}
	}
	k.Heatmap = h
	return nil
}

// mapCard fills k with the points of o's map series on the base map,
// framed on the regions the chart highlights.
func (b *builder) mapCard(k *card.Chart, o *echartsOption) error {
	regions, err := baseMap(b.tfs)
	if err != nil {
		return err
	}
	focus := map[string]bool{}
	for _, r := range o.Geo.Regions {
		focus[r.Name] = true
	}
	m := &card.Map{Legend: "missiles and space launchers launched"}
	for _, r := range regions {
		r.Focus = focus[r.Name]
		m.Regions = append(m.Regions, r)
	}
	for _, s := range o.Series {
		if s.Type != "scatter" && s.Type != "effectScatter" {
			continue
		}
		m.Color = s.ItemStyle.Color
		for _, d := range s.Data {
			var v []float64
			if err := json.Unmarshal(d.Value, &v); err != nil || len(v) < 3 {
				return fmt.Errorf("site: map point %q: want [longitude, latitude, value, …]", d.Name)
			}
			p := card.Point{Lon: v[0], Lat: v[1], Value: v[2]}
			if d.Label.Show {
				p.Label = d.Name
			}
			m.Points = append(m.Points, p)
		}
	}
	k.Map = m
	return nil
}

// baseMap reads the land outlines of assets/korea.geo.json, the base map
// the map chart draws on, from the build's templates.
func baseMap(tfs fs.FS) ([]card.Region, error) {
	data, err := fs.ReadFile(tfs, "assets/korea.geo.json")
	if err != nil {
		return nil, err
	}
	rs, err := geoRegions(data)
	if err != nil {
		return nil, fmt.Errorf("site: korea.geo.json: %w", err)
	}
	return rs, nil
}
