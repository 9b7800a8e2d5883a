package card

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// canvas is one card being drawn. It is used by one goroutine.
type canvas struct {
	img   *image.RGBA
	fonts [3]*opentype.Font
	faces map[style]font.Face
	ras   vector.Rasterizer
	org   image.Point // the card's point at the rasteriser's origin
	mask  *image.Alpha

	// span[y] is the part of row y drawn on; the rest of the row is
	// background. It spares clearing and converting what was never drawn.
	span [Height][2]int
	// dirty is every rectangle drawn on, to be cleared for the next card.
	dirty []image.Rectangle
}

func newCanvas(fs [3]*opentype.Font) *canvas {
	c := &canvas{
		img:   image.NewRGBA(image.Rect(0, 0, Width, Height)),
		fonts: fs,
		faces: make(map[style]font.Face),
		mask:  image.NewAlpha(image.Rect(0, 0, Width, Height)),
	}
	draw.Draw(c.img, c.img.Rect, image.NewUniform(colBG), image.Point{}, draw.Src)
	c.resetSpans()
	return c
}

func (c *canvas) resetSpans() {
	for y := range c.span {
		c.span[y] = [2]int{Width, 0}
	}
}

// clear returns a used canvas to the background where it was drawn on.
func (c *canvas) clear() {
	bg := image.NewUniform(colBG)
	for _, r := range c.dirty {
		draw.Draw(c.img, r, bg, image.Point{}, draw.Src)
	}
	c.dirty = c.dirty[:0]
	c.resetSpans()
}

// touch records that r is drawn on. Every drawing goes through it.
func (c *canvas) touch(r image.Rectangle) image.Rectangle {
	r = r.Intersect(c.img.Rect)
	c.dirty = append(c.dirty, r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		s := &c.span[y]
		s[0], s[1] = min(s[0], r.Min.X), max(s[1], r.Max.X)
	}
	return r
}

// fill paints a pixel-aligned rectangle.
func (c *canvas) fill(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.img, c.touch(r), image.NewUniform(col), image.Point{}, draw.Over)
}

// begin starts a vector path that will be painted within r. Keeping the
// rasteriser to the shape's bounds keeps small shapes cheap.
func (c *canvas) begin(r image.Rectangle) {
	r = r.Intersect(c.img.Rect)
	c.org = r.Min
	c.ras.Reset(r.Dx(), r.Dy())
}

func (c *canvas) moveTo(x, y float32) { c.ras.MoveTo(x-float32(c.org.X), y-float32(c.org.Y)) }
func (c *canvas) lineTo(x, y float32) { c.ras.LineTo(x-float32(c.org.X), y-float32(c.org.Y)) }
func (c *canvas) cubeTo(bx, by, cx, cy, dx, dy float32) {
	ox, oy := float32(c.org.X), float32(c.org.Y)
	c.ras.CubeTo(bx-ox, by-oy, cx-ox, cy-oy, dx-ox, dy-oy)
}

// paint draws the current path in col, which may be translucent. The
// coverage is quantised like glyph edges (see alphaLevels).
func (c *canvas) paint(col color.Color) {
	sz := c.ras.Size()
	m := c.mask
	m.Rect = image.Rect(0, 0, sz.X, sz.Y)
	m.Stride = sz.X
	m.Pix = m.Pix[:cap(m.Pix)][:sz.X*sz.Y]
	clear(m.Pix)
	c.ras.DrawOp = draw.Src
	c.ras.Draw(m, m.Rect, image.Opaque, image.Point{})
	for i, a := range m.Pix {
		if a != 0 {
			m.Pix[i] = quantize(a)
		}
	}
	draw.DrawMask(c.img, c.touch(m.Rect.Add(c.org)), image.NewUniform(col), image.Point{}, m, image.Point{}, draw.Over)
}

// rect adds a rectangle with rounded corners of radius r to the path.
func (c *canvas) rect(x0, y0, x1, y1, r float32) {
	const k = 0.5523 // control-point distance for a quarter circle
	c.moveTo(x0+r, y0)
	c.lineTo(x1-r, y0)
	c.cubeTo(x1-r+k*r, y0, x1, y0+r-k*r, x1, y0+r)
	c.lineTo(x1, y1-r)
	c.cubeTo(x1, y1-r+k*r, x1-r+k*r, y1, x1-r, y1)
	c.lineTo(x0+r, y1)
	c.cubeTo(x0+r-k*r, y1, x0, y1-r+k*r, x0, y1-r)
	c.lineTo(x0, y0+r)
	c.cubeTo(x0, y0+r-k*r, x0+r-k*r, y0, x0+r, y0)
	c.ras.ClosePath()
}

// around returns the pixel rectangle holding a shape's bounds.
func around(x0, y0, x1, y1 float32) image.Rectangle {
	return image.Rect(int(math.Floor(float64(x0))), int(math.Floor(float64(y0))),
		int(math.Ceil(float64(x1))), int(math.Ceil(float64(y1))))
}

// fillRound paints a rectangle with rounded corners.
func (c *canvas) fillRound(x0, y0, x1, y1, r float32, col color.Color) {
	c.begin(around(x0, y0, x1, y1))
	c.rect(x0, y0, x1, y1, r)
	c.paint(col)
}

// fillCircle paints a circle.
func (c *canvas) fillCircle(cx, cy, r float32, col color.Color) {
	c.fillRound(cx-r, cy-r, cx+r, cy+r, r, col)
}

// segment adds a line of width w from (x0, y0) to (x1, y1) to the path.
// Every segment winds the same way, so overlapping segments add up
// instead of cancelling.
func (c *canvas) segment(x0, y0, x1, y1, w float32) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	// Extend by half the width so that joints have no notch.
	ex, ey := dx/l*w/2, dy/l*w/2
	c.moveTo(x0+nx-ex, y0+ny-ey)
	c.lineTo(x1+nx+ex, y1+ny+ey)
	c.lineTo(x1-nx+ex, y1-ny+ey)
	c.lineTo(x0-nx-ex, y0-ny-ey)
	c.ras.ClosePath()
}

// text draws s with its baseline at y starting at x, and returns the x
// where the next text would start.
func (c *canvas) text(x, y int, st style, col color.RGBA, s string) int {
	f := c.face(st)
	src := image.NewUniform(col)
	dot := fixed.I(x)
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot += f.Kern(prev, r)
		}
		prev = r
		adv, _ := f.GlyphAdvance(r)
		if r == ' ' {
			dot += adv
			continue
		}
		ix := dot.Floor()
		sub := uint8((dot - fixed.I(ix)) * subpixel / 64)
		g, ok := c.glyph(st, r, sub)
		if ok {
			p := image.Pt(ix, y).Add(g.off)
			r := c.touch(g.mask.Rect.Add(p))
			draw.DrawMask(c.img, r, src, image.Point{}, g.mask, r.Min.Sub(p), draw.Over)
		}
		dot += adv
	}
	return dot.Ceil()
}

// textRight draws s ending at x.
func (c *canvas) textRight(x, y int, st style, col color.RGBA, s string) {
	c.text(x-c.width(st, s), y, st, col, s)
}

// textCenter draws s centred on x.
func (c *canvas) textCenter(x, y int, st style, col color.RGBA, s string) {
	c.text(x-c.width(st, s)/2, y, st, col, s)
}

// ellipsis ends text that has been cut short, after any of
// trimBeforeEllipsis.
const (
	ellipsis           = "…"
	trimBeforeEllipsis = " ,;:.·–-"
)

// fit shortens s, ending it with an ellipsis, until it is at most w
// pixels wide.
func (c *canvas) fit(st style, s string, w int) string {
	if c.width(st, s) <= w {
		return s
	}
	for s != "" {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
		t := strings.TrimRight(s, trimBeforeEllipsis) + ellipsis
		if c.width(st, t) <= w {
			return t
		}
	}
	return ellipsis
}

// wrap breaks s into lines at most w pixels wide, at most max lines; if
// the text does not fit, the last line ends in an ellipsis. A word wider
// than a line is broken where it must be.
func (c *canvas) wrap(st style, s string, w, max int) []string {
	words := strings.Fields(s)
	var lines []string
	line := ""
	for len(words) > 0 && len(lines) < max {
		try := words[0]
		if line != "" {
			try = line + " " + words[0]
		}
		if c.width(st, try) <= w {
			line = try
			words = words[1:]
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
			continue
		}
		head, tail := c.split(st, words[0], w)
		lines = append(lines, head)
		if tail == "" {
			words = words[1:]
		} else {
			words[0] = tail
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(words) > 0 && len(lines) > 0 {
		lines[len(lines)-1] = c.fit(st, strings.TrimRight(lines[len(lines)-1], trimBeforeEllipsis)+ellipsis, w)
	}
	return lines
}

// split cuts a word too wide for a line into the longest head that fits
// and the rest; the head has at least one character.
func (c *canvas) split(st style, word string, w int) (head, tail string) {
	_, i := utf8.DecodeRuneInString(word)
	for j := range word {
		if j <= i {
			continue
		}
		if c.width(st, word[:j]) > w {
			break
		}
		i = j
	}
	if c.width(st, word) <= w {
		return word, ""
	}
	return word[:i], word[i:]
}
