package event

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestListDir: listDir lists what os.ReadDir lists, with the same types,
// and its entries' Info is what os.Lstat says.
func TestListDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("date: 2022\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.yaml", filepath.Join(dir, "c.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "d.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f, err := root.Open(".")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := listDir(f)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("listDir gave %d entries, os.ReadDir %d", len(got), len(want))
	}
	slices.SortFunc(got, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	for i, e := range got {
		w := want[i]
		if e.Name() != w.Name() || e.Type() != w.Type() || e.IsDir() != w.IsDir() {
			t.Errorf("entry %d: %s %v, want %s %v", i, e.Name(), e.Type(), w.Name(), w.Type())
		}
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		wi, err := os.Lstat(filepath.Join(dir, w.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if info.Name() != wi.Name() || info.Mode() != wi.Mode() || info.Size() != wi.Size() || !info.ModTime().Equal(wi.ModTime()) || info.IsDir() != wi.IsDir() {
			t.Errorf("%s: info %v %d %v, want %v %d %v", e.Name(), info.Mode(), info.Size(), info.ModTime(), wi.Mode(), wi.Size(), wi.ModTime())
		}
		if s := stampOf(info); s != stampOf(wi) || s == (Stamp{}) {
			t.Errorf("%s: stamp %+v, want %+v", e.Name(), s, stampOf(wi))
		}
	}

	// openIn reads the regular file, refuses the link and opens the fifo
	// without blocking, as not a regular file.
	of, err := openIn(f, "a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if size, ok := of.regularSize(); !ok || size != 11 {
		t.Errorf("regularSize = %d, %v", size, ok)
	}
	if data, err := io.ReadAll(of); err != nil || string(data) != "date: 2022\n" {
		t.Errorf("read %q, %v", data, err)
	}
	of.Close()
	if of, err := openIn(f, "c.yaml"); err == nil {
		of.Close()
		t.Error("openIn followed a symbolic link")
	}
	of, err = openIn(f, "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := of.regularSize(); ok {
		t.Error("a fifo is a regular file to regularSize")
	}
	of.Close()
}
