package site

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/nktimeline/timeline/internal/card"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/templates"
)

// The locator maps of the site pages: an inline SVG drawn at build time
// from the base map (templates/assets/korea.geo.json), framed on North
// Korea, with the site as a dot. It needs no script and no style
// attribute: site.css colours it by class.

// The frame of the locator map, in degrees, and its scale: an
// equirectangular projection with longitudes shrunk by the cosine of the
// middle latitude, so shapes look right at these latitudes.
const (
	locWest, locEast   = 124.0, 131.0
	locSouth, locNorth = 37.5, 43.1
	locScale           = 40.0 // SVG units per degree of latitude
)

var locCos = math.Cos((locSouth + locNorth) / 2 * math.Pi / 180)

// locator is the base of every locator map: the outlines as SVG path
// data, projected once per build.
type locator struct {
	w, h   float64
	nk     string // North Korea's outline
	others string // the neighbours' outlines
}

var (
	locOnce sync.Once
	locBase *locator
	locErr  error
)

// locatorMap returns the base of the locator maps, drawn on first use
// from the embedded base map.
func (b *builder) locatorMap() (*locator, error) {
	locOnce.Do(func() {
		data, err := fs.ReadFile(templates.FS, "assets/korea.geo.json")
		if err != nil {
			locErr = err
			return
		}
		locBase, locErr = newLocator(data)
	})
	return locBase, locErr
}

func project(lon, lat float64) (x, y float64) {
	return (lon - locWest) * locCos * locScale, (locNorth - lat) * locScale
}

// newLocator projects the features of a GeoJSON FeatureCollection.
func newLocator(geojson []byte) (*locator, error) {
	regions, err := geoRegions(geojson)
	if err != nil {
		return nil, fmt.Errorf("site: base map: %w", err)
	}
	l := &locator{}
	l.w, l.h = project(locEast, locSouth)
	var nk, others strings.Builder
	for _, r := range regions {
		polys := r.Polygons
		out, step := &others, 1.5
		if r.Name == "North Korea" {
			out, step = &nk, 0.6
		}
		for _, poly := range polys {
			for _, ring := range poly {
				writeRing(out, ring, step, l.w, l.h)
			}
		}
	}
	l.nk, l.others = nk.String(), others.String()
	return l, nil
}

// writeRing appends a ring as SVG path data, skipping rings wholly outside
// the frame and points closer than step units to the last one drawn. Points
// beyond the frame are moved onto a line just outside it, where they draw
// the same and mostly fall together.
func writeRing(b *strings.Builder, ring [][2]float64, step, w, h float64) {
	in := false
	for _, p := range ring {
		if p[0] > locWest-1 && p[0] < locEast+1 && p[1] > locSouth-1 && p[1] < locNorth+1 {
			in = true
			break
		}
	}
	if !in || len(ring) < 3 {
		return
	}
	var lx, ly float64
	n := 0
	for i, p := range ring {
		x, y := project(p[0], p[1])
		x, y = min(max(x, -2), w+2), min(max(y, -2), h+2)
		if i > 0 && i < len(ring)-1 && math.Hypot(x-lx, y-ly) < step {
			continue
		}
		if n == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		fmt.Fprintf(b, "%.1f %.1f", x, y)
		lx, ly = x, y
		n++
	}
	b.WriteString("Z")
}

// draw returns the map as an inline SVG with a text alternative: dots for
// the sites in all, each linked to href(site) when href is not nil, and
// the site at, larger and ringed, when not nil.
func (l *locator) draw(label string, all []event.Site, href func(event.Site) string, at *event.Site) template.HTML {
	var b strings.Builder
	// A map of links is a group of them; a plain map is an image.
	role := "img"
	if href != nil && len(all) > 0 {
		role = "group"
	}
	fmt.Fprintf(&b, `<svg class="locator" viewBox="0 0 %.0f %.0f" role="%s" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		l.w, l.h, role, html.EscapeString(label))
	fmt.Fprintf(&b, `<g aria-hidden="true"><rect class="sea" width="%.0f" height="%.0f"/>`, l.w, l.h)
	if l.others != "" {
		fmt.Fprintf(&b, `<path class="land" d="%s"/>`, l.others)
	}
	fmt.Fprintf(&b, `<path class="nk" d="%s"/></g>`, l.nk)
	for _, s := range all {
		x, y := project(s.Lon, s.Lat)
		dot := fmt.Sprintf(`<circle class="dot" cx="%.1f" cy="%.1f" r="3.5"><title>%s</title></circle>`, x, y, html.EscapeString(s.Name))
		if href != nil {
			dot = fmt.Sprintf(`<a href="%s" aria-label="%s">%s</a>`, html.EscapeString(href(s)), html.EscapeString(s.Name), dot)
		}
		b.WriteString(dot)
	}
	if at != nil && !(at.Lat == 0 && at.Lon == 0) {
		x, y := project(at.Lon, at.Lat)
		fmt.Fprintf(&b, `<circle class="here-ring" cx="%.1f" cy="%.1f" r="11"/><circle class="here" cx="%.1f" cy="%.1f" r="5"/>`, x, y, x, y)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // built here from numbers and escaped names
}

// geoRegions reads the features of a GeoJSON FeatureCollection of
// Polygons and MultiPolygons (templates/assets/korea.geo.json) as named
// regions, for the locator maps and the social cards' map.
func geoRegions(geojson []byte) ([]card.Region, error) {
	var fc struct {
		Features []struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(geojson, &fc); err != nil {
		return nil, err
	}
	var rs []card.Region
	for _, f := range fc.Features {
		r := card.Region{Name: f.Properties.Name}
		var err error
		switch f.Geometry.Type {
		case "MultiPolygon":
			var ok bool
			if r.Polygons, ok = multiPolygon(f.Geometry.Coordinates); !ok {
				err = json.Unmarshal(f.Geometry.Coordinates, &r.Polygons)
			}
		case "Polygon":
			p, ok := polygon(f.Geometry.Coordinates)
			if !ok {
				err = json.Unmarshal(f.Geometry.Coordinates, &p)
			}
			r.Polygons = [][][][2]float64{p}
		default:
			err = fmt.Errorf("geometry %s", f.Geometry.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Name, err)
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// multiPolygon and polygon read the coordinates of a MultiPolygon or a
// Polygon as encoding/json does, far faster, or report false for anything
// but plain arrays of numbers (which encoding/json then reads).
func multiPolygon(data []byte) ([][][][2]float64, bool) {
	c := coords{data: data}
	ps := [][][][2]float64{}
	ok := c.list(func() bool {
		p, ok := c.polygon()
		ps = append(ps, p)
		return ok
	})
	return ps, ok && c.end()
}

func polygon(data []byte) ([][][2]float64, bool) {
	c := coords{data: data}
	p, ok := c.polygon()
	return p, ok && c.end()
}

// coords reads nested JSON arrays of numbers.
type coords struct {
	data []byte
	i    int
}

func (c *coords) space() {
	for c.i < len(c.data) && (c.data[c.i] == ' ' || c.data[c.i] == '\n' || c.data[c.i] == '\r' || c.data[c.i] == '\t') {
		c.i++
	}
}

func (c *coords) end() bool {
	c.space()
	return c.i == len(c.data)
}

// list reads an array whose items item reads.
func (c *coords) list(item func() bool) bool {
	c.space()
	if c.i >= len(c.data) || c.data[c.i] != '[' {
		return false
	}
	c.i++
	c.space()
	if c.i < len(c.data) && c.data[c.i] == ']' {
		c.i++
		return true
	}
	for {
		if !item() {
			return false
		}
		c.space()
		if c.i >= len(c.data) {
			return false
		}
		c.i++
		switch c.data[c.i-1] {
		case ']':
			return true
		case ',':
		default:
			return false
		}
	}
}

func (c *coords) polygon() ([][][2]float64, bool) {
	p := [][][2]float64{}
	ok := c.list(func() bool {
		ring := [][2]float64{}
		ok := c.list(func() bool {
			var pt [2]float64
			n := 0
			ok := c.list(func() bool {
				if n == 2 {
					return false
				}
				v, ok := c.number()
				pt[n] = v
				n++
				return ok
			})
			ring = append(ring, pt)
			return ok && n == 2
		})
		p = append(p, ring)
		return ok
	})
	return p, ok
}

func (c *coords) number() (float64, bool) {
	c.space()
	start := c.i
	for c.i < len(c.data) && strings.IndexByte("+-.0123456789eE", c.data[c.i]) >= 0 {
		c.i++
	}
	if !jsonNumber(c.data[start:c.i]) {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(c.data[start:c.i]), 64)
	return v, err == nil
}

// jsonNumber reports whether b is a number as JSON writes it.
func jsonNumber(b []byte) bool {
	digits := func() int {
		n := 0
		for len(b) > 0 && '0' <= b[0] && b[0] <= '9' {
			b, n = b[1:], n+1
		}
		return n
	}
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) > 0 && b[0] == '0' {
		b = b[1:]
	} else if digits() == 0 {
		return false
	}
	if len(b) > 0 && b[0] == '.' {
		b = b[1:]
		if digits() == 0 {
			return false
		}
	}
	if len(b) > 0 && (b[0] == 'e' || b[0] == 'E') {
		b = b[1:]
		if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
			b = b[1:]
		}
		if digits() == 0 {
			return false
		}
	}
	return len(b) == 0
}
