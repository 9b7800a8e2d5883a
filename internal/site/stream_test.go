package site

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpdateFile writes files over earlier contents in chunks, as a
// streamed file of a reused directory is written: the result is always
// the new bytes, whatever was there.
func TestUpdateFile(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
	}{
		{"same", "hello, world", "hello, world"},
		{"longer", "hello", "hello, world"},
		{"shorter", "hello, world", "hello"},
		{"differs early", "jello, world", "hello, world"},
		{"differs late", "hello, worle", "hello, world"},
		{"empty before", "", "hello"},
		{"empty after", "hello", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f")
			if err := os.WriteFile(p, []byte(tc.old), 0o644); err != nil {
				t.Fatal(err)
			}
			w, err := updateFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, chunk := range strings.SplitAfter(tc.new, " ") {
				if _, err := io.WriteString(w, chunk); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.new {
				t.Errorf("file holds %q, want %q", got, tc.new)
			}
		})
	}
}

// TestUpdateFileLinked checks that a file with another name is replaced,
// not written through: the other name keeps its bytes.
func TestUpdateFileLinked(t *testing.T) {
	dir := t.TempDir()
	p, other := filepath.Join(dir, "f"), filepath.Join(dir, "g")
	if err := os.WriteFile(other, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(other, p); err != nil {
		t.Skip(err)
	}
	w, err := updateFile(p)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "new")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(other); string(got) != "kept" {
		t.Errorf("the other name holds %q, want %q", got, "kept")
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("file holds %q, want %q", got, "new")
	}
}

// TestWriteSplicedJSON checks that a list written a part at a time, from
// a jsonEncoding's frame and parts, gives the bytes of encoding the whole
// value, indented or not, and that the spans recorded point at the parts.
func TestWriteSplicedJSON(t *testing.T) {
	type file struct {
		Title string `json:"title"`
		Items []any  `json:"items"`
		After string `json:"after,omitempty"`
	}
	for _, n := range []int{0, 1, 3, spliceBatch + 2} {
		for _, indent := range []string{"", " "} {
			items := []any{}
			for i := range n {
				items = append(items, map[string]any{"id": i, "tags": []string{"a<b", "c"}, "items": []int{}})
			}
			full := file{Title: `"items":[] & <more>`, Items: items, After: "x"}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", indent)
			if err := enc.Encode(full); err != nil {
				t.Fatal(err)
			}
			je := newJSONEncoding(indent, false)
			head, tail, emptyTail, err := je.frame(file{Title: full.Title, Items: []any{}, After: "x"}, "items")
			if err != nil {
				t.Fatal(err)
			}
			f := splicedFile{head: head, tail: tail, emptyTail: emptyTail, sep: ","}
			parts := make([][]byte, n)
			var got bytes.Buffer
			st, err := writeSpliced(&spliceWriter{w: &got}, f, n, func(dst []byte, i int) ([]byte, error) {
				p, err := je.part(dst, items[i])
				// writeSpliced reuses the memory of a part once written.
				parts[i] = bytes.Clone(p[len(dst):])
				return p, err
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%d items, indent %q:\ngot  %s\nwant %s", n, indent, got.String(), want.String())
				continue
			}
			for i, p := range parts {
				if s := got.Bytes()[st.Spans[2*i]:st.Spans[2*i+1]]; !bytes.Equal(s, p) {
					t.Errorf("%d items, indent %q: span of item %d holds %s, want %s", n, indent, i, s, p)
				}
			}
		}
	}
}

// TestWriteSplicedFromOld checks that a spliced file written with parts
// taken from its previous version, in memory and on disk, holds the bytes
// of one written from scratch, and that its spans point at its parts.
func TestWriteSplicedFromOld(t *testing.T) {
	f := splicedFile{head: []byte("head["), tail: []byte("]tail"), emptyTail: []byte("]"), sep: ",\n"}
	partOf := func(id string) []byte { return []byte("{" + id + "}") }
	write := func(ids []string, old *oldSpliced, file *os.File) ([]byte, splicedState) {
		t.Helper()
		var buf bytes.Buffer
		w := &spliceWriter{w: &buf}
		var bw *bufio.Writer
		if file != nil {
			bw = bufio.NewWriterSize(file, 7)
			w = &spliceWriter{w: bw, f: file}
		}
		st, err := writeSpliced(w, f, len(ids), func(dst []byte, i int) ([]byte, error) { return append(dst, partOf(ids[i])...), nil }, old)
		if err != nil {
			t.Fatal(err)
		}
		if file == nil {
			return buf.Bytes(), st
		}
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(file.Name())
		if err != nil {
			t.Fatal(err)
		}
		return data, st
	}
	many := make([]string, spliceBatch+5)
	for i := range many {
		many[i] = fmt.Sprintf("e%d", i)
	}
	for _, c := range []struct {
		name     string
		old, new []string
		changed  map[string]bool
	}{
		{"one changed", []string{"a", "b", "c", "d"}, []string{"a", "b", "c", "d"}, map[string]bool{"b": true}},
		{"first and last changed", []string{"a", "b", "c"}, []string{"a", "b", "c"}, map[string]bool{"a": true, "c": true}},
		{"one added", []string{"a", "b", "d"}, []string{"a", "b", "c", "d"}, nil},
		{"one removed", []string{"a", "b", "c", "d"}, []string{"a", "c", "d"}, nil},
		{"moved", []string{"a", "b", "c", "d"}, []string{"c", "a", "b", "d"}, nil},
		{"all removed", []string{"a", "b"}, []string{}, nil},
		{"first added", []string{}, []string{"a"}, nil},
		{"many, one changed", many, many, map[string]bool{many[spliceBatch+1]: true}},
	} {
		for _, disk := range []bool{false, true} {
			prev, prevSt := write(c.old, nil, nil)
			index := map[string]int{}
			for j, id := range c.old {
				index[id] = j
			}
			var src spliceSource = memSource(prev)
			var file *os.File
			if disk {
				dir := t.TempDir()
				name := filepath.Join(dir, "prev")
				if err := os.WriteFile(name, prev, 0o644); err != nil {
					t.Fatal(err)
				}
				pf, err := os.Open(name)
				if err != nil {
					t.Fatal(err)
				}
				defer pf.Close()
				src = fileSource{pf, int64(len(prev))}
				if file, err = os.Create(filepath.Join(dir, "new")); err != nil {
					t.Fatal(err)
				}
				defer file.Close()
			}
			ids := c.new
			old := &oldSpliced{src: src, spans: prevSt.Spans, at: func(i int) int {
				if j, ok := index[ids[i]]; ok && !c.changed[ids[i]] {
					return j
				}
				return -1
			}}
			got, st := write(ids, old, file)
			want, _ := write(ids, nil, nil)
			if !bytes.Equal(got, want) {
				t.Errorf("%s (disk %v):\ngot  %q\nwant %q", c.name, disk, got, want)
				continue
			}
			for i, id := range ids {
				if s := got[st.Spans[2*i]:st.Spans[2*i+1]]; !bytes.Equal(s, partOf(id)) {
					t.Errorf("%s (disk %v): span of part %d holds %q, want %q", c.name, disk, i, s, partOf(id))
				}
			}
		}
	}
}
