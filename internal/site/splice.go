package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash"
	"hash/crc32"
	"io"

	"github.com/nktimeline/timeline/internal/event"
)

// The largest downloads (data/events.json, events.csv, timelinejs.json,
// search.json) list every event, each event's part made from the event
// alone (and the catalogues, the metadata and the base URL, whose change
// renders everything). Such a file is a head, the part of each event with
// a separator between them, and a tail. A build writes it to the output as
// it is made, a batch of parts at a time (see Stream), and records where
// each part lies in the file; an incremental build copies the parts of
// unchanged events from the file the last build wrote and makes only the
// others. The bytes are those of making every part.

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
	// part returns the part of one event.
	part func(e *event.Event) ([]byte, error)
}

// splicedState is what a build recorded of a spliced file: a checksum of
// its bytes and where the part of each event lies, in the order of the
// file (the record's order, or its reverse), as start and end offsets.
type splicedState struct {
	Sum   uint32
	Spans []int64
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// spliceBatch is how many parts are made at once, on every core, before
// they are written: enough to keep the cores busy, few enough that the
// parts in memory are a small share of the file.
const spliceBatch = 512

// addSpliced makes the file f and writes it to the output as it is made,
// taking the parts of unchanged events from the previous build's file
// where the plan allows.
func (b *builder) addSpliced(f splicedFile) error {
	ds := b.ds
	n := len(ds.Events)
	at := func(i int) *event.Event {
		if f.newestFirst {
			return &ds.Events[n-1-i]
		}
		return &ds.Events[i]
	}
	// The previous file and where its parts lie, by event id.
	var (
		old   []byte
		spans []int64
		prev  map[string]int
	)
	if p := b.plan; p != nil && p.prevData != nil {
		if st, ok := p.spliced[f.name]; ok && len(st.Spans) == 2*len(p.order) {
			if data := p.prevData(f.name); data != nil && crc32.Checksum(data, castagnoli) == st.Sum {
				old, spans = data, st.Spans
				prev = p.orderIndex
			}
		}
	}
	part := func(i int) ([]byte, error) {
		e := at(i)
		if prev != nil && !b.plan.changed[e.ID] {
			if j, ok := prev[e.ID]; ok {
				if f.newestFirst {
					j = len(b.plan.order) - 1 - j
				}
				start, end := spans[2*j], spans[2*j+1]
				if 0 <= start && start <= end && end <= int64(len(old)) {
					return old[start:end], nil
				}
			}
		}
		return f.part(e)
	}
	return b.Stream(f.name, func(w io.Writer) error {
		st, err := writeSpliced(w, f, n, part)
		if err != nil {
			return err
		}
		b.mu.Lock()
		if b.spliced == nil {
			b.spliced = make(map[string]splicedState)
		}
		b.spliced[f.name] = st
		b.mu.Unlock()
		return nil
	})
}

// writeSpliced writes the file f with the n parts that part returns to w,
// and returns where each part lies and the checksum of the bytes. The
// parts are made spliceBatch at a time on every core and written in
// order, so that the file is never whole in memory.
func writeSpliced(w io.Writer, f splicedFile, n int, part func(i int) ([]byte, error)) (splicedState, error) {
	cw := &countingWriter{w: w, sum: crc32.New(castagnoli)}
	st := splicedState{Spans: make([]int64, 2*n)}
	cw.Write(f.head)
	parts := make([][]byte, min(n, spliceBatch))
	for lo := 0; lo < n && cw.err == nil; lo += len(parts) {
		k := min(len(parts), n-lo)
		err := parallel(k, func(j int) (err error) {
			parts[j], err = part(lo + j)
			return err
		})
		if err != nil {
			return st, err
		}
		for j, p := range parts[:k] {
			i := lo + j
			if i > 0 {
				cw.Write([]byte(f.sep))
			}
			st.Spans[2*i] = cw.n
			cw.Write(p)
			st.Spans[2*i+1] = cw.n
			parts[j] = nil
		}
	}
	tail := f.tail
	if n == 0 && f.emptyTail != nil {
		tail = f.emptyTail
	}
	cw.Write(tail)
	st.Sum = cw.sum.Sum32()
	return st, cw.err
}

// A countingWriter writes to w, counting and summing the bytes written,
// until a write fails; err is the first failure.
type countingWriter struct {
	w   io.Writer
	sum hash.Hash32
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.sum.Write(p[:n])
	c.n += int64(n)
	c.err = err
	return n, err
}

// jsonFrame encodes v, whose list of events under key is empty, and
// returns the bytes before and after that list's items: the head and the
// tail of a spliced file whose parts are the items (jsonPart), and the
// tail when there are none. indent is the indentation of the encoding (""
// for none).
func jsonFrame(v any, key, indent string, escapeHTML bool) (head, tail, emptyTail []byte, err error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, nil, nil, err
	}
	mark := []byte(`"` + key + `":[]`)
	if indent != "" {
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
	if indent != "" {
		// The closing bracket of a list with items stands on a line of its
		// own.
		tail = append([]byte("\n"+indent), emptyTail...)
	}
	return head, tail, emptyTail, nil
}

// jsonPart encodes one item of a list as jsonFrame's file holds it, the
// list being at depth 1 of an encoding indented by indent.
func jsonPart(v any, indent string, escapeHTML bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if indent != "" {
		enc.SetIndent(indent+indent, indent)
		buf.WriteString("\n" + indent + indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
