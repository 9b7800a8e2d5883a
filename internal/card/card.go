// Package card draws social cards: the 1200×630 PNG images that link
// previews on social media and in chat show for a page (og:image).
//
// There are three kinds: an Event card (date, kind, title, key figures), a
// Chart card (a bar chart, heatmap or map of points drawn from the same
// numbers as the page's chart) and a Home card (the site's description and
// headline figures). Each is plain data; Render draws it and Encode or PNG
// turn it into PNG bytes. The same card always gives the same bytes.
//
// Cards are drawn in Go with golang.org/x/image and the embedded Inter
// font, in the light theme's colours of the site's style sheets. Nothing
// here knows about events or the site: the caller formats dates and
// numbers, picks the colours of series and passes map outlines, and may
// draw any number of cards at once from different goroutines.
//
// A card costs a few milliseconds of processor time, most of it spent
// compressing the PNG. Key names a card's bytes before they are drawn, so
// a build can keep the cards it drew before and draw only those whose
// data changed.
package card

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Width and Height are the size of every card in pixels: the 1.91:1 image
// that link previews show at full width.
const (
	Width  = 1200
	Height = 630
)

// Site is what every card says about the site it comes from.
type Site struct {
	Name   string // the site's title, at the top ("North Korean weapons activity")
	Domain string // where it lives, in the footer ("nktimeline.org")
}

// Tone is the colour family of an event's kind label, as in the badges of
// the site's pages (site.css).
type Tone uint8

const (
	ToneWeapons Tone = iota // missile launches, artillery (.badge)
	ToneNuclear             // nuclear tests and programme (.k-nuclear-*)
	ToneSpace               // satellite launches, engine tests
	ToneProgram             // weapons displays, other tests
	ToneContext             // diplomacy, sanctions, allied responses, politics
)

// Event is the card of one event's page.
type Event struct {
	Site    Site
	Date    string   // as the page shows it ("12 October 2022")
	Kind    string   // the kind's label ("Missile launch")
	Tone    Tone     // the kind's colours
	Title   string   // up to three lines; longer titles end in an ellipsis
	Figures []string // key figures, each short ("2 ICBMs", "apogee 6,000 km")
	Note    string   // optional, at the right of the footer
}

// Home is the card of the home page: the site's name as its title, the
// description and the figures.
type Home struct {
	Site        Site
	Description string   // up to three lines
	Figures     []Figure // at most four headline figures
	Note        string   // optional, at the right of the footer ("Data as of 31 August 2026")
}

// Figure is one headline figure of the home card.
type Figure struct {
	Value string // large ("1,245")
	Label string // under it ("ballistic missiles since 1984")
}

// Chart is the card of a chart's page: its title and the chart itself,
// drawn from exactly one of Bars, Heatmap and Map.
type Chart struct {
	Site     Site
	Title    string // up to two lines, three beside a map
	Subtitle string // optional, one line, two beside a map ("1984–2026, by missile class")
	Note     string // optional, at the right of the footer ("2026: to 31 August")

	Bars    *Bars
	Heatmap *Heatmap
	Map     *Map
}

// Bars is a bar chart with one bar (or stack) per category.
type Bars struct {
	Categories []string // along the x axis, usually years
	Series     []Series // one or more; more than one gets a legend
	Stacked    bool     // stack the series instead of drawing them side by side
	// Partial is a category whose figures are not final (the year the data
	// stops in); its bars are drawn lighter and its label marked with *.
	Partial string
}

// Series is one set of bars.
type Series struct {
	Name   string    // in the legend
	Color  string    // "#rrggbb"
	Values []float64 // one per category, none negative
}

// Heatmap is a grid of values, Values[row][column], coloured on a scale
// with a legend above it. Zero is drawn as an empty cell. A row may have
// fewer values than there are columns: the cells past its end have no
// data (the months after the data stops) and are drawn as outlines. The card is
// wide, so the longer of rows and columns runs across it: 43 years by 12
// months is drawn with the years along the bottom.
type Heatmap struct {
	Rows    []string // labels, thinned to fit
	Columns []string // labels, thinned to fit
	Values  [][]float64
	// Colors is the scale from lowest to highest, "#rrggbb" each; nil
	// means the site's heatmap scale.
	Colors []string
	Legend string // what a cell counts ("launch events"), beside the scale
}

// Map is points of different sizes on a map.
type Map struct {
	// Regions are the land outlines. The map is framed on the regions
	// marked Focus; the others are drawn paler, as context.
	Regions []Region
	Points  []Point
	Color   string // of the points, "#rrggbb"; empty means the site's map orange
	Legend  string // what a point's size counts ("missiles launched")
}

// Region is one land area, as GeoJSON MultiPolygon coordinates:
// polygons, each a list of rings, each a list of [longitude, latitude].
type Region struct {
	Name     string
	Focus    bool
	Polygons [][][][2]float64
}

// Point is one place on a map. Its area is proportional to Value.
type Point struct {
	Lon, Lat float64
	Value    float64
	Label    string // drawn beside the point where it overlaps no other label or point
}

// Card is an Event, Chart or Home.
type Card interface {
	// Alt describes the card in words, for og:image:alt.
	Alt() string
	draw(c *canvas) error
}

// Alt describes the card: "Missile launch, 18 December 2023: Hwasong-18
// solid-fuel ICBM launched from Pyongyang. 1 ICBM, apogee 6,518 km."
func (e Event) Alt() string {
	var b strings.Builder
	b.WriteString(strings.Join(nonEmpty(e.Kind, e.Date), ", "))
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(sentence(e.Title))
	if fs := nonEmpty(e.Figures...); len(fs) > 0 {
		b.WriteString(" " + sentence(strings.Join(fs, ", ")))
	}
	return b.String()
}

// Alt describes the card: "Bar chart: Ballistic missiles by year,
// 1984–2026, by missile class."
func (k Chart) Alt() string {
	kind := "Chart"
	switch {
	case k.Bars != nil:
		kind = "Bar chart"
	case k.Heatmap != nil:
		kind = "Heatmap"
	case k.Map != nil:
		kind = "Map"
	}
	alt := kind + ": " + strings.TrimSpace(k.Title)
	if sub := strings.TrimSpace(k.Subtitle); sub != "" {
		// A subtitle that starts a sentence of its own stays one.
		if r, _ := utf8.DecodeRuneInString(sub); unicode.IsUpper(r) {
			alt = sentence(alt) + " " + sub
		} else {
			alt += ", " + sub
		}
	}
	return sentence(alt)
}

// Alt describes the card: the site's name and description and the
// figures.
func (h Home) Alt() string {
	parts := nonEmpty(sentence(h.Site.Name), sentence(h.Description))
	for _, f := range h.Figures {
		parts = append(parts, sentence(strings.Join(nonEmpty(f.Value, f.Label), " ")))
	}
	return strings.Join(parts, " ")
}

// nonEmpty returns the strings that are not blank, trimmed.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sentence ends s with a full stop unless it ends in punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

// Render draws a card.
func Render(k Card) (*image.RGBA, error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	c := newCanvas(fs)
	if err := k.draw(c); err != nil {
		return nil, err
	}
	return c.img, nil
}

// Encode writes a card as PNG to w.
func Encode(w io.Writer, k Card) error {
	fs, err := fonts()
	if err != nil {
		return err
	}
	// The canvas, several megabytes, is reused from card to card.
	c, _ := canvasPool.Get().(*canvas)
	if c == nil {
		c = newCanvas(fs)
	} else {
		c.clear()
	}
	defer canvasPool.Put(c)
	if err := k.draw(c); err != nil {
		return err
	}
	return encodePNG(w, c)
}

var canvasPool sync.Pool // of *canvas

// PNG returns a card as PNG bytes.
func PNG(k Card) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(48 << 10)
	if err := Encode(&b, k); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// The light theme's colours, from site.css and chart.css.
var (
	colBG     = hex("#fbfaf7") // --bg
	colFG     = hex("#1c1e21") // --fg
	colMuted  = hex("#565d65") // --muted
	colLine   = hex("#dcd8cf") // --line
	colCard   = hex("#ffffff") // --card
	colAccent = hex("#1f3a5f") // --accent
	colCtxBG  = hex("#f3f1ec") // --ctx-bg

	// Badge background and text per Tone.
	toneColors = [...][2]color.RGBA{
		ToneWeapons: {hex("#fde4e1"), hex("#7f1d17")},
		ToneNuclear: {hex("#fbe7c6"), hex("#6b3a00")},
		ToneSpace:   {hex("#dceafe"), hex("#123f78")},
		ToneProgram: {hex("#ece3fb"), hex("#4a2480")},
		ToneContext: {hex("#e6ebe6"), hex("#2c4a32")},
	}

	// The charts' heatmap scale and map colours (internal/chart).
	heatScale = []string{"#fde6c8", "#f5a25d", "#d55e00", "#7a2a00"}
	colLand   = hex("#e4e0d4")
	colBorder = hex("#8a8a8a")
	colOther  = hex("#efece5")
	colPoint  = "#d55e00"
)

// hex parses a colour known to be valid.
func hex(s string) color.RGBA {
	c, err := parseColor(s)
	if err != nil {
		panic(err)
	}
	return c
}

// parseColor parses "#rrggbb".
func parseColor(s string) (color.RGBA, error) {
	var r, g, b uint8
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, fmt.Errorf("card: colour %q is not #rrggbb", s)
	}
	if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return color.RGBA{}, fmt.Errorf("card: colour %q is not #rrggbb", s)
	}
	return color.RGBA{r, g, b, 255}, nil
}

// checkText reports text the font cannot draw.
func checkText(field, s string) error {
	if r, ok := hasGlyphs(s); !ok {
		return fmt.Errorf("card: %s %q: the font has no %q (U+%04X)", field, s, r, r)
	}
	return nil
}

// checkTexts checks every field in pairs of name and text.
func checkTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkText(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// Layout shared by every card.
const (
	margin  = 80  // left and right
	top     = 64  // baseline of the header is top + header size
	footTop = 548 // the rule above the footer
)

var (
	stHeader = style{bold, 26}
	stFoot   = style{regular, 24}
)

// frame draws what every card has: an accent bar at the left, the site's
// name at the top and the footer with the domain and an optional note.
func (c *canvas) frame(s Site, note string) {
	c.fill(image.Rect(0, 0, 12, Height), colAccent)
	// A small square of the accent colour before the name, like a mark.
	c.fill(image.Rect(margin, top+2, margin+20, top+22), colAccent)
	c.text(margin+34, top+22, stHeader, colFG, c.fit(stHeader, s.Name, Width-2*margin-34))
	c.fill(image.Rect(margin, footTop, Width-margin, footTop+2), colLine)
	y := footTop + 46
	dw := c.width(stFoot, s.Domain)
	c.text(margin, y, stFoot, colMuted, c.fit(stFoot, s.Domain, Width-2*margin))
	if note != "" {
		nw := Width - 2*margin - dw - 40
		if nw > 0 {
			note = c.fit(stFoot, note, nw)
			c.textRight(Width-margin, y, stFoot, colMuted, note)
		}
	}
}

var (
	stBadge = style{semibold, 26}
	stDate  = style{regular, 28}
	stFacts = style{regular, 30}
)

func (e Event) draw(c *canvas) error {
	if strings.TrimSpace(e.Title) == "" {
		return fmt.Errorf("card: event card without a title")
	}
	if int(e.Tone) >= len(toneColors) {
		return fmt.Errorf("card: event tone %d out of range", e.Tone)
	}
	if err := checkTexts("site name", e.Site.Name, "domain", e.Site.Domain, "date", e.Date,
		"kind", e.Kind, "title", e.Title, "note", e.Note, "figures", strings.Join(e.Figures, " ")); err != nil {
		return err
	}
	c.frame(e.Site, e.Note)
	inner := Width - 2*margin

	// Kind badge and date.
	y := 176
	x := margin
	if e.Kind != "" {
		tc := toneColors[e.Tone]
		label := c.fit(stBadge, e.Kind, inner/2)
		w := c.width(stBadge, label)
		c.fillRound(float32(x), float32(y-32), float32(x+w+36), float32(y+12), 22, tc[0])
		c.text(x+18, y, stBadge, tc[1], label)
		x += w + 36 + 24
	}
	if e.Date != "" {
		c.text(x, y, stDate, colMuted, c.fit(stDate, e.Date, Width-margin-x))
	}

	// The title as large as lets it fit: short titles in up to two lines
	// of display size, the others in three lines of a size that keeps
	// them whole if any does.
	var lines []string
	var st style
	for _, fit := range []struct {
		size  float64
		lines int
	}{{84, 2}, {76, 2}, {68, 3}, {60, 3}, {54, 3}} {
		st = style{bold, fit.size}
		lines = c.wrap(st, e.Title, inner, fit.lines)
		if !strings.HasSuffix(lines[len(lines)-1], ellipsis) || fit.size == 54 {
			break
		}
	}
	lh := int(st.size * 1.18)
	y += 40 + int(st.size)
	for _, l := range lines {
		c.text(margin, y, st, colFG, l)
		y += lh
	}

	// Key figures, joined by middle dots, at most two lines.
	if len(e.Figures) > 0 {
		facts := c.wrapItems(stFacts, e.Figures, inner, 2)
		fy := footTop - 34 - (len(facts)-1)*42
		if fy < y-lh+30+16 {
			// Never over the title: with a three-line title, keep one line.
			facts = c.wrapItems(stFacts, e.Figures, inner, 1)
			fy = footTop - 34
		}
		for _, l := range facts {
			c.text(margin, fy, stFacts, colMuted, l)
			fy += 42
		}
	}
	return nil
}

// sep separates key figures.
const sep = " · "

// wrapItems lays out short items separated by middle dots in at most max
// lines, never breaking an item across lines unless it is wider than a
// line; items that do not fit are dropped and the last line ends in an
// ellipsis.
func (c *canvas) wrapItems(st style, items []string, w, max int) []string {
	var lines []string
	line := ""
	for i, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		try := it
		if line != "" {
			try = line + sep + it
		}
		if c.width(st, try) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		if len(lines) == max {
			lines[max-1] = c.fit(st, lines[max-1]+sep+ellipsis, w)
			return lines
		}
		line = c.fit(st, it, w)
		_ = i
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

var (
	stHomeTitle = style{bold, 64}
	stHomeDesc  = style{regular, 30}
	stFigValue  = style{bold, 52}
	stFigLabel  = style{regular, 22}
)

func (h Home) draw(c *canvas) error {
	if len(h.Figures) > 4 {
		return fmt.Errorf("card: home card with %d figures; it has room for four", len(h.Figures))
	}
	if err := checkTexts("site name", h.Site.Name, "domain", h.Site.Domain, "description", h.Description, "note", h.Note); err != nil {
		return err
	}
	for _, f := range h.Figures {
		if err := checkTexts("figure", f.Value, "figure label", f.Label); err != nil {
			return err
		}
	}
	inner := Width - 2*margin
	// The site's name is the card's title here, so the header shows the
	// domain instead.
	c.fill(image.Rect(0, 0, 12, Height), colAccent)
	c.fill(image.Rect(margin, footTop, Width-margin, footTop+2), colLine)
	y := footTop + 46
	c.text(margin, y, stFoot, colMuted, c.fit(stFoot, h.Site.Domain, inner/2))
	if h.Note != "" {
		c.textRight(Width-margin, y, stFoot, colMuted, c.fit(stFoot, h.Note, inner/2-20))
	}

	y = 64 + 56
	for _, l := range c.wrap(stHomeTitle, h.Site.Name, inner, 2) {
		c.text(margin, y, stHomeTitle, colFG, l)
		y += 74
	}
	maxDesc := 3
	if len(h.Figures) > 0 {
		maxDesc = 2
	}
	y += 2
	for _, l := range c.wrap(stHomeDesc, h.Description, inner, maxDesc) {
		c.text(margin, y, stHomeDesc, colMuted, l)
		y += 42
	}

	// Figures in boxes like the home page's key figures.
	if n := len(h.Figures); n > 0 {
		const gap = 20
		bw := (inner - gap*(n-1)) / n
		by0, by1 := footTop-40-150, footTop-40
		for i, f := range h.Figures {
			x := margin + i*(bw+gap)
			c.fillRound(float32(x), float32(by0), float32(x+bw), float32(by1), 12, colLine)
			c.fillRound(float32(x+2), float32(by0+2), float32(x+bw-2), float32(by1-2), 10, colCard)
			c.text(x+24, by0+70, stFigValue, colFG, c.fit(stFigValue, f.Value, bw-48))
			ly := by0 + 108
			for _, l := range c.wrap(stFigLabel, f.Label, bw-48, 2) {
				c.text(x+24, ly, stFigLabel, colMuted, l)
				ly += 28
			}
		}
	}
	return nil
}
