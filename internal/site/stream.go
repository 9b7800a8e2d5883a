package site

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"path/filepath"
)

// The data downloads (data/events.json, events.csv, timelinejs.json,
// search.json, the workbook) grow with the record: at a hundred thousand
// events each is tens or hundreds of megabytes. They are written to the
// output as they are made, an event at a time, rather than built whole in
// memory and then handed over.

// A streamer is an output that can take a file as it is written. The file
// is complete, and counts as written, once the writer is closed.
type streamer interface {
	Create(name string) (io.WriteCloser, error)
}

// streamBufferSize is the size of the buffer between a streamed file's
// writer and the output.
const streamBufferSize = 256 << 10

// Stream adds the file name with the bytes that write writes, passing
// them to the output as they come when it can take a stream, so that the
// whole file is never in memory. Like Add, it refuses a name added
// before.
func (b *builder) Stream(name string, write func(w io.Writer) error) error {
	return b.stream(name, 0, write)
}

// stream is Stream for a file of about size bytes, when known.
func (b *builder) stream(name string, size int, write func(w io.Writer) error) error {
	if err := b.claim(name, false); err != nil {
		return err
	}
	return b.streamClaimed(name, size, write)
}

// streamClaimed is stream for a name already claimed.
func (b *builder) streamClaimed(name string, size int, write func(w io.Writer) error) error {
	s, ok := b.out.(streamer)
	if !ok {
		var buf bytes.Buffer
		buf.Grow(size)
		if err := write(&buf); err != nil {
			return err
		}
		if err := b.out.Put(name, buf.Bytes()); err != nil {
			return fmt.Errorf("site: %w", err)
		}
		return nil
	}
	f, err := s.Create(name)
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	w := bufio.NewWriterSize(f, streamBufferSize)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if a, ok := f.(aborter); ok && err != nil {
		a.Abort()
		return err
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("site: %w", cerr)
	}
	return err
}

// An aborter is a file being written that is dropped, rather than closed,
// when its writing fails: one that would take the place of a complete
// file.
type aborter interface {
	Abort()
}

// Create opens the file name of the directory for writing. In a reused
// directory the file is compared with what the writer writes and changed
// only from the first byte that differs, so that a file that already
// holds the right bytes is left as it was.
func (d *dirOutput) Create(name string) (io.WriteCloser, error) {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return nil, err
	}
	if putFault != nil {
		if err := putFault(d, name); err != nil {
			return nil, d.wrap(err)
		}
	}
	d.files.Add(1)
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if !d.reuse {
		return createFile(p)
	}
	d.written.Store(name, struct{}{})
	w, err := updateFile(p)
	if err != nil {
		return nil, d.wrap(err)
	}
	return reuseWriter{w, d}, nil
}

// reuseWriter marks the failure to finish a file of a reused directory
// as such (see reuseError).
type reuseWriter struct {
	io.WriteCloser
	d *dirOutput
}

func (w reuseWriter) Write(p []byte) (int, error) {
	n, err := w.WriteCloser.Write(p)
	return n, w.d.wrap(err)
}

func (w reuseWriter) Close() error { return w.d.wrap(w.WriteCloser.Close()) }
