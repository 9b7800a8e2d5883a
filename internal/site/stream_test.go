package site

import (
	"bytes"
	"encoding/json"
	"hash/crc32"
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
// jsonFrame's head and tail and jsonPart's items, gives the bytes of
// encoding the whole value, indented or not, and that the spans recorded
// point at the parts.
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
			head, tail, emptyTail, err := jsonFrame(file{Title: full.Title, Items: []any{}, After: "x"}, "items", indent, false)
			if err != nil {
				t.Fatal(err)
			}
			f := splicedFile{head: head, tail: tail, emptyTail: emptyTail, sep: ","}
			parts := make([][]byte, n)
			var got bytes.Buffer
			st, err := writeSpliced(&got, f, n, func(i int) ([]byte, error) {
				p, err := jsonPart(items[i], indent, false)
				parts[i] = p
				return p, err
			})
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%d items, indent %q:\ngot  %s\nwant %s", n, indent, got.String(), want.String())
				continue
			}
			if sum := crc32.Checksum(got.Bytes(), castagnoli); st.Sum != sum {
				t.Errorf("%d items, indent %q: sum %x, want %x", n, indent, st.Sum, sum)
			}
			for i, p := range parts {
				if s := got.Bytes()[st.Spans[2*i]:st.Spans[2*i+1]]; !bytes.Equal(s, p) {
					t.Errorf("%d items, indent %q: span of item %d holds %s, want %s", n, indent, i, s, p)
				}
			}
		}
	}
}
