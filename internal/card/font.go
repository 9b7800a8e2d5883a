package card

import (
	_ "embed"
	"fmt"
	"image"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The cards are set in Inter, an open font close in feel to the system
// fonts the site's pages use (see fonts/README.md and fonts/LICENSE.txt).
var (
	//go:embed fonts/Inter-Regular.otf
	interRegular []byte
	//go:embed fonts/Inter-SemiBold.otf
	interSemiBold []byte
	//go:embed fonts/Inter-Bold.otf
	interBold []byte
)

// weight is one of the three embedded weights.
type weight uint8

const (
	regular weight = iota
	semibold
	bold
)

// fonts parses the embedded fonts once. A parsed font is safe for
// concurrent use; the faces made from it are not, so every canvas makes
// its own.
var fonts = sync.OnceValues(func() ([3]*opentype.Font, error) {
	var fs [3]*opentype.Font
	for i, b := range [][]byte{interRegular, interSemiBold, interBold} {
		f, err := opentype.Parse(b)
		if err != nil {
			return fs, fmt.Errorf("card: embedded font %d: %v", i, err)
		}
		fs[i] = f
	}
	return fs, nil
})

// style is a weight at a size in pixels.
type style struct {
	w    weight
	size float64
}

// subpixel is how many horizontal positions within a pixel a glyph is
// drawn at. Four is as smooth to the eye as the unquantised position and
// lets every glyph image be cached.
const subpixel = 4

// alphaLevels is how many coverage levels glyph and shape edges keep.
// Anti-aliasing needs far fewer than 256 to look smooth, and few levels
// keep a card's colours within a 256-colour palette, which makes the PNG
// both smaller and faster to encode.
const alphaLevels = 32

// glyphKey names one rasterised glyph.
type glyphKey struct {
	st  style
	r   rune
	sub uint8
}

// glyph is a cached glyph image, offset from the integer pen position.
type glyph struct {
	mask *image.Alpha
	off  image.Point
}

// glyphs caches glyph images across cards: every event card uses the same
// few hundred, and rasterising them is most of the cost of a card. A cached
// glyph is exactly what rasterising it again gives, so the cache cannot
// change a card's bytes.
var glyphs sync.Map // glyphKey -> glyph

// face returns the canvas's face for st, making it on first use.
func (c *canvas) face(st style) font.Face {
	if f, ok := c.faces[st]; ok {
		return f
	}
	f, err := opentype.NewFace(c.fonts[st.w], &opentype.FaceOptions{Size: st.size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// NewFace fails only for a nil font or a negative size.
		panic(err)
	}
	c.faces[st] = f
	return f
}

// glyph returns the image of r in st drawn at the given subpixel offset.
func (c *canvas) glyph(st style, r rune, sub uint8) (glyph, bool) {
	k := glyphKey{st, r, sub}
	if g, ok := glyphs.Load(k); ok {
		return g.(glyph), true
	}
	dot := fixed.Point26_6{X: fixed.Int26_6(sub) * 64 / subpixel}
	dr, mask, mp, _, ok := c.face(st).Glyph(dot, r)
	if !ok {
		return glyph{}, false
	}
	m := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	src := mask.(*image.Alpha)
	for y := 0; y < dr.Dy(); y++ {
		row := src.Pix[src.PixOffset(mp.X, mp.Y+y):]
		out := m.Pix[y*m.Stride:]
		for x := 0; x < dr.Dx(); x++ {
			out[x] = quantize(row[x])
		}
	}
	g := glyph{mask: m, off: dr.Min}
	v, _ := glyphs.LoadOrStore(k, g)
	return v.(glyph), true
}

// quantize rounds a coverage value to one of alphaLevels levels.
func quantize(a uint8) uint8 {
	q := (uint32(a)*(alphaLevels-1) + 127) / 255
	return uint8(q * 255 / (alphaLevels - 1))
}

// advance returns the width of s in st, kerning included.
func (c *canvas) advance(st style, s string) fixed.Int26_6 {
	f := c.face(st)
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += f.Kern(prev, r)
		}
		a, _ := f.GlyphAdvance(r)
		w += a
		prev = r
	}
	return w
}

// width is advance in whole pixels, rounded up.
func (c *canvas) width(st style, s string) int {
	return c.advance(st, s).Ceil()
}

// hasGlyphs reports the first rune of s that the font lacks.
func hasGlyphs(s string) (rune, bool) {
	fs, err := fonts()
	if err != nil {
		return 0, false
	}
	for _, r := range s {
		if r == ' ' || r == '\n' {
			continue
		}
		if i, err := fs[regular].GlyphIndex(nil, r); err != nil || i == 0 {
			return r, false
		}
	}
	return 0, true
}
