package site

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"

	json "github.com/goccy/go-json"

	"github.com/nktimeline/timeline/internal/event"
)

// The largest downloads (data/events.json, events.csv, timelinejs.json,
// search.json) list every event, each event's part made from the event
// alone (and the catalogues, the metadata and the base URL, whose change
// renders everything). Such a file is a head, the part of each event with
// a separator between them, and a tail. A build writes it to the output as
// it is made, a batch of parts at a time, and records where each part lies
// in the file. An incremental build makes only the parts of the changed
// events; the parts of the others it copies from the file the last build
// wrote, each run of parts that lie one after another there as one span
// (on disk from file to file, without reading them: copy_file_range on
// Linux). A file none of whose parts changed is left as it is. The bytes
// are those of making every part.

// A splicedFile is a data file made of a part per event.
type splicedFile struct {
	name       string
	head, tail []byte
	// emptyTail, when set, is the tail of a file without events.
	emptyTail []byte
	sep       string
	// newestFirst lists the events newest first, else in the record's
	// order.
	newestFirst bool
	// part appends the part of one event to dst and returns the result.
	part func(dst []byte, e *event.Event) ([]byte, error)
}

// splicedState is what a build recorded of a spliced file: where the part
// of each event lies, in the order of the file (the record's order, or its
// reverse), as start and end offsets; and, for a file on disk, its stamp
// (fileStamp) once in place, by which the next build knows that the file
// is still the one the spans describe.
type splicedState struct {
	Stamp string
	Spans []int64
}

// spliceBatch is how many parts are made at once, on every core, before
// they are written: enough to keep the cores busy, few enough that the
// parts in memory are a small share of the file.
const spliceBatch = 512

// A spliceSource is the file of the same name the previous build wrote.
type spliceSource interface {
	io.ReaderAt
	Size() int64
	// copyTo writes its bytes from start to end to w.
	copyTo(w *spliceWriter, start, end int64)
}

// memSource is a file the previous build kept in memory.
type memSource []byte

func (m memSource) Size() int64 { return int64(len(m)) }

func (m memSource) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(m)) {
		return 0, io.EOF
	}
	n := copy(p, m[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (m memSource) copyTo(w *spliceWriter, start, end int64) { w.Write(m[start:end]) }

// sourceBytes returns the bytes of the source s: its own when it holds
// them in memory, else mapped or read from its file; release lets them go
// once they are no longer used.
func sourceBytes(s spliceSource) (data []byte, release func(), err error) {
	switch s := s.(type) {
	case memSource:
		return s, func() {}, nil
	case fileSource:
		return mapFile(s.File, s.size)
	}
	data = make([]byte, s.Size())
	if _, err := s.ReadAt(data, 0); err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}

// fileSource is a file the previous build wrote to disk.
type fileSource struct {
	*os.File
	size int64
}

func (s fileSource) Size() int64 { return s.size }

func (s fileSource) copyTo(w *spliceWriter, start, end int64) { w.copyFile(s.File, start, end) }

// A spliceWriter writes a spliced file to w, counting the bytes written,
// until a write fails; err is the first failure. When the file goes to
// disk (f, which w buffers), spans of a file on disk are copied from file
// to file.
type spliceWriter struct {
	w   io.Writer
	f   *os.File
	n   int64
	err error
}

func (c *spliceWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// copyFile writes the bytes of src from start to end.
func (c *spliceWriter) copyFile(src *os.File, start, end int64) {
	if c.err != nil {
		return
	}
	var n int64
	if bw, ok := c.w.(*bufio.Writer); ok && c.f != nil {
		if c.err = bw.Flush(); c.err != nil {
			return
		}
		if _, c.err = src.Seek(start, io.SeekStart); c.err != nil {
			return
		}
		// *os.File's ReadFrom copies within the kernel.
		n, c.err = io.CopyN(c.f, src, end-start)
	} else {
		n, c.err = io.Copy(c.w, io.NewSectionReader(src, start, end-start))
	}
	c.n += n
}

// An oldSpliced is what an incremental build takes from the previous
// version of a spliced file.
type oldSpliced struct {
	src   spliceSource
	spans []int64
	// at returns the place in the previous file of the part i of this
	// one, or -1 when the part must be made.
	at func(i int) int
	// made holds parts made ahead, by index.
	made map[int][]byte
	// keep is set when no part changed or moved: the file stays as it
	// is.
	keep bool
}

// span returns where the previous file's part j lies, or false when the
// state does not describe a part there.
func (o *oldSpliced) span(j int) (start, end int64, ok bool) {
	if j < 0 || 2*j+1 >= len(o.spans) {
		return 0, 0, false
	}
	start, end = o.spans[2*j], o.spans[2*j+1]
	return start, end, 0 <= start && start <= end && end <= o.src.Size()
}

// startSpliced starts making the data files that list every event, each
// in the background; waitBackground waits for them.
func (b *builder) startSpliced() error {
	files, err := b.splicedFiles()
	if err != nil {
		return err
	}
	// The names are claimed here, not in the background: a claim while a
	// step runs would count the file as the step's.
	for _, f := range files {
		if err := b.claim(f.name, false); err != nil {
			return err
		}
	}
	b.splicedDone = make(chan error, len(files))
	for _, f := range files {
		go func() { b.splicedDone <- b.addSpliced(f) }()
	}
	return nil
}

// waitBackground waits for the files made in the background (the
// workbook and the spliced files) and returns the first failure.
func (b *builder) waitBackground() error {
	err := b.waitWorkbook()
	if b.splicedDone != nil {
		for range cap(b.splicedDone) {
			if e := <-b.splicedDone; err == nil {
				err = e
			}
		}
		b.splicedDone = nil
	}
	return err
}

// addSpliced makes the file f, which the caller claimed, and writes it to
// the output as it is made, taking the parts of unchanged events from the
// previous build's file where the plan allows.
func (b *builder) addSpliced(f splicedFile) error {
	ds := b.ds
	n := len(ds.Events)
	at := func(i int) *event.Event {
		if f.newestFirst {
			return &ds.Events[n-1-i]
		}
		return &ds.Events[i]
	}
	part := func(dst []byte, i int) ([]byte, error) { return f.part(dst, at(i)) }
	old, st, err := b.oldSpliced(f, n, at)
	if err != nil {
		return err
	}
	if old != nil {
		defer closeSource(old.src)
	}
	if old != nil && old.keep {
		// No part changed: the file stays as it is.
		if m, ok := old.src.(memSource); ok {
			if err := b.out.Put(f.name, m); err != nil {
				return fmt.Errorf("site: %w", err)
			}
		}
		b.recordSpliced(f.name, st)
		return nil
	}
	if po, ok := b.out.(*placeOutput); ok {
		file, err := po.create(f.name)
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		bw := bufio.NewWriterSize(file, streamBufferSize)
		w := &spliceWriter{w: bw, f: file}
		st, err := writeSpliced(w, f, n, part, old)
		if err == nil {
			err = bw.Flush()
		}
		if err == nil {
			st.Stamp, err = po.commit(file, f.name)
		} else {
			po.discard(file)
		}
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		b.recordSpliced(f.name, st)
		return nil
	}
	size := 0
	if old != nil {
		size = int(old.src.Size()) + 64<<10
	}
	return b.streamClaimed(f.name, size, func(w io.Writer) error {
		st, err := writeSpliced(&spliceWriter{w: w}, f, n, part, old)
		if err != nil {
			return err
		}
		b.recordSpliced(f.name, st)
		return nil
	})
}

func (b *builder) recordSpliced(name string, st splicedState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spliced == nil {
		b.spliced = make(map[string]splicedState)
	}
	b.spliced[name] = st
}

func closeSource(s spliceSource) {
	if c, ok := s.(io.Closer); ok {
		c.Close()
	}
}

// oldSpliced returns what the build takes from the previous version of the
// file f, whose n parts are those of the events at returns: nil when the
// plan allows nothing. The parts of changed events are made ahead and
// compared with their previous bytes, so that an event whose part stayed
// the same counts as unchanged; when no part changed and none moved, made
// is nil and st is the previous file's state, which still holds.
func (b *builder) oldSpliced(f splicedFile, n int, at func(i int) *event.Event) (*oldSpliced, splicedState, error) {
	p := b.plan
	if p == nil || p.prevSource == nil {
		return nil, splicedState{}, nil
	}
	prev, ok := p.prev.Spliced[f.name]
	if !ok || len(prev.Spans) != 2*len(p.order) {
		return nil, splicedState{}, nil
	}
	src := p.prevSource(f.name, prev)
	if src == nil {
		return nil, splicedState{}, nil
	}
	o := &oldSpliced{src: src, spans: prev.Spans}
	last := len(p.order) - 1
	// k returns the place in the record of the event of part i.
	k := func(i int) int {
		if f.newestFirst {
			return n - 1 - i
		}
		return i
	}
	place := func(i int) int {
		j := k(i)
		if !p.sameOrder {
			var ok bool
			if j, ok = p.orderIndex[at(i).ID]; !ok {
				return -1
			}
		}
		if f.newestFirst {
			j = last - j
		}
		if _, _, ok := o.span(j); !ok {
			return -1
		}
		return j
	}
	// Make the parts of the changed events ahead, unless there are so many
	// that they would hold much of the file in memory.
	var changed []int
	for i := range n {
		if p.changedAt[k(i)] {
			changed = append(changed, i)
		}
	}
	same := map[int]bool{}
	if len(changed) <= spliceBatch {
		o.made = make(map[int][]byte, len(changed))
		parts := make([][]byte, len(changed))
		err := parallel(len(changed), func(k int) (err error) {
			parts[k], err = f.part(nil, at(changed[k]))
			return err
		})
		if err != nil {
			closeSource(src)
			return nil, splicedState{}, err
		}
		var buf []byte
		for k, i := range changed {
			o.made[i] = parts[k]
			j := place(i)
			if j < 0 {
				continue
			}
			start, end, _ := o.span(j)
			if end-start != int64(len(parts[k])) {
				continue
			}
			buf = append(buf[:0], make([]byte, end-start)...)
			if _, err := src.ReadAt(buf, start); err == nil && bytes.Equal(buf, parts[k]) {
				same[i] = true
			}
		}
		if p.sameOrder && len(same) == len(changed) {
			o.keep = true
			return o, prev, nil
		}
	}
	places := make([]int, n)
	for i := range places {
		if p.changedAt[k(i)] && !same[i] {
			places[i] = -1
		} else {
			places[i] = place(i)
		}
	}
	o.at = func(i int) int { return places[i] }
	return o, splicedState{}, nil
}

// writeSpliced writes the file f of n parts to w and returns where each
// part lies. A part comes from old when old gives it, else from part. The
// parts are made spliceBatch at a time on every core and written in order,
// so that the file is never whole in memory; parts that lay one after
// another in the previous file are copied from it as one span.
func writeSpliced(w *spliceWriter, f splicedFile, n int, part func(dst []byte, i int) ([]byte, error), old *oldSpliced) (splicedState, error) {
	st := splicedState{Spans: make([]int64, 2*n)}
	w.Write(f.head)
	// A run of k parts from the previous file, its part j0 on, as parts
	// i0 on of this one.
	var i0, j0, k int
	flush := func() {
		if k == 0 {
			return
		}
		start, _, _ := old.span(j0)
		_, end, _ := old.span(j0 + k - 1)
		shift := w.n - start
		for m := range k {
			st.Spans[2*(i0+m)] = old.spans[2*(j0+m)] + shift
			st.Spans[2*(i0+m)+1] = old.spans[2*(j0+m)+1] + shift
		}
		old.src.copyTo(w, start, end)
		k = 0
	}
	sep := int64(len(f.sep))
	parts := make([][]byte, min(n, spliceBatch))
	// The parts made here are written before the next batch is made, so
	// each batch makes its parts in the memory of the last one's.
	bufs := make([][]byte, len(parts))
	for lo := 0; lo < n && w.err == nil; lo += len(parts) {
		hi := min(lo+len(parts), n)
		var need []int
		for i := lo; i < hi; i++ {
			parts[i-lo] = nil
			if old == nil || old.at(i) < 0 {
				if p, ok := old.madePart(i); ok {
					parts[i-lo] = p
				} else {
					need = append(need, i)
				}
			}
		}
		err := parallel(len(need), func(x int) (err error) {
			k := need[x] - lo
			bufs[k], err = part(bufs[k][:0], need[x])
			parts[k] = bufs[k]
			return err
		})
		if err != nil {
			return st, err
		}
		for i := lo; i < hi; i++ {
			if old != nil {
				if j := old.at(i); j >= 0 {
					// The run goes on while the previous file has the same
					// separator between its parts.
					if k > 0 && j == j0+k && old.spans[2*j]-old.spans[2*j-1] == sep {
						k++
						continue
					}
					flush()
					if i > 0 {
						w.Write([]byte(f.sep))
					}
					i0, j0, k = i, j, 1
					continue
				}
				flush()
			}
			if i > 0 {
				w.Write([]byte(f.sep))
			}
			st.Spans[2*i] = w.n
			w.Write(parts[i-lo])
			st.Spans[2*i+1] = w.n
			parts[i-lo] = nil
		}
	}
	flush()
	tail := f.tail
	if n == 0 && f.emptyTail != nil {
		tail = f.emptyTail
	}
	w.Write(tail)
	return st, w.err
}

// madePart returns the part i if it was made ahead.
func (o *oldSpliced) madePart(i int) ([]byte, bool) {
	if o == nil {
		return nil, false
	}
	p, ok := o.made[i]
	return p, ok
}

// A jsonEncoding is how a JSON file of the site is encoded, the indent
// and whether it escapes HTML, with the encoders kept for its parts: each
// encoding has its own, so that an encoder is taken with the settings it
// was made with. The encoders are goccy/go-json's, which write what
// encoding/json writes (FuzzJSONEncodings holds them to it) several times
// faster.
type jsonEncoding struct {
	indent     string // "" for none
	escapeHTML bool
	encoders   sync.Pool // of *partEncoder
}

// The encodings of the JSON that the site writes an event at a time.
var (
	// eventsJSON and searchJSON encode data/events.json and
	// data/search.json: data files, never inlined into HTML, that keep
	// "&" and "<" readable.
	eventsJSON = newJSONEncoding(" ", false)
	searchJSON = newJSONEncoding("", false)
	// ldJSON encodes an event page's JSON-LD (jsonLD) as json.Marshal
	// does, escaping HTML.
	ldJSON = newJSONEncoding("", true)
)

// newJSONEncoding returns the jsonEncoding that indents by indent (""
// for none) and escapes HTML if escapeHTML is set.
func newJSONEncoding(indent string, escapeHTML bool) *jsonEncoding {
	e := &jsonEncoding{indent: indent, escapeHTML: escapeHTML}
	e.encoders.New = func() any {
		pe := new(partEncoder)
		pe.enc = json.NewEncoder(&pe.buf)
		pe.enc.SetEscapeHTML(escapeHTML)
		if indent != "" {
			// The items of a list at depth 1.
			pe.enc.SetIndent(indent+indent, indent)
		}
		return pe
	}
	return e
}

// frame encodes v, whose list of events under key is empty, and returns
// the bytes before and after that list's items: the head and the tail of
// a spliced file whose parts are the items (part), and the tail when
// there are none.
func (e *jsonEncoding) frame(v any, key string) (head, tail, emptyTail []byte, err error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(e.escapeHTML)
	enc.SetIndent("", e.indent)
	if err := enc.Encode(v); err != nil {
		return nil, nil, nil, err
	}
	mark := []byte(`"` + key + `":[]`)
	if e.indent != "" {
		mark = []byte(`"` + key + `": []`)
	}
	// Keys and strings are escaped: the mark stands in the bytes once.
	i := bytes.Index(buf.Bytes(), mark)
	if i < 0 || bytes.Index(buf.Bytes()[i+1:], mark) >= 0 {
		return nil, nil, nil, fmt.Errorf("site: no single list %q in the encoding", key)
	}
	i += len(mark) - 1
	head, emptyTail = buf.Bytes()[:i], buf.Bytes()[i:]
	tail = emptyTail
	if e.indent != "" {
		// The closing bracket of a list with items stands on a line of its
		// own.
		tail = append([]byte("\n"+e.indent), emptyTail...)
	}
	return head, tail, emptyTail, nil
}

// part appends to dst one item of a list as frame's file holds it.
func (e *jsonEncoding) part(dst []byte, v any) ([]byte, error) {
	pe := e.encoders.Get().(*partEncoder)
	defer e.encoders.Put(pe)
	data, err := pe.encode(v)
	if err != nil {
		return dst, err
	}
	if e.indent != "" {
		dst = append(append(append(dst, '\n'), e.indent...), e.indent...)
	}
	return append(dst, data...), nil
}

// encodeString returns the encoding of v, with no newline at its end, as
// a string.
func (e *jsonEncoding) encodeString(v any) (string, error) {
	pe := e.encoders.Get().(*partEncoder)
	defer e.encoders.Put(pe)
	data, err := pe.encode(v)
	return string(data), err
}

// A partEncoder is a JSON encoder with the buffer it writes to, kept for
// the next part: its buffers stay as large as parts need.
type partEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encode returns the encoding of v with no newline at its end. The bytes
// are the encoder's until its next use.
func (pe *partEncoder) encode(v any) ([]byte, error) {
	pe.buf.Reset()
	if err := pe.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(pe.buf.Bytes(), []byte("\n")), nil
}
