// Package bincode writes and reads the compact binary encoding of the
// caches a build keeps between runs: integers as varints, strings and byte
// strings as their length and contents, lists as their length plus one (0
// for a nil list). A Reader takes every string from one copy of the data,
// without an allocation per string, so that a cache of thousands of
// records reads in a few milliseconds.
package bincode

import (
	"encoding/binary"
	"errors"
	"math"
)

// ErrMalformed is the error of a Reader whose data ends early or holds a
// value out of range.
var ErrMalformed = errors.New("bincode: malformed data")

// A Writer appends values to a byte slice.
type Writer struct {
	B []byte
}

// Int appends a signed integer.
func (w *Writer) Int(v int64) { w.B = binary.AppendVarint(w.B, v) }

// Uint appends an unsigned integer.
func (w *Writer) Uint(v uint64) { w.B = binary.AppendUvarint(w.B, v) }

// String appends a string.
func (w *Writer) String(s string) { w.Uint(uint64(len(s))); w.B = append(w.B, s...) }

// Raw appends bytes as they are, for values of a fixed size (digests).
func (w *Writer) Raw(p []byte) { w.B = append(w.B, p...) }

// RawString appends the bytes of s as they are: a value that Reader.Since
// returned, copied back without decoding it.
func (w *Writer) RawString(s string) { w.B = append(w.B, s...) }

// Float appends a float64.
func (w *Writer) Float(f float64) { w.B = binary.LittleEndian.AppendUint64(w.B, math.Float64bits(f)) }

// Bool appends a bool.
func (w *Writer) Bool(v bool) {
	var b byte
	if v {
		b = 1
	}
	w.B = append(w.B, b)
}

// List appends the length of a list, telling a nil list from an empty one.
func (w *Writer) List(n int, isNil bool) {
	if isNil {
		w.Uint(0)
		return
	}
	w.Uint(uint64(n) + 1)
}

// Strings appends a list of strings.
func (w *Writer) Strings(ss []string) {
	w.List(len(ss), ss == nil)
	for _, s := range ss {
		w.String(s)
	}
}

// A Reader reads what a Writer wrote, in the same order. After the first
// error every read returns a zero value; Err reports it.
type Reader struct {
	data string
	off  int
	err  error
}

// NewReader returns a Reader of data, which it copies once.
func NewReader(data []byte) *Reader { return &Reader{data: string(data)} }

// NewStringReader returns a Reader of data, without a copy.
func NewStringReader(data string) *Reader { return &Reader{data: data} }

// Err returns ErrMalformed when a read went wrong.
func (r *Reader) Err() error { return r.err }

// Done reports an error unless every byte was read.
func (r *Reader) Done() error {
	if r.err == nil && r.off != len(r.data) {
		r.err = ErrMalformed
	}
	return r.err
}

func (r *Reader) fail() {
	if r.err == nil {
		r.err = ErrMalformed
	}
	r.off = len(r.data)
}

// Offset returns how many bytes were read.
func (r *Reader) Offset() int { return r.off }

// Since returns the bytes read since the offset off, as a string that
// shares the Reader's copy of the data.
func (r *Reader) Since(off int) string { return r.data[off:r.off] }

// Uint reads an unsigned integer.
func (r *Reader) Uint() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if r.off >= len(r.data) || shift > 63 {
			r.fail()
			return 0
		}
		c := r.data[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

// Int reads a signed integer.
func (r *Reader) Int() int64 {
	u := r.Uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// Raw reads n bytes written by Raw, as a string.
func (r *Reader) Raw(n int) string {
	if n < 0 || n > len(r.data)-r.off {
		r.fail()
		return ""
	}
	s := r.data[r.off : r.off+n]
	r.off += n
	return s
}

// String reads a string.
func (r *Reader) String() string {
	n := r.Uint()
	if n > uint64(len(r.data)-r.off) {
		r.fail()
		return ""
	}
	return r.Raw(int(n))
}

// Bool reads a bool.
func (r *Reader) Bool() bool { return r.Raw(1) == "\x01" }

// Float reads a float64.
func (r *Reader) Float() float64 {
	s := r.Raw(8)
	if len(s) < 8 {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64([]byte(s)))
}

// List reads the length of a list and whether it is nil.
func (r *Reader) List() (n int, isNil bool) {
	u := r.Uint()
	if u == 0 {
		return 0, true
	}
	// Every item takes a byte at least.
	if u-1 > uint64(len(r.data)-r.off) {
		r.fail()
		return 0, true
	}
	return int(u - 1), false
}

// Strings reads a list of strings.
func (r *Reader) Strings() []string { return r.StringsIn(nil) }

// A Slab hands out short slices of larger allocations, so that a decoder
// that makes thousands of small lists allocates a few times instead of
// once per list. Each slice it returns has its length as its capacity:
// appending to one copies it rather than overwrite the next. The memory
// of a chunk stays in use as long as any slice of it is.
type Slab[T any] struct {
	free []T
	// Chunk is the least number of items allocated at once.
	Chunk int
}

// Make returns a slice of n zero items (not nil when n is 0). A nil Slab
// allocates each slice on its own, as does any Slab for a slice as long
// as a chunk, which leaves the rest of the current chunk free.
func (s *Slab[T]) Make(n int) []T {
	if n == 0 {
		return []T{}
	}
	if s == nil {
		return make([]T, n)
	}
	if n > len(s.free) {
		chunk := max(s.Chunk, 16)
		if n >= chunk {
			return make([]T, n)
		}
		s.free = make([]T, chunk)
	}
	v := s.free[:n:n]
	s.free = s.free[n:]
	return v
}

// New returns a pointer to a zero item.
func (s *Slab[T]) New() *T { return &s.Make(1)[0] }

// StringsIn reads a list of strings into a slice taken from s, if not nil.
func (r *Reader) StringsIn(s *Slab[string]) []string {
	n, isNil := r.List()
	if isNil {
		return nil
	}
	ss := s.Make(n)
	for i := range ss {
		ss[i] = r.String()
	}
	return ss
}
