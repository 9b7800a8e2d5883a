package event

import (
	"errors"
	"runtime"
	"sort"
	"sync"

	"github.com/nktimeline/timeline/internal/bincode"
)

// The cache's encoding (package bincode): a version, then every value in
// a fixed order. A load of 10,000 events reads it in a fraction of the
// time encoding/gob takes. TestCacheCodecFields fails when a model type
// gains a field that the codec does not write.

const cacheCodecVersion = "nktimeline-event-cache-2"

var errBadCache = errors.New("event: malformed cache")

type cacheWriter struct{ bincode.Writer }

func (w *cacheWriter) date(d Date) {
	w.Int(int64(d.Year))
	w.Int(int64(d.Month))
	w.Int(int64(d.Day))
}

func (w *cacheWriter) pos(p Position) {
	w.String(p.File)
	w.Int(int64(p.Line))
	w.Int(int64(p.Column))
}

func (w *cacheWriter) optFloat(f *float64) {
	w.Bool(f != nil)
	if f != nil {
		w.Float(*f)
	}
}

func (w *cacheWriter) event(e *Event) {
	w.String(e.ID)
	w.String(e.Path)
	w.date(e.Date)
	w.date(e.EndDate)
	w.String(e.Time)
	w.String(string(e.Kind))
	w.String(e.Title)
	w.String(e.Summary)
	w.String(e.Body)
	w.List(len(e.Launches), e.Launches == nil)
	for _, l := range e.Launches {
		w.String(l.System)
		w.Int(int64(l.Count))
		w.Bool(l.CountEstimated)
		w.String(l.Outcome)
		w.String(l.Site)
		w.optFloat(l.ApogeeKm)
		w.optFloat(l.RangeKm)
		w.optFloat(l.FlightMin)
		w.List(len(l.ReportedCounts), l.ReportedCounts == nil)
		for _, r := range l.ReportedCounts {
			w.String(r.By)
			w.Int(int64(r.Count))
			w.Bool(r.Estimated)
			w.String(r.URL)
		}
	}
	w.Bool(e.Nuclear != nil)
	if n := e.Nuclear; n != nil {
		w.String(n.Site)
		w.Bool(n.YieldKt != nil)
		if n.YieldKt != nil {
			w.Float(n.YieldKt.Min)
			w.Float(n.YieldKt.Max)
		}
		w.optFloat(n.MagnitudeMb)
		w.String(n.Claim)
	}
	w.List(len(e.Sources), e.Sources == nil)
	for _, s := range e.Sources {
		w.String(s.URL)
		w.String(s.Publisher)
		w.String(s.Title)
		w.date(s.Published)
	}
	w.Strings(e.Tags)
	w.Strings(e.Related)
	w.date(e.Updated)
	w.List(len(e.Corrections), e.Corrections == nil)
	for _, c := range e.Corrections {
		w.date(c.Date)
		w.String(c.Text)
	}
}

func (w *cacheWriter) file(name string, f *CachedFile) {
	w.String(name)
	if f.enc != "" {
		w.String(f.enc)
		return
	}
	// The entry is written after its length, which is known once it is
	// written: its place is kept with the longest length it may need.
	w.Uint(0)
	at := len(w.B)
	s := f.Stamp
	w.Uint(s.Dev)
	w.Uint(s.Ino)
	w.Uint(s.Size)
	w.Uint(s.Mode)
	w.Int(s.MtimeNsec)
	w.Int(s.CtimeNsec)
	w.Raw(f.Digest[:])
	w.event(&f.Event)
	w.List(len(f.Problems), f.Problems == nil)
	for _, p := range f.Problems {
		w.pos(p.Pos)
		w.Int(int64(p.Severity))
		w.String(p.Msg)
	}
	w.List(len(f.Refs), f.Refs == nil)
	for _, r := range f.Refs {
		w.String(r.What)
		w.String(r.ID)
		w.pos(r.Pos)
	}
	// Move the entry to after its length.
	entry := append([]byte(nil), w.B[at:]...)
	w.B = w.B[:at-1]
	w.Uint(uint64(len(entry)))
	w.Raw(entry)
}

// MarshalBinary encodes the cache.
func (c *Cache) MarshalBinary() ([]byte, error) {
	size := 64
	for name, f := range c.Files {
		size += len(name) + 8
		if f.enc != "" {
			size += len(f.enc)
		} else {
			size += 2048
		}
	}
	w := &cacheWriter{bincode.Writer{B: make([]byte, 0, size)}}
	w.String(cacheCodecVersion)
	w.String(c.Root)
	w.Raw(c.Meta[:])
	names := make([]string, 0, len(c.Files))
	for name := range c.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	w.Uint(uint64(len(names)))
	for _, name := range names {
		w.file(name, c.Files[name])
	}
	return w.B, nil
}

// AppendDelta appends to b what turns the cache prev into c: the entries
// of c that prev lacks or holds otherwise (an entry a load took from prev
// is prev's own, and so the same), and the names of prev's entries that
// c lacks. It returns false when c's root or timeline.yaml differ from
// prev's, which a delta does not carry.
func (c *Cache) AppendDelta(b []byte, prev *Cache) ([]byte, bool) {
	if prev == nil || c.Root != prev.Root || c.Meta != prev.Meta {
		return b, false
	}
	var set, gone []string
	if c.from.Value() == prev {
		// The load that made c took every entry it did not read from
		// prev: none is gone when prev holds no more entries than those
		// and the ones read again.
		set = append(set, c.read...)
		again := 0
		for _, name := range c.read {
			if _, ok := prev.Files[name]; ok {
				again++
			}
		}
		if len(c.Files)-len(c.read)+again != len(prev.Files) {
			gone = goneFrom(c, prev)
		}
	} else {
		for name, f := range c.Files {
			if prev.Files[name] != f {
				set = append(set, name)
			}
		}
		gone = goneFrom(c, prev)
	}
	sort.Strings(set)
	sort.Strings(gone)
	w := &cacheWriter{bincode.Writer{B: b}}
	w.Uint(uint64(len(set)))
	for _, name := range set {
		w.file(name, c.Files[name])
	}
	w.Strings(gone)
	return w.B, true
}

// goneFrom returns the names of prev's entries that c lacks.
func goneFrom(c, prev *Cache) []string {
	var gone []string
	for name := range prev.Files {
		if _, ok := c.Files[name]; !ok {
			gone = append(gone, name)
		}
	}
	return gone
}

// ApplyDelta changes the cache as the delta data, which AppendDelta wrote
// from it, says.
func (c *Cache) ApplyDelta(data string) error {
	r := cacheReader{Reader: bincode.NewStringReader(data)}
	n := r.Uint()
	if n > uint64(len(data)) {
		return errBadCache
	}
	a := newCacheAlloc(int(n))
	for range n {
		name, enc := r.String(), r.String()
		if r.Err() != nil {
			return errBadCache
		}
		f, err := decodeFile(enc, a)
		if err != nil {
			return err
		}
		c.Files[name] = f
	}
	for _, name := range r.Strings() {
		delete(c.Files, name)
	}
	if r.Done() != nil {
		return errBadCache
	}
	return nil
}

// cacheReader decodes what cacheWriter wrote.
type cacheReader struct {
	*bincode.Reader
	a *cacheAlloc
}

// A cacheAlloc holds the slabs that the entries of a cache are decoded
// into: a cache of thousands of events so takes a few allocations of each
// kind instead of several for every event.
type cacheAlloc struct {
	files       bincode.Slab[CachedFile]
	launches    bincode.Slab[Launch]
	counts      bincode.Slab[ReportedCount]
	floats      bincode.Slab[float64]
	nuclear     bincode.Slab[Nuclear]
	ranges      bincode.Slab[Range]
	sources     bincode.Slab[Source]
	strings     bincode.Slab[string]
	corrections bincode.Slab[Correction]
	problems    bincode.Slab[Problem]
	refs        bincode.Slab[CachedRef]
}

// newCacheAlloc returns the slabs for decoding about n entries. The
// numbers of the other items are guesses: a slab that runs out takes
// another chunk, and the pages of a chunk never used are never touched.
func newCacheAlloc(n int) *cacheAlloc {
	a := &cacheAlloc{}
	a.files.Chunk = n
	a.launches.Chunk = n
	a.counts.Chunk = n / 8
	a.floats.Chunk = 2 * n
	a.nuclear.Chunk = n / 8
	a.ranges.Chunk = n / 8
	a.sources.Chunk = 2 * n
	a.strings.Chunk = 2 * n
	a.corrections.Chunk = n / 8
	a.problems.Chunk = n / 8
	a.refs.Chunk = 3 * n
	return a
}

func (r cacheReader) optFloat() *float64 {
	if !r.Bool() {
		return nil
	}
	f := r.a.floats.New()
	*f = r.Float()
	return f
}

func (r cacheReader) date() Date {
	return Date{Year: int(r.Int()), Month: int(r.Int()), Day: int(r.Int())}
}

func (r cacheReader) pos() Position {
	return Position{File: r.String(), Line: int(r.Int()), Column: int(r.Int())}
}

func (r cacheReader) sum(p *[32]byte) {
	copy(p[:], r.Raw(32))
}

func (r cacheReader) event(e *Event) {
	e.ID = r.String()
	e.Path = r.String()
	e.Date = r.date()
	e.EndDate = r.date()
	e.Time = r.String()
	e.Kind = Kind(r.String())
	e.Title = r.String()
	e.Summary = r.String()
	e.Body = r.String()
	if n, isNil := r.List(); !isNil {
		e.Launches = r.a.launches.Make(n)
		for i := range e.Launches {
			l := &e.Launches[i]
			l.System = r.String()
			l.Count = int(r.Int())
			l.CountEstimated = r.Bool()
			l.Outcome = r.String()
			l.Site = r.String()
			l.ApogeeKm = r.optFloat()
			l.RangeKm = r.optFloat()
			l.FlightMin = r.optFloat()
			if n, isNil := r.List(); !isNil {
				l.ReportedCounts = r.a.counts.Make(n)
				for j := range l.ReportedCounts {
					rc := &l.ReportedCounts[j]
					rc.By = r.String()
					rc.Count = int(r.Int())
					rc.Estimated = r.Bool()
					rc.URL = r.String()
				}
			}
		}
	}
	if r.Bool() {
		n := r.a.nuclear.New()
		n.Site = r.String()
		if r.Bool() {
			n.YieldKt = r.a.ranges.New()
			n.YieldKt.Min = r.Float()
			n.YieldKt.Max = r.Float()
		}
		n.MagnitudeMb = r.optFloat()
		n.Claim = r.String()
		e.Nuclear = n
	}
	if n, isNil := r.List(); !isNil {
		e.Sources = r.a.sources.Make(n)
		for i := range e.Sources {
			s := &e.Sources[i]
			s.URL = r.String()
			s.Publisher = r.String()
			s.Title = r.String()
			s.Published = r.date()
		}
	}
	e.Tags = r.StringsIn(&r.a.strings)
	e.Related = r.StringsIn(&r.a.strings)
	e.Updated = r.date()
	if n, isNil := r.List(); !isNil {
		e.Corrections = r.a.corrections.Make(n)
		for i := range e.Corrections {
			e.Corrections[i].Date = r.date()
			e.Corrections[i].Text = r.String()
		}
	}
}

// decodeFile decodes the entry enc that cacheWriter.file wrote after its
// name, sharing enc's bytes.
func decodeFile(enc string, a *cacheAlloc) (*CachedFile, error) {
	r := cacheReader{bincode.NewStringReader(enc), a}
	f := a.files.New()
	f.enc = enc
	f.Stamp = Stamp{Dev: r.Uint(), Ino: r.Uint(), Size: r.Uint(), Mode: r.Uint(), MtimeNsec: r.Int(), CtimeNsec: r.Int()}
	r.sum(&f.Digest)
	r.event(&f.Event)
	if n, isNil := r.List(); !isNil {
		f.Problems = a.problems.Make(n)
		for i := range f.Problems {
			f.Problems[i] = Problem{Pos: r.pos(), Severity: Severity(r.Int()), Msg: r.String()}
		}
	}
	if n, isNil := r.List(); !isNil {
		f.Refs = a.refs.Make(n)
		for i := range f.Refs {
			f.Refs[i] = CachedRef{What: r.String(), ID: r.String(), Pos: r.pos()}
		}
	}
	if r.Done() != nil {
		return nil, errBadCache
	}
	return f, nil
}

// UnmarshalBinary decodes a cache that MarshalBinary encoded.
func (c *Cache) UnmarshalBinary(data []byte) error {
	return c.UnmarshalString(string(data))
}

// UnmarshalString is UnmarshalBinary of data held in a string, which the
// decoded cache shares instead of copying it. The entries are decoded on
// every core.
func (c *Cache) UnmarshalString(data string) error {
	r := cacheReader{Reader: bincode.NewStringReader(data)}
	if r.String() != cacheCodecVersion {
		return errBadCache
	}
	c.Root = r.String()
	r.sum(&c.Meta)
	n := r.Uint()
	if n > uint64(len(data)) {
		return errBadCache
	}
	names, encs := make([]string, n), make([]string, n)
	for i := range names {
		names[i], encs[i] = r.String(), r.String()
	}
	if r.Done() != nil {
		return errBadCache
	}
	files := make([]*CachedFile, n)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := range errs {
		wg.Go(func() {
			lo, hi := k*len(files)/len(errs), (k+1)*len(files)/len(errs)
			a := newCacheAlloc(hi - lo)
			for i := lo; i < hi && errs[k] == nil; i++ {
				files[i], errs[k] = decodeFile(encs[i], a)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	c.Files = make(map[string]*CachedFile, n)
	for i, name := range names {
		c.Files[name] = files[i]
	}
	return nil
}
