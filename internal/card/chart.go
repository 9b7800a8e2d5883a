package card

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
)

var (
	stChartTitle = style{bold, 44}
	stSubtitle   = style{regular, 26}
	stAxis       = style{regular, 20}
	stLegend     = style{regular, 22}
	stPointLabel = style{semibold, 19}
)

// plotBottom is the lowest y a chart draws at, leaving room above the
// footer.
const plotBottom = footTop - 26

func (k Chart) draw(c *canvas) error {
	n := 0
	for _, set := range []bool{k.Bars != nil, k.Heatmap != nil, k.Map != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("card: chart card %q needs exactly one of Bars, Heatmap and Map, has %d", k.Title, n)
	}
	if strings.TrimSpace(k.Title) == "" {
		return errors.New("card: chart card without a title")
	}
	if err := checkTexts("site name", k.Site.Name, "domain", k.Site.Domain, "title", k.Title,
		"subtitle", k.Subtitle, "note", k.Note); err != nil {
		return err
	}
	c.frame(k.Site, k.Note)
	if k.Map != nil {
		return k.Map.draw(c, k.Title, k.Subtitle)
	}
	inner := Width - 2*margin
	y := 156
	for _, l := range c.wrap(stChartTitle, k.Title, inner, 2) {
		c.text(margin, y, stChartTitle, colFG, l)
		y += 52
	}
	y -= 52
	if k.Subtitle != "" {
		y += 42
		c.text(margin, y, stSubtitle, colMuted, c.fit(stSubtitle, k.Subtitle, inner))
	}
	area := image.Rect(margin, y+24, Width-margin, plotBottom)
	if k.Bars != nil {
		return k.Bars.draw(c, area)
	}
	return k.Heatmap.draw(c, area)
}

// legendItem draws a colour swatch and a name, returning the x after it.
func (c *canvas) legendItem(x, y int, col color.RGBA, name string) int {
	c.fill(image.Rect(x, y-16, x+18, y+2), col)
	return c.text(x+26, y, stLegend, colMuted, name) + 28
}

func (b *Bars) draw(c *canvas, area image.Rectangle) error {
	n := len(b.Categories)
	if n == 0 || len(b.Series) == 0 {
		return errors.New("card: bar chart without categories or series")
	}
	cols := make([]color.RGBA, len(b.Series))
	for i, s := range b.Series {
		if len(s.Values) != n {
			return fmt.Errorf("card: series %q has %d values for %d categories", s.Name, len(s.Values), n)
		}
		for _, v := range s.Values {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("card: series %q has the value %v; bars need finite values of zero or more", s.Name, v)
			}
		}
		col, err := parseColor(s.Color)
		if err != nil {
			return fmt.Errorf("card: series %q: %w", s.Name, err)
		}
		cols[i] = col
		if err := checkText("series name", s.Name); err != nil {
			return err
		}
	}
	if err := checkText("categories", strings.Join(b.Categories, " ")); err != nil {
		return err
	}

	// Legend, when there is more than one series or a partial category.
	top := area.Min.Y
	if len(b.Series) > 1 || b.Partial != "" {
		y := top + 20
		x := area.Min.X
		for i, s := range b.Series {
			if len(b.Series) == 1 {
				break
			}
			w := 26 + c.width(stLegend, s.Name) + 28
			if x+w > area.Max.X {
				break // no room: the page's chart has the full legend
			}
			x = c.legendItem(x, y, cols[i], s.Name)
		}
		if b.Partial != "" {
			note := "* " + b.Partial + " not complete"
			if w := c.width(stLegend, note); x+w <= area.Max.X {
				c.textRight(area.Max.X, y, stLegend, colMuted, note)
			}
		}
		top += 44
	}

	// Scale.
	highest := 0.0
	for i := 0; i < n; i++ {
		sum := 0.0
		for _, s := range b.Series {
			if b.Stacked {
				sum += s.Values[i]
			} else {
				sum = math.Max(sum, s.Values[i])
			}
		}
		highest = math.Max(highest, sum)
	}
	step, ticks := niceTicks(highest, 4)
	labelW := 0
	for i := 0; i <= ticks; i++ {
		labelW = maxInt(labelW, c.width(stAxis, formatNumber(float64(i)*step)))
	}
	x0, x1 := area.Min.X+labelW+14, area.Max.X
	y0, y1 := top+10, area.Max.Y-32 // y1 is the baseline of the bars
	scale := float64(y1-y0) / (float64(ticks) * step)
	for i := 0; i <= ticks; i++ {
		v := float64(i) * step
		y := y1 - int(math.Round(v*scale))
		if i > 0 {
			c.fill(image.Rect(x0, y, x1, y+1), colLine)
		}
		c.textRight(x0-14, y+7, stAxis, colMuted, formatNumber(v))
	}

	// Bars, pixel-aligned so that their edges stay crisp.
	slot := float64(x1-x0) / float64(n)
	barW := slot * 0.72
	if n <= 12 {
		barW = slot * 0.6
	}
	for i := 0; i < n; i++ {
		left := float64(x0) + float64(i)*slot + (slot-barW)/2
		partial := b.Partial != "" && b.Categories[i] == b.Partial
		base := 0.0
		for j, s := range b.Series {
			col := cols[j]
			if partial {
				col = mix(col, colBG, 0.5)
			}
			bl, br := left, left+barW
			if !b.Stacked {
				w := barW / float64(len(b.Series))
				bl, br = left+float64(j)*w, left+float64(j+1)*w
			}
			lo := base
			hi := base + s.Values[i]
			if b.Stacked {
				base = hi
			} else {
				lo, hi = 0, s.Values[i]
			}
			ytop, ybot := y1-int(math.Round(hi*scale)), y1-int(math.Round(lo*scale))
			if ytop < ybot {
				c.fill(image.Rect(int(math.Round(bl)), ytop, maxInt(int(math.Round(br)), int(math.Round(bl))+1), ybot), col)
			}
		}
	}
	c.fill(image.Rect(x0, y1, x1, y1+2), colBorder)

	// Category labels, thinned so that they never touch.
	// Names that do not fit side by side are set smaller before any is
	// left out; years are thinned instead, as on the site's charts.
	st := stAxis
	widest := 0
	for _, small := range []bool{false, true} {
		if small {
			if _, err := strconv.Atoi(b.Categories[0]); err == nil || float64(widest+12) <= slot {
				break
			}
			st = style{regular, 17}
		}
		widest = 0
		for _, s := range b.Categories {
			if s == b.Partial {
				s += "*"
			}
			widest = maxInt(widest, c.width(st, s))
		}
	}
	every := thin(b.Categories, widest+12, slot)
	for i, s := range b.Categories {
		if !every(i) && s != b.Partial {
			continue
		}
		cx := x0 + int(math.Round((float64(i)+0.5)*slot))
		if s == b.Partial {
			s += "*"
		}
		// Centred under its bar, but never past the plot's ends.
		w := c.width(st, s)
		lx := min(max(cx-w/2, x0), x1-w)
		c.text(lx, y1+28, st, colMuted, s)
	}
	return nil
}

// thin returns which of the labels to draw when each takes need pixels
// and they are slot pixels apart. Labels that are whole numbers, such as
// years, are kept at round multiples; the others every so many.
func thin(labels []string, need int, slot float64) func(int) bool {
	k := int(math.Ceil(float64(need) / slot))
	if k <= 1 {
		return func(int) bool { return true }
	}
	for _, nice := range []int{2, 5, 10, 20, 25, 50, 100} {
		if nice >= k {
			k = nice
			break
		}
	}
	nums := make([]int, len(labels))
	numeric := true
	for i, l := range labels {
		v, err := strconv.Atoi(l)
		if err != nil {
			numeric = false
			break
		}
		nums[i] = v
	}
	n := len(labels)
	return func(i int) bool {
		// Keep the last label clear of the end, where the partial one
		// goes.
		if i > n-k/2-1 && i != n-1 && k > 1 {
			return false
		}
		if numeric {
			return nums[i]%k == 0
		}
		return i%k == 0
	}
}

func (h *Heatmap) draw(c *canvas, area image.Rectangle) error {
	rows, cols := h.Rows, h.Columns
	if len(rows) == 0 || len(cols) == 0 {
		return errors.New("card: heatmap without rows or columns")
	}
	if len(h.Values) != len(rows) {
		return fmt.Errorf("card: heatmap has %d rows of values for %d rows", len(h.Values), len(rows))
	}
	highest := 0.0
	missing := false
	for i, r := range h.Values {
		if len(r) > len(cols) {
			return fmt.Errorf("card: heatmap row %q has %d values for %d columns", rows[i], len(r), len(cols))
		}
		if len(r) < len(cols) {
			missing = true
		}
		for _, v := range r {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("card: heatmap row %q has the value %v", rows[i], v)
			}
			highest = math.Max(highest, v)
		}
	}
	names := h.Colors
	if names == nil {
		names = heatScale
	}
	if len(names) < 2 {
		return errors.New("card: heatmap scale needs at least two colours")
	}
	scale := make([]color.RGBA, len(names))
	for i, s := range names {
		col, err := parseColor(s)
		if err != nil {
			return err
		}
		scale[i] = col
	}
	if err := checkTexts("rows", strings.Join(rows, " "), "columns", strings.Join(cols, " "), "legend", h.Legend); err != nil {
		return err
	}
	// at returns a cell's value, and false for a cell with no data.
	at := func(r, col int) (float64, bool) {
		if col >= len(h.Values[r]) {
			return 0, false
		}
		return h.Values[r][col], true
	}
	// The card is wide: the longer side runs across it.
	if len(rows) > len(cols) {
		rows, cols = cols, rows
		at = func(r, col int) (float64, bool) {
			if r >= len(h.Values[col]) {
				return 0, false
			}
			return h.Values[col][r], true
		}
	}

	// Legend at the top: the scale in five steps and what it counts.
	y := area.Min.Y + 20
	x := area.Min.X
	x = c.text(x, y, stLegend, colMuted, "0") + 10
	c.fill(image.Rect(x, y-16, x+26, y+2), colCtxBG)
	x += 34
	for i := 0; i < 5; i++ {
		c.fill(image.Rect(x, y-16, x+26, y+2), ramp(scale, (float64(i)+0.5)/5))
		x += 28
	}
	x = c.text(x+8, y, stLegend, colMuted, formatNumber(highest))
	end := area.Max.X
	if missing {
		const label = "no data"
		lx := end - c.width(stLegend, label)
		c.text(lx, y, stLegend, colMuted, label)
		c.noData(image.Rect(lx-34, y-16, lx-8, y+2))
		end = lx - 34 - 24
	}
	if h.Legend != "" && end-x-16 > 40 {
		c.text(x+16, y, stLegend, colMuted, c.fit(stLegend, h.Legend, end-x-16))
	}

	labelW := 0
	for _, s := range rows {
		labelW = maxInt(labelW, c.width(stAxis, s))
	}
	x0, x1 := area.Min.X+labelW+12, area.Max.X
	y0, y1 := area.Min.Y+44, area.Max.Y-32
	cw := float64(x1-x0) / float64(len(cols))
	ch := math.Min(float64(y1-y0)/float64(len(rows)), cw*1.6)
	gap := 2
	if cw < 12 || ch < 12 {
		gap = 1
	}
	for r := range rows {
		top := y0 + int(math.Round(float64(r)*ch))
		bot := y0 + int(math.Round(float64(r+1)*ch)) - gap
		for col := range cols {
			left := x0 + int(math.Round(float64(col)*cw))
			right := x0 + int(math.Round(float64(col+1)*cw)) - gap
			cell := image.Rect(left, top, right, bot)
			v, ok := at(r, col)
			if !ok {
				c.noData(cell)
				continue
			}
			fill := colCtxBG
			if v > 0 && highest > 0 {
				fill = ramp(scale, v/highest)
			}
			c.fill(cell, fill)
		}
	}
	// Row labels, thinned to fit.
	rowEvery := int(math.Ceil(24 / ch))
	for r, s := range rows {
		if r%rowEvery != 0 {
			continue
		}
		mid := y0 + int(math.Round((float64(r)+0.5)*ch))
		c.textRight(x0-12, mid+7, stAxis, colMuted, s)
	}
	// Column labels under the grid.
	yl := y0 + int(math.Round(float64(len(rows))*ch)) + 26
	widest := 0
	for _, s := range cols {
		widest = maxInt(widest, c.width(stAxis, s))
	}
	every := thin(cols, widest+16, cw)
	for i, s := range cols {
		if every(i) {
			c.textCenter(x0+int(math.Round((float64(i)+0.5)*cw)), yl, stAxis, colMuted, s)
		}
	}
	return nil
}

// ramp returns the colour at t in [0, 1] along a scale, interpolated
// linearly between its stops.
func ramp(scale []color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	f := t * float64(len(scale)-1)
	i := int(f)
	if i >= len(scale)-1 {
		return scale[len(scale)-1]
	}
	return mix(scale[i+1], scale[i], f-float64(i))
}

// mix returns a at weight t over b.
func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*t + float64(y)*(1-t))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// niceTicks returns a round step and how many steps cover highest with about
// n gridlines.
func niceTicks(highest float64, n int) (step float64, count int) {
	if highest <= 0 {
		return 1, 1
	}
	raw := highest / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	if step < 1 {
		step = 1 // counts: no fractional gridlines
	}
	count = int(math.Ceil(highest / step))
	return step, count
}

// formatNumber writes v with thousands separators, and one decimal if it
// is not whole.
func formatNumber(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	whole := math.Floor(v)
	s := strconv.FormatFloat(whole, 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac := v - whole; frac >= 0.05 {
		out += strconv.FormatFloat(frac, 'f', 1, 64)[1:]
	}
	if neg {
		out = "−" + out
	}
	return out
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// The map's box on the card, right of the title.
var mapBox = image.Rect(600, 56, Width-margin, footTop-24)

func (m *Map) draw(c *canvas, title, subtitle string) error {
	colName := m.Color
	if colName == "" {
		colName = colPoint
	}
	pc, err := parseColor(colName)
	if err != nil {
		return err
	}
	if err := checkText("legend", m.Legend); err != nil {
		return err
	}
	// Frame: the focus regions, else every region, else the points.
	minLon, minLat, maxLon, maxLat := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(lon, lat float64) {
		minLon, maxLon = math.Min(minLon, lon), math.Max(maxLon, lon)
		minLat, maxLat = math.Min(minLat, lat), math.Max(maxLat, lat)
	}
	for _, focusOnly := range []bool{true, false} {
		for _, r := range m.Regions {
			if focusOnly && !r.Focus {
				continue
			}
			for _, poly := range r.Polygons {
				for _, ring := range poly {
					for _, p := range ring {
						add(p[0], p[1])
					}
				}
			}
		}
		if !math.IsInf(minLon, 1) {
			break
		}
	}
	for _, p := range m.Points {
		if math.IsNaN(p.Lon) || math.IsNaN(p.Lat) || p.Value < 0 || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			return fmt.Errorf("card: map point %q at %v,%v with value %v", p.Label, p.Lon, p.Lat, p.Value)
		}
		if err := checkText("point label", p.Label); err != nil {
			return err
		}
		if len(m.Regions) == 0 {
			add(p.Lon, p.Lat)
		}
	}
	if math.IsInf(minLon, 1) {
		return errors.New("card: map without regions or points")
	}
	// An equirectangular projection true to scale at the middle latitude:
	// over a country's few degrees it is as good as any.
	kx := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	box := mapBox.Inset(24)
	w, h := (maxLon-minLon)*kx, maxLat-minLat
	s := math.Min(float64(box.Dx())/math.Max(w, 1e-6), float64(box.Dy())/math.Max(h, 1e-6))
	ox := float64(box.Min.X) + (float64(box.Dx())-w*s)/2
	oy := float64(box.Min.Y) + (float64(box.Dy())-h*s)/2
	proj := func(lon, lat float64) (float32, float32) {
		return float32(ox + (lon-minLon)*kx*s), float32(oy + (maxLat-lat)*s)
	}

	// The map's panel, like the site's cards.
	c.fill(mapBox, colLine)
	c.fill(mapBox.Inset(2), colCard)
	clip := mapBox.Inset(2)
	for _, focus := range []bool{false, true} {
		fill, edge := colOther, mix(colBorder, colOther, 0.35)
		if focus {
			fill, edge = colLand, colBorder
		}
		c.begin(clip)
		n := 0
		for _, r := range m.Regions {
			if r.Focus != focus {
				continue
			}
			for _, poly := range r.Polygons {
				for _, ring := range poly {
					for i, p := range ring {
						x, y := proj(p[0], p[1])
						if i == 0 {
							c.moveTo(x, y)
						} else {
							c.lineTo(x, y)
						}
					}
					c.ras.ClosePath()
					n++
				}
			}
		}
		if n == 0 {
			continue
		}
		c.paint(fill)
		c.begin(clip)
		for _, r := range m.Regions {
			if r.Focus != focus {
				continue
			}
			for _, poly := range r.Polygons {
				for _, ring := range poly {
					for i := 1; i < len(ring); i++ {
						ax, ay := proj(ring[i-1][0], ring[i-1][1])
						bx, by := proj(ring[i][0], ring[i][1])
						c.segment(ax, ay, bx, by, 1.3)
					}
				}
			}
		}
		c.paint(edge)
	}

	// Points, largest first so that small ones stay visible on top.
	maxV := 0.0
	for _, p := range m.Points {
		maxV = math.Max(maxV, p.Value)
	}
	radius := func(v float64) float32 {
		if maxV == 0 {
			return 5
		}
		return float32(math.Max(5, 34*math.Sqrt(v/maxV)))
	}
	order := make([]int, len(m.Points))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.Points[order[a]].Value > m.Points[order[b]].Value })
	fillCol := color.NRGBA{pc.R, pc.G, pc.B, 200}
	for _, i := range order {
		p := m.Points[i]
		x, y := proj(p.Lon, p.Lat)
		r := radius(p.Value)
		c.begin(around(x-r-2, y-r-2, x+r+2, y+r+2).Intersect(clip))
		c.rect(x-r-1.5, y-r-1.5, x+r+1.5, y+r+1.5, r+1.5)
		c.paint(colCard)
		c.begin(around(x-r-2, y-r-2, x+r+2, y+r+2).Intersect(clip))
		c.rect(x-r, y-r, x+r, y+r, r)
		c.paint(fillCol)
	}
	// Labels last, over every point, with a halo to stay legible. The
	// largest points are labelled first, each where its label overlaps no
	// other; a label with no free place is left out.
	var placed, bubbles []image.Rectangle
	for _, p := range m.Points {
		x, y := proj(p.Lon, p.Lat)
		r := radius(p.Value) * 0.8 // the square inside the circle, roughly
		bubbles = append(bubbles, around(x-r, y-r, x+r, y+r))
	}
	for _, i := range order {
		p := m.Points[i]
		if p.Label == "" {
			continue
		}
		x, y := proj(p.Lon, p.Lat)
		r := radius(p.Value)
		lw := c.width(stPointLabel, p.Label)
		ix, iy, ir, id := int(x), int(y), int(r), int(r*0.7)
		others := append(append([]image.Rectangle(nil), bubbles[:i]...), bubbles[i+1:]...)
		for _, at := range []image.Point{
			{ix + ir + 6, iy + 7},            // right
			{ix - ir - 6 - lw, iy + 7},       // left
			{ix - lw/2, iy - ir - 8},         // above
			{ix - lw/2, iy + ir + 22},        // below
			{ix + id + 4, iy - id - 4},       // above right
			{ix + id + 4, iy + id + 18},      // below right
			{ix - id - 4 - lw, iy - id - 4},  // above left
			{ix - id - 4 - lw, iy + id + 18}, // below left
		} {
			box := image.Rect(at.X-3, at.Y-17, at.X+lw+3, at.Y+6)
			if !box.In(clip.Inset(4)) || overlaps(box, placed) || overlaps(box, others) {
				continue
			}
			placed = append(placed, box)
			for _, d := range [][2]int{{-2, 0}, {2, 0}, {0, -2}, {0, 2}, {-1, -1}, {1, 1}, {-1, 1}, {1, -1}} {
				c.text(at.X+d[0], at.Y+d[1], stPointLabel, colCard, p.Label)
			}
			c.text(at.X, at.Y, stPointLabel, colFG, p.Label)
			break
		}
	}

	// Title, subtitle and the size legend in the left column.
	colW := mapBox.Min.X - margin - 40
	y := 156
	for _, l := range c.wrap(stChartTitle, title, colW, 3) {
		c.text(margin, y, stChartTitle, colFG, l)
		y += 52
	}
	y -= 52
	if subtitle != "" {
		y += 8
		for _, l := range c.wrap(stSubtitle, subtitle, colW, 2) {
			y += 36
			c.text(margin, y, stSubtitle, colMuted, l)
		}
	}
	if maxV > 0 {
		vals := legendValues(maxV)
		ly := footTop - 40
		x := float32(margin)
		for _, v := range vals {
			r := radius(v)
			c.fillCircle(x+r, float32(ly)-r, r, fillCol)
			tx := c.text(int(x+2*r)+8, ly, stLegend, colMuted, formatNumber(v))
			x = float32(tx + 22)
		}
		if m.Legend != "" {
			c.text(margin, ly-2*int(radius(vals[0]))-18, stLegend, colMuted, c.fit(stLegend, m.Legend, colW))
		}
	}
	return nil
}

// legendValues picks up to three round values for the size legend, the
// largest at most highest.
func legendValues(highest float64) []float64 {
	mag := math.Pow(10, math.Floor(math.Log10(highest)))
	top := math.Floor(highest/mag) * mag
	var vs []float64
	for _, v := range []float64{top, top / 4, top / 16} {
		v = math.Round(v)
		if v >= 1 && (len(vs) == 0 || v < vs[len(vs)-1]) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		vs = []float64{highest}
	}
	return vs
}

// overlaps reports whether r overlaps any of rs.
func overlaps(r image.Rectangle, rs []image.Rectangle) bool {
	for _, o := range rs {
		if r.Overlaps(o) {
			return true
		}
	}
	return false
}

// noData draws a cell that has no value: an outline, unlike the filled
// cell of a zero.
func (c *canvas) noData(r image.Rectangle) {
	c.fill(r, colLine)
	c.fill(r.Inset(1), colBG)
}
