package event

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// copyDir copies the directory tree from into a new temporary directory.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// A load from a cache gives what a load without one gives, after the
// cache went through its encoding, and sees every change to the files.
func TestLoadCached(t *testing.T) {
	ctx := context.Background()
	dir := copyDir(t, "../../events")
	load := func(c *Cache) *Result {
		t.Helper()
		res, err := LoadCached(ctx, dir, c)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	same := func(what string, got *Result) {
		t.Helper()
		want, err := LoadDir(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Dataset, want.Dataset) {
			t.Errorf("%s: the dataset differs from a load without a cache", what)
		}
		if !reflect.DeepEqual(got.Problems, want.Problems) {
			t.Errorf("%s: problems %v, want %v", what, got.Problems, want.Problems)
		}
	}
	roundTrip := func(c *Cache) *Cache {
		t.Helper()
		data, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var d Cache
		if err := d.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
		again, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Fatal("the cache encodes to other bytes after decoding")
		}
		for name, f := range d.Files {
			g, h := *f, *c.Files[name]
			g.enc, h.enc = "", ""
			if !reflect.DeepEqual(g, h) {
				t.Fatalf("the cache's entry %s changed through its encoding", name)
			}
		}
		return &d
	}
	first := load(nil)
	same("no cache", first)
	if first.Cache == nil || len(first.Cache.Files) != first.Events {
		t.Fatalf("the cache holds %d files, want %d", len(first.Cache.Files), first.Events)
	}
	c := roundTrip(first.Cache)
	same("unchanged files", load(c))

	// An edit, with its time set back to what it was: the change time
	// still tells.
	name := filepath.Join(dir, "2017", "2017-09-03-sixth-nuclear-test.yaml")
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(name)
	os.WriteFile(name, []byte(strings.Replace(string(data), "title: ", "title: Edited, ", 1)), 0o644)
	os.Chtimes(name, fi.ModTime(), fi.ModTime())
	res := load(c)
	same("an edited file", res)
	if e, _ := res.Dataset.Event("2017-09-03-sixth-nuclear-test"); !strings.HasPrefix(e.Title, "Edited, ") {
		t.Errorf("the edit was not read: %q", e.Title)
	}
	// The delta from the last cache to this one holds the edited entry
	// alone, and turns the last one into this one.
	delta, ok := res.Cache.AppendDelta(nil, c)
	if !ok {
		t.Fatal("no delta between two caches of the same directory")
	}
	if len(delta) > len(data)+4096 {
		t.Errorf("the delta of one edited file is %d bytes", len(delta))
	}
	applied := roundTrip(c)
	if err := applied.ApplyDelta(string(delta)); err != nil {
		t.Fatal(err)
	}
	want, _ := res.Cache.MarshalBinary()
	if got, _ := applied.MarshalBinary(); !bytes.Equal(got, want) {
		t.Error("the delta applied gives another cache")
	}
	c = roundTrip(res.Cache)

	// A file made invalid gives the same problems; no cache comes back.
	os.WriteFile(name, []byte(strings.Replace(string(data), "kind: ", "kind: nonsense-", 1)), 0o644)
	if res := load(c); res.Dataset != nil || res.Cache != nil {
		t.Error("an invalid file gave a dataset or a cache")
	} else {
		same("an invalid file", res)
	}
	os.WriteFile(name, data, 0o644)

	// timeline.yaml changes how every event is checked: an as-of date
	// before some events makes them errors, though their files are the
	// same.
	meta := filepath.Join(dir, TimelineFile)
	md, _ := os.ReadFile(meta)
	res = load(c)
	c = res.Cache
	i := strings.Index(string(md), "as_of: ")
	j := i + strings.IndexByte(string(md[i:]), '\n')
	os.WriteFile(meta, []byte(string(md[:i])+"as_of: 2017-01-01"+string(md[j:])), 0o644)
	now := time.Now()
	os.Chtimes(meta, now, now)
	res = load(c)
	if res.Dataset != nil {
		t.Error("events after the new as-of date were taken from the cache")
	}
	same("a new as-of date", res)
}

// TestCacheCodecFields fails when a type the cache encodes gains or loses
// a field: the codec (cachecodec.go) must then write and read it too.
func TestCacheCodecFields(t *testing.T) {
	for _, c := range []struct {
		v      any
		fields int
	}{
		{Event{}, 16}, {Launch{}, 9}, {ReportedCount{}, 4}, {Nuclear{}, 4}, {Range{}, 2},
		{Source{}, 4}, {Correction{}, 2}, {Date{}, 3}, {Problem{}, 3}, {Position{}, 3},
		{CachedFile{}, 6}, {CachedRef{}, 3}, {Stamp{}, 6}, {Cache{}, 5}, // Cache.from and read are not encoded
	} {
		typ := reflect.TypeOf(c.v)
		if typ.NumField() != c.fields {
			t.Errorf("%s has %d fields; the cache's codec knows %d", typ, typ.NumField(), c.fields)
		}
	}
}

// LoadChanged takes from the cache every file but those written, and lists
// the folders again when they do not agree with the cache.
func TestLoadChanged(t *testing.T) {
	ctx := context.Background()
	dir := copyDir(t, "../../events")
	first, err := LoadCached(ctx, dir, nil)
	if err != nil || first.Cache == nil {
		t.Fatal(err, first.Errors())
	}
	name := "2017/2017-09-03-sixth-nuclear-test.yaml"
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(string(data), "title: ", "title: Written, ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := LoadDir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := LoadChanged(ctx, dir, first.Cache, []string{name})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Dataset, want.Dataset) || !reflect.DeepEqual(res.Problems, want.Problems) {
		t.Error("a load told of the written file differs from a load without a cache")
	}
	if from, read := res.Cache.Read(); from != first.Cache || len(read) != 1 || read[0] != name {
		t.Errorf("the load read %q", read)
	}
	// Told of nothing, it takes the file from the cache, as it was.
	res, err = LoadChanged(ctx, dir, first.Cache, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := res.Dataset.Event("2017-09-03-sixth-nuclear-test"); strings.HasPrefix(e.Title, "Written, ") {
		t.Error("a file it was not told of was read")
	}
	// A new year folder: the folders are listed again.
	if err := os.MkdirAll(filepath.Join(dir, "1996"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "1996", "1996-08-31-new.yaml"), []byte(strings.Replace(string(data), "date: 2017-09-03", "date: 1996-08-31", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = LoadChanged(ctx, dir, first.Cache, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err = LoadDir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Problems, want.Problems) || !reflect.DeepEqual(res.Dataset, want.Dataset) {
		t.Error("a load with a new year folder differs from a load without a cache")
	}
}

// An event file that is a symbolic link is read again by every load, even
// one told of no written file: the file it points to may have changed.
func TestLoadChangedLink(t *testing.T) {
	ctx := context.Background()
	dir := copyDir(t, "../../events")
	name := "2017/2017-09-03-sixth-nuclear-test.yaml"
	target := filepath.Join(dir, "sixth.md")
	if err := os.Rename(filepath.Join(dir, name), target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../sixth.md", filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	first, err := LoadCached(ctx, dir, nil)
	if err != nil || first.Cache == nil || first.Dataset == nil {
		t.Fatal(err, first.Errors())
	}
	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte(strings.Replace(string(data), "title: ", "title: Linked, ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := LoadChanged(ctx, dir, first.Cache, nil)
	if err != nil || res.Dataset == nil {
		t.Fatal(err, res.Errors())
	}
	if e, _ := res.Dataset.Event("2017-09-03-sixth-nuclear-test"); !strings.HasPrefix(e.Title, "Linked, ") {
		t.Errorf("the linked file was taken from the cache: %q", e.Title)
	}
}

// A cache does not keep alive the caches of the loads before it: a
// preview server loads from the last cache at every save, and a chain of
// them would grow for as long as it runs.
func TestCacheForgetsOlderCaches(t *testing.T) {
	ctx := context.Background()
	dir := copyDir(t, "../../events")
	res, err := LoadCached(ctx, dir, nil)
	if err != nil || res.Cache == nil {
		t.Fatal(err, res.Errors())
	}
	collected := make(chan struct{})
	runtime.AddCleanup(res.Cache, func(ch chan struct{}) { close(ch) }, collected)
	cache := res.Cache
	for range 3 {
		next, err := LoadCached(ctx, dir, cache)
		if err != nil || next.Cache == nil {
			t.Fatal(err, next.Errors())
		}
		if from, _ := next.Cache.Read(); from != cache {
			t.Fatal("a load's cache does not name the cache it came from")
		}
		cache = next.Cache
	}
	res = nil
	for range 20 {
		runtime.GC()
		select {
		case <-collected:
			runtime.KeepAlive(cache)
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Error("the first cache is still alive three loads later")
}
