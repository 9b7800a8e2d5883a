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

// encodePNG writes the canvas as a paletted PNG when it has at most 256
// colours, which text cards have (see alphaLevels): a third of the pixel
// data and no per-row filtering to choose, so smaller and faster.
// Otherwise, as with a map's overlapping translucent points, it writes the
// true colours. Either way the image is stored exactly.
func encodePNG(w io.Writer, c *canvas) error {
	p := palettedPool.Get().(*image.Paletted)
	defer palettedPool.Put(p)
	if paletted(c, p) {
		return encoder.Encode(w, p)
	}
	return encoder.Encode(w, c.img)
}

// palettedPool holds card-sized paletted images for encodePNG.
var palettedPool = sync.Pool{New: func() any {
	return image.NewPaletted(image.Rect(0, 0, Width, Height), make(color.Palette, 0, 256))
}}

// paletted converts the canvas into p, a paletted image of its size, and
// reports whether it has at most 256 colours. The background is colour 0
// and the others follow in the order they first appear. Only the drawn
// part of each row is read: the rest is background.
func paletted(c *canvas, p *image.Paletted) bool {
	img := c.img
	const cacheBits = 10
	var cacheKey [1 << cacheBits]uint32 // 0, the key of no opaque colour, is empty
	var cacheIdx [1 << cacheBits]uint8
	key := func(s []byte) uint32 { return binary.LittleEndian.Uint32(s) }
	bg := []byte{colBG.R, colBG.G, colBG.B, colBG.A}
	index := make(map[uint32]uint8, 256)
	index[key(bg)] = 0
	pal := append(p.Palette[:0], colBG)
	last, lastIdx := key(bg), uint8(0)
	w := Width
	for y := 0; y < Height; y++ {
		src := img.Pix[y*img.Stride:][:4*w]
		dst := p.Pix[y*p.Stride:][:w]
		x0, x1 := c.span[y][0], c.span[y][1]
		if x0 >= x1 {
			clear(dst)
			continue
		}
		// Rows often repeat the one above: copy them.
		if y > 0 && c.span[y-1] == c.span[y] && bytes.Equal(src[4*x0:4*x1], img.Pix[(y-1)*img.Stride+4*x0:][:4*(x1-x0)]) {
			copy(dst, p.Pix[(y-1)*p.Stride:][:w])
			continue
		}
		clear(dst[:x0])
		clear(dst[x1:])
		for x := x0; x < x1; x++ {
			// Two pixels at a time while they repeat the last colour.
			for x+1 < x1 && binary.LittleEndian.Uint64(src[4*x:]) == uint64(last)*(1<<32+1) {
				dst[x], dst[x+1] = lastIdx, lastIdx
				x += 2
			}
			if x == x1 {
				break
			}
			k := key(src[4*x:])
			if k != last {
				// A small direct-mapped cache in front of the map:
				// anti-aliased text switches colour every few pixels.
				slot := (k * 2654435761) >> (32 - cacheBits)
				i, ok := cacheIdx[slot], cacheKey[slot] == k
				if !ok {
					i, ok = index[k]
				}
				if !ok {
					if len(pal) == 256 {
						return false
					}
					i = uint8(len(pal))
					index[k] = i
					s := src[4*x : 4*x+4]
					pal = append(pal, color.RGBA{s[0], s[1], s[2], s[3]})
				}
				cacheKey[slot], cacheIdx[slot] = k, i
				last, lastIdx = k, i
			}
			dst[x] = lastIdx
		}
	}
	p.Palette = pal
	return true
}
