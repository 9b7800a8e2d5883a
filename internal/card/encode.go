package card

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"sync"
)

// encoder writes PNGs at the fastest compression: a card has large flat
// areas, which compress well even so, and the build draws hundreds.
var encoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &bufferPool{}}

// bufferPool lets concurrent encodings reuse their buffers.
type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() *png.EncoderBuffer {
	v, _ := b.p.Get().(*png.EncoderBuffer)
	return v
}

func (b *bufferPool) Put(v *png.EncoderBuffer) { b.p.Put(v) }

// encodePNG writes img as a paletted PNG when it has at most 256 colours,
// which text cards have (see alphaLevels): a third of the pixel data and
// no per-row filtering to choose, so smaller and faster. Otherwise, as
// with a map's overlapping translucent points, it writes the true colours.
// Either way the image is stored exactly.
func encodePNG(w io.Writer, img *image.RGBA) error {
	p := palettedPool.Get().(*image.Paletted)
	defer palettedPool.Put(p)
	if paletted(img, p) {
		return encoder.Encode(w, p)
	}
	return encoder.Encode(w, img)
}

// palettedPool holds card-sized paletted images for encodePNG.
var palettedPool = sync.Pool{New: func() any {
	return image.NewPaletted(image.Rect(0, 0, Width, Height), make(color.Palette, 0, 256))
}}

// paletted converts img into p, a paletted image of the same bounds, with
// its colours in the order they first appear, and reports whether img has
// at most 256 colours. Every pixel of a card is opaque.
func paletted(img *image.RGBA, p *image.Paletted) bool {
	b := img.Rect
	index := make(map[uint32]uint8, 256)
	const cacheBits = 10
	var cacheKey [1 << cacheBits]uint32 // 0, the key of no opaque colour, is empty
	var cacheIdx [1 << cacheBits]uint8
	pal := p.Palette[:0]
	last, lastIdx := uint32(0), uint8(0) // 0 is no opaque colour's key
	w := b.Dx()
	var prev []byte
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, y):][:4*w]
		dst := p.Pix[p.PixOffset(b.Min.X, y):][:w]
		// Most rows of a card repeat the one above: copy them.
		if prev != nil && bytes.Equal(src, prev) {
			copy(dst, p.Pix[p.PixOffset(b.Min.X, y-1):][:w])
			continue
		}
		prev = src
		for x := 0; x < w; x++ {
			// Two pixels at a time while they repeat the last colour.
			for x+1 < w && binary.LittleEndian.Uint64(src[4*x:]) == uint64(last)*(1<<32+1) {
				dst[x], dst[x+1] = lastIdx, lastIdx
				x += 2
			}
			if x == w {
				break
			}
			k := binary.LittleEndian.Uint32(src[4*x:])
			if k != last {
				// A small direct-mapped cache in front of the map:
				// anti-aliased text switches colour every few pixels.
				slot := (k * 2654435761) >> (32 - cacheBits)
				i, ok := cacheIdx[slot], cacheKey[slot] == k
				if !ok {
					i, ok = index[k]
				}
				if ok {
					cacheKey[slot], cacheIdx[slot] = k, i
				} else {
					if len(pal) == 256 {
						return false
					}
					i = uint8(len(pal))
					index[k] = i
					s := src[4*x : 4*x+4]
					pal = append(pal, color.RGBA{s[0], s[1], s[2], s[3]})
					cacheKey[slot], cacheIdx[slot] = k, i
				}
				last, lastIdx = k, i
			}
			dst[x] = lastIdx
		}
	}
	p.Palette = pal
	return true
}
