package event

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
)

// The cache's encoding: a version, then every value in a fixed order,
// integers as varints, strings and lists as their length and contents,
// with a list's or pointer's absence (nil) told apart from an empty one.
// Decoding takes every string from one copy of the data, without an
// allocation per string: a load of 10,000 events reads the cache in a
// fraction of the time encoding/gob takes. TestCacheCodecFields fails
// when a model type gains a field that the codec does not write.

const cacheCodecVersion = "nktimeline-event-cache-1"

var errBadCache = errors.New("event: malformed cache")

type cacheWriter struct{ b []byte }

func (w *cacheWriter) int(v int64)    { w.b = binary.AppendVarint(w.b, v) }
func (w *cacheWriter) uint(v uint64)  { w.b = binary.AppendUvarint(w.b, v) }
func (w *cacheWriter) str(s string)   { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *cacheWriter) bytes(p []byte) { w.b = append(w.b, p...) }
func (w *cacheWriter) float(f float64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(f))
}
func (w *cacheWriter) date(d Date)     { w.int(int64(d.Year)); w.int(int64(d.Month)); w.int(int64(d.Day)) }
func (w *cacheWriter) pos(p Position)  { w.str(p.File); w.int(int64(p.Line)); w.int(int64(p.Column)) }
func (w *cacheWriter) bool(v bool)     { w.b = append(w.b, boolByte(v)) }
func (w *cacheWriter) present(ok bool) { w.bool(ok) }
func (w *cacheWriter) list(n int, isNil bool) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(uint64(n) + 1)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func (w *cacheWriter) optFloat(f *float64) {
	w.present(f != nil)
	if f != nil {
		w.float(*f)
	}
}

func (w *cacheWriter) strs(ss []string) {
	w.list(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

func (w *cacheWriter) event(e *Event) {
	w.str(e.ID)
	w.str(e.Path)
	w.date(e.Date)
	w.date(e.EndDate)
	w.str(e.Time)
	w.str(string(e.Kind))
	w.str(e.Title)
	w.str(e.Summary)
	w.str(e.Body)
	w.list(len(e.Launches), e.Launches == nil)
	for _, l := range e.Launches {
		w.str(l.System)
		w.int(int64(l.Count))
		w.bool(l.CountEstimated)
		w.str(l.Outcome)
		w.str(l.Site)
		w.optFloat(l.ApogeeKm)
		w.optFloat(l.RangeKm)
		w.optFloat(l.FlightMin)
		w.list(len(l.ReportedCounts), l.ReportedCounts == nil)
		for _, r := range l.ReportedCounts {
			w.str(r.By)
			w.int(int64(r.Count))
			w.bool(r.Estimated)
			w.str(r.URL)
		}
	}
	w.present(e.Nuclear != nil)
	if n := e.Nuclear; n != nil {
		w.str(n.Site)
		w.present(n.YieldKt != nil)
		if n.YieldKt != nil {
			w.float(n.YieldKt.Min)
			w.float(n.YieldKt.Max)
		}
		w.optFloat(n.MagnitudeMb)
		w.str(n.Claim)
	}
	w.list(len(e.Sources), e.Sources == nil)
	for _, s := range e.Sources {
		w.str(s.URL)
		w.str(s.Publisher)
		w.str(s.Title)
		w.date(s.Published)
	}
	w.strs(e.Tags)
	w.strs(e.Related)
	w.date(e.Updated)
	w.list(len(e.Corrections), e.Corrections == nil)
	for _, c := range e.Corrections {
		w.date(c.Date)
		w.str(c.Text)
	}
}

func (w *cacheWriter) file(name string, f *CachedFile) {
	w.str(name)
	s := f.Stamp
	w.uint(s.Dev)
	w.uint(s.Ino)
	w.uint(s.Size)
	w.uint(s.Mode)
	w.int(s.MtimeNsec)
	w.int(s.CtimeNsec)
	w.bytes(f.Digest[:])
	w.event(&f.Event)
	w.list(len(f.Problems), f.Problems == nil)
	for _, p := range f.Problems {
		w.pos(p.Pos)
		w.int(int64(p.Severity))
		w.str(p.Msg)
	}
	w.list(len(f.Refs), f.Refs == nil)
	for _, r := range f.Refs {
		w.str(r.What)
		w.str(r.ID)
		w.pos(r.Pos)
	}
}

// MarshalBinary encodes the cache.
func (c *Cache) MarshalBinary() ([]byte, error) {
	w := &cacheWriter{b: make([]byte, 0, 1<<20)}
	w.str(cacheCodecVersion)
	w.str(c.Root)
	w.bytes(c.Meta[:])
	names := make([]string, 0, len(c.Files))
	for name := range c.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	w.uint(uint64(len(names)))
	for _, name := range names {
		w.file(name, c.Files[name])
	}
	return w.b, nil
}

// cacheReader decodes what cacheWriter wrote; data is the encoding as one
// string, which every decoded string shares.
type cacheReader struct {
	data string
	off  int
	err  error
}

func (r *cacheReader) fail() {
	if r.err == nil {
		r.err = errBadCache
	}
	r.off = len(r.data)
}

func (r *cacheReader) uint() uint64 {
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

func (r *cacheReader) int() int64 {
	u := r.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

func (r *cacheReader) take(n uint64) string {
	if n > uint64(len(r.data)-r.off) {
		r.fail()
		return ""
	}
	s := r.data[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

func (r *cacheReader) str() string { return r.take(r.uint()) }

func (r *cacheReader) bool() bool { return r.take(1) == "\x01" }

func (r *cacheReader) float() float64 {
	s := r.take(8)
	if len(s) < 8 {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64([]byte(s)))
}

func (r *cacheReader) optFloat() *float64 {
	if !r.bool() {
		return nil
	}
	f := r.float()
	return &f
}

func (r *cacheReader) date() Date {
	return Date{Year: int(r.int()), Month: int(r.int()), Day: int(r.int())}
}

func (r *cacheReader) pos() Position {
	return Position{File: r.str(), Line: int(r.int()), Column: int(r.int())}
}

// list returns the length of a list and whether it is nil.
func (r *cacheReader) list() (int, bool) {
	n := r.uint()
	if n == 0 {
		return 0, true
	}
	if n-1 > uint64(len(r.data)-r.off) { // every item takes a byte at least
		r.fail()
		return 0, true
	}
	return int(n - 1), false
}

func (r *cacheReader) strs() []string {
	n, isNil := r.list()
	if isNil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *cacheReader) sum(p *[32]byte) {
	copy(p[:], r.take(32))
}

func (r *cacheReader) event(e *Event) {
	e.ID = r.str()
	e.Path = r.str()
	e.Date = r.date()
	e.EndDate = r.date()
	e.Time = r.str()
	e.Kind = Kind(r.str())
	e.Title = r.str()
	e.Summary = r.str()
	e.Body = r.str()
	if n, isNil := r.list(); !isNil {
		e.Launches = make([]Launch, n)
		for i := range e.Launches {
			l := &e.Launches[i]
			l.System = r.str()
			l.Count = int(r.int())
			l.CountEstimated = r.bool()
			l.Outcome = r.str()
			l.Site = r.str()
			l.ApogeeKm = r.optFloat()
			l.RangeKm = r.optFloat()
			l.FlightMin = r.optFloat()
			if n, isNil := r.list(); !isNil {
				l.ReportedCounts = make([]ReportedCount, n)
				for j := range l.ReportedCounts {
					rc := &l.ReportedCounts[j]
					rc.By = r.str()
					rc.Count = int(r.int())
					rc.Estimated = r.bool()
					rc.URL = r.str()
				}
			}
		}
	}
	if r.bool() {
		n := &Nuclear{Site: r.str()}
		if r.bool() {
			n.YieldKt = &Range{Min: r.float(), Max: r.float()}
		}
		n.MagnitudeMb = r.optFloat()
		n.Claim = r.str()
		e.Nuclear = n
	}
	if n, isNil := r.list(); !isNil {
		e.Sources = make([]Source, n)
		for i := range e.Sources {
			s := &e.Sources[i]
			s.URL = r.str()
			s.Publisher = r.str()
			s.Title = r.str()
			s.Published = r.date()
		}
	}
	e.Tags = r.strs()
	e.Related = r.strs()
	e.Updated = r.date()
	if n, isNil := r.list(); !isNil {
		e.Corrections = make([]Correction, n)
		for i := range e.Corrections {
			e.Corrections[i].Date = r.date()
			e.Corrections[i].Text = r.str()
		}
	}
}

func (r *cacheReader) file() (string, *CachedFile) {
	name := r.str()
	f := &CachedFile{}
	f.Stamp = Stamp{Dev: r.uint(), Ino: r.uint(), Size: r.uint(), Mode: r.uint(), MtimeNsec: r.int(), CtimeNsec: r.int()}
	r.sum(&f.Digest)
	r.event(&f.Event)
	if n, isNil := r.list(); !isNil {
		f.Problems = make(Problems, n)
		for i := range f.Problems {
			f.Problems[i] = Problem{Pos: r.pos(), Severity: Severity(r.int()), Msg: r.str()}
		}
	}
	if n, isNil := r.list(); !isNil {
		f.Refs = make([]CachedRef, n)
		for i := range f.Refs {
			f.Refs[i] = CachedRef{What: r.str(), ID: r.str(), Pos: r.pos()}
		}
	}
	return name, f
}

// UnmarshalBinary decodes a cache that MarshalBinary encoded.
func (c *Cache) UnmarshalBinary(data []byte) error {
	r := &cacheReader{data: string(data)}
	if r.str() != cacheCodecVersion {
		return errBadCache
	}
	c.Root = r.str()
	r.sum(&c.Meta)
	n := r.uint()
	if n > uint64(len(r.data)) {
		return errBadCache
	}
	c.Files = make(map[string]*CachedFile, n)
	for range n {
		name, f := r.file()
		if r.err != nil {
			return r.err
		}
		c.Files[name] = f
	}
	if r.err == nil && r.off != len(r.data) {
		return errBadCache
	}
	return r.err
}
