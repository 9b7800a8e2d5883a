package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventtest"
)

// incrementalBuild builds the events into out as `timeline build
// --incremental` does, and returns whether it rendered only part of the
// site.
func incrementalBuild(t *testing.T, events, out string) (partial bool, err error) {
	t.Helper()
	p, err := incrementalPlan(t, events, out)
	return p != nil, err
}

// incrementalPlan is incrementalBuild returning the build's plan.
func incrementalPlan(t *testing.T, events, out string) (pl *plan, err error) {
	t.Helper()
	ctx := context.Background()
	st := ReadState(out)
	res, err := event.LoadCached(ctx, events, st.EventCache())
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset == nil {
		return nil, fmt.Errorf("%v", res.Errors())
	}
	planHook = func(p *plan) { pl = p }
	defer func() { planHook = nil }()
	err = Build(ctx, res.Dataset, Options{Out: out, BaseURL: "https://nk.example/", Schema: testSchema,
		Incremental: true, State: st, Loaded: res.Cache})
	return pl, err
}

// readTreeDirs returns every file under dir by slash-separated name, and
// every directory by its name and a slash.
func readTreeDirs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel != "." {
				files[filepath.ToSlash(rel)+"/"] = nil
			}
			return nil
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// treeDiffs reports the differences between the trees a and b.
func treeDiffs(a, b map[string][]byte) []string {
	var diffs []string
	for name, data := range a {
		other, ok := b[name]
		switch {
		case !ok:
			diffs = append(diffs, "only in the incremental build: "+name)
		case !bytes.Equal(data, other):
			diffs = append(diffs, "differs: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "missing from the incremental build: "+name)
		}
	}
	return diffs
}

// TestIncrementalSameAsFull changes, adds, removes and renames events and
// the files beside them, one step after another, and checks after each
// step that an incremental build of the output, and a Preview's build in
// memory, give byte for byte the files a full build of the same events
// gives.
func TestIncrementalSameAsFull(t *testing.T) {
	events := eventtest.WriteDir(t)
	out := filepath.Join(t.TempDir(), "out")
	file := func(name string) string { return filepath.Join(events, filepath.FromSlash(name)) }
	edit := func(name, old, new string) func(t *testing.T) {
		return func(t *testing.T) {
			data, err := os.ReadFile(file(name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("%s holds no %q", name, old)
			}
			if err := os.WriteFile(file(name), bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(name, data string) func(t *testing.T) {
		return func(t *testing.T) {
			os.MkdirAll(filepath.Dir(file(name)), 0o755)
			if err := os.WriteFile(file(name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	rename := func(from, to, oldDate, newDate string) func(t *testing.T) {
		return func(t *testing.T) {
			data, err := os.ReadFile(file(from))
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(file(to)), 0o755)
			data = bytes.Replace(data, []byte("date: "+oldDate), []byte("date: "+newDate), 1)
			if err := os.WriteFile(file(to), data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(file(from)); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		name    string
		change  func(t *testing.T)
		partial bool // the build renders only part of the site
	}{
		{"first build", func(*testing.T) {}, false},
		{"nothing changed", func(*testing.T) {}, true},
		{"a file touched, its bytes the same", func(t *testing.T) {
			now := time.Now().Add(time.Minute)
			os.Chtimes(file("2017/2017-05-14-hwasong-12.yaml"), now, now)
		}, true},
		{"a title", edit("2017/2017-05-14-hwasong-12.yaml", "title: ", "title: Renamed, "), true},
		{"the title of a record holder that a later record's page names", edit("2016/2016-03-reported-salvo.yaml", "title: ", "title: Renamed, "), true},
		{"a summary with Markdown", edit("2019/2019-08-10-cruise.yaml", "summary: ", "summary: Now *with* emphasis. "), true},
		{"a count", edit("2022/2022-06-05-eight.yaml", "count: ", "count: 1"), true},
		{"an apogee that breaks a record", edit("2016/2016-08-24-slbm.yaml", "apogee_km: 500", "apogee_km: 9999"), true},
		{"an outcome", edit("2023/2023-03-01-pair.yaml", "outcome: success", "outcome: failure"), true},
		{"a system", edit("2023/2023-03-01-pair.yaml", "system: hwasong-11", "system: kn-25"), true},
		{"a site", edit("2017/2017-11-29-hwasong-15.yaml", "site: sunan", "site: sohae"), true},
		{"a nuclear test's yield", edit("2013/2013-02-12-nuclear-test.yaml", "max: 7", "max: 9"), true},
		{"a related event", edit("2024/2024-01-14-single.yaml", "sources:", "related: [2023-02-18-hwasong-15]\nsources:"), true},
		{"the related event's title", edit("2023/2023-02-18-hwasong-15.yaml", "title: ", "title: Again, "), true},
		{"a correction", edit("2022/2022-11-03-rockets.yaml", "sources:", "updated: 2023-01-02\ncorrections:\n  - date: 2023-01-02\n    text: A fact changed.\nsources:"), true},
		{"a new event", write("2019/2019-08-03-new.yaml", "date: 2019-08-03\nkind: missile-launch\ntitle: A new launch\nsummary: A new launch.\nlaunches:\n  - system: kn-25\n    count: 3\n    outcome: success\n    site: sunan\n    apogee_km: 40\nsources:\n  - url: https://example.org/new\n    publisher: Example\n"), true},
		{"a new event in a new year", write("2014/2014-05-05-gap.yaml", "date: 2014-05-05\nkind: diplomacy\ntitle: Talks in a year without events\nsummary: Talks.\nbody: Text.\nsources:\n  - url: https://example.org/gap\n    publisher: Example\n"), true},
		{"a new latest event", write("2024/2024-02-28-latest.yaml", "date: 2024-02-28\nkind: missile-launch\ntitle: The latest launch\nsummary: The latest.\nbody: Text.\nlaunches:\n  - system: hwasong-15\n    count: 2\n    outcome: partial\n    site: sohae\n    range_km: 1200\nsources:\n  - url: https://example.org/latest\n    publisher: Example\n"), true},
		{"an event removed", func(t *testing.T) { os.Remove(file("2019/2019-08-16-pair.yaml")) }, true},
		{"the only event of a year removed", func(t *testing.T) { os.Remove(file("2015/2015-06-15-talks.yaml")) }, true},
		{"an event renamed into another year", rename("2016/2016-03-10-pair.yaml", "2018/2018-03-10-pair.yaml", "2016-03-10", "2018-03-10"), true},
		{"an event renamed on the same day", rename("2022/2022-01-17-pair.yaml", "2022/2022-01-17-a-pair.yaml", "2022-01-17", "2022-01-17"), true},
		{"a date moved within its year", rename("2022/2022-01-05-pair.yaml", "2022/2022-12-05-pair.yaml", "2022-01-05", "2022-12-05"), true},
		{"the kind of an event", edit("2017/2017-03-18-engine-test.yaml", "kind: engine-test", "kind: other-test"), true},
		{"a system's name in systems.yaml", edit("systems.yaml", "name: KN-25", "name: KN-25 Renamed"), false},
		{"a site's place in sites.yaml", edit("sites.yaml", "lat: 39.66", "lat: 39.7"), false},
		{"the title in timeline.yaml", edit("timeline.yaml", "title: Test record", "title: Test record, again"), false},
		{"an event after a catalogue change", edit("2024/2024-01-14-single.yaml", "title: ", "title: Later, "), true},
	}
	// Chunks of three events' rows: the workbook's sheets have several,
	// and a changed event's rows lie in one of them.
	defer func(n int) { workbookChunk = n }(workbookChunk)
	workbookChunk = 3
	var preview Preview
	var spliced atomic.Int64
	workbookHook = func() { spliced.Add(1) }
	defer func() { workbookHook = nil }()
	for _, s := range steps {
		s.change(t)
		if partial := sameAsFull(t, s.name, events, out, &preview) != nil; partial != s.partial {
			t.Errorf("%s: partial build %v, want %v", s.name, partial, s.partial)
		}
	}
	// Most steps change events without adding any: their workbooks come
	// from the last one.
	if n := spliced.Load(); n < 10 {
		t.Errorf("%d workbooks made from the last build's, want 10 or more", n)
	}
}

// sameAsFull builds the events into out incrementally and with preview,
// checks that both give the files a full build gives, and returns the
// incremental build's plan (nil when it rendered everything; the
// preview's must be nil too).
func sameAsFull(t *testing.T, step, events, out string, preview *Preview) *plan {
	t.Helper()
	pl, err := incrementalPlan(t, events, out)
	partial := pl != nil
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	full := filepath.Join(t.TempDir(), "full")
	res, err := event.LoadDir(context.Background(), events)
	if err != nil || res.Dataset == nil {
		t.Fatalf("%s: %v %v", step, err, res.Errors())
	}
	if err := Build(context.Background(), res.Dataset, Options{Out: full, BaseURL: "https://nk.example/", Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	if diffs := treeDiffs(readTreeDirs(t, out), readTreeDirs(t, full)); len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
		}
		t.Fatalf("%s: the incremental build differs from a full one:\n%s", step, strings.Join(diffs, "\n"))
	}

	res, err = event.LoadCached(context.Background(), events, preview.EventCache())
	if err != nil || res.Dataset == nil {
		t.Fatalf("%s: %v %v", step, err, res.Errors())
	}
	previewPartial := false
	planHook = func(p *plan) { previewPartial = p != nil }
	files, err := preview.Build(context.Background(), res.Dataset, Options{BaseURL: "https://nk.example/", Schema: testSchema, Loaded: res.Cache})
	planHook = nil
	if err != nil {
		t.Fatal(err)
	}
	if previewPartial != partial {
		t.Errorf("%s: partial preview %v, partial build %v", step, previewPartial, partial)
	}
	want := readTree(t, full)
	delete(want, markerName)
	if diffs := treeDiffs(files, want); len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
		}
		t.Fatalf("%s: the preview differs from a full build:\n%s", step, strings.Join(diffs, "\n"))
	}
	return pl
}

// TestIncrementalProse changes the prose (title, summary, body and a
// source's publisher) of every event of the record, one after another,
// and checks after each change that an incremental build, and a
// Preview's, give the files of a full build. The aspects of the whole site
// that did not show a changed event are kept (see State): this checks that
// each counts as shown every event whose prose it shows.
func TestIncrementalProse(t *testing.T) {
	// The home page lists the newest events and the feed carries the
	// newest five, as they do of a large record.
	defer func(threshold, most, feed int) {
		indexThreshold, indexMaxEvents, feedSize = threshold, most, feed
	}(indexThreshold, indexMaxEvents, feedSize)
	indexThreshold, indexMaxEvents, feedSize = 10, 8, 5
	events := eventtest.WriteDir(t)
	out := filepath.Join(t.TempDir(), "out")
	var preview Preview
	sameAsFull(t, "first build", events, out, &preview)
	files, err := filepath.Glob(filepath.Join(events, "*", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no event files: %v", err)
	}
	kept := map[string]int{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][2]string{
			{"\ntitle: ", "\ntitle: Prose, "},
			{"\nsummary: ", "\nsummary: Prose. "},
			{"\nbody: ", "\nbody: Prose. "},
			{"\n    publisher: ", "\n    publisher: Prose "},
		} {
			if !bytes.Contains(data, []byte(r[0])) {
				t.Fatalf("%s holds no %q", name, r[0])
			}
			data = bytes.Replace(data, []byte(r[0]), []byte(r[1]), 1)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		step := "the prose of " + filepath.Base(name)
		p := sameAsFull(t, step, events, out, &preview)
		if p == nil {
			t.Fatalf("%s: the build rendered everything", step)
		}
		for _, aspect := range []string{"@index", "@charts", "@records", "@pace", "@about", "@feed", "@changes", "@sitemap"} {
			if !p.want(aspect) {
				kept[aspect]++
			}
		}
	}
	// Each of these aspects shows the prose of only some events, or of
	// none: it was kept in some of the steps, or the test tests nothing.
	for _, aspect := range []string{"@index", "@charts", "@records", "@pace", "@about", "@feed", "@changes", "@sitemap"} {
		if kept[aspect] == 0 {
			t.Errorf("%s rendered again in every step", aspect)
		}
	}
}

// An incremental build that fails part way leaves every file of the
// output complete, the old version or the new, and no state; the next
// build repairs the rest.
func TestIncrementalFailure(t *testing.T) {
	events := eventtest.WriteDir(t)
	out := filepath.Join(t.TempDir(), "out")
	if _, err := incrementalBuild(t, events, out); err != nil {
		t.Fatal(err)
	}
	before := readTreeDirs(t, out)
	name := filepath.Join(events, "2017", "2017-05-14-hwasong-12.yaml")
	data, _ := os.ReadFile(name)
	os.WriteFile(name, bytes.Replace(data, []byte("title: "), []byte("title: Failed, "), 1), 0o644)
	full := filepath.Join(t.TempDir(), "full")
	res, _ := event.LoadDir(context.Background(), events)
	if err := Build(context.Background(), res.Dataset, Options{Out: full, BaseURL: "https://nk.example/", Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	after := readTreeDirs(t, full)

	// The search index comes after the event pages, which are written.
	placeFault = func(name string) error {
		if name == "data/search.json" {
			return fmt.Errorf("no space left for %s", name)
		}
		return nil
	}
	_, err := incrementalBuild(t, events, out)
	placeFault = nil
	if err == nil {
		t.Fatal("the build did not fail")
	}
	if _, err := os.Stat(stateFileName(out)); err == nil {
		t.Error("a failed build left a state")
	}
	changed := 0
	for name, data := range readTreeDirs(t, out) {
		old, inBefore := before[name]
		new, inAfter := after[name]
		switch {
		case inBefore && bytes.Equal(data, old):
		case inAfter && bytes.Equal(data, new):
			changed++
		default:
			t.Errorf("%s is neither the old file nor the new", name)
		}
	}
	if changed == 0 {
		t.Error("the failed build changed nothing: the test tests nothing")
	}
	// What a killed build would leave beside the output.
	os.Mkdir(filepath.Join(filepath.Dir(out), ".out.new-killed"), 0o755)
	os.WriteFile(stateFileName(out)+"-killed", []byte("half a state"), 0o644)
	partial, err := incrementalBuild(t, events, out)
	if err != nil {
		t.Fatal(err)
	}
	if partial {
		t.Error("the build after a failed one trusted a state")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".out.*-killed")); len(left) > 0 {
		t.Errorf("the next build left %v", left)
	}
	if diffs := treeDiffs(readTreeDirs(t, out), after); len(diffs) > 0 {
		t.Errorf("the build after a failed one differs from a full build:\n%s", strings.Join(diffs, "\n"))
	}
}

// The state goes through its encoding unchanged: the snapshot a full
// build writes, and the delta an incremental build appends to it.
func TestStateCodec(t *testing.T) {
	events := eventtest.WriteDir(t)
	out := filepath.Join(t.TempDir(), "out")
	var saved *State
	stateHook = func(s *State) { saved = s }
	defer func() { stateHook = nil }()
	check := func(step string) []byte {
		t.Helper()
		data, err := os.ReadFile(stateFileName(out))
		if err != nil {
			t.Fatal(err)
		}
		s, err := decodeStateFile(bytes.Clone(data))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if len(s.Events) == 0 || len(s.Owned) == 0 || len(s.Spliced) == 0 || s.Workbook == nil || len(s.Shown) == 0 || s.Cache == nil {
			t.Fatalf("%s: the state lacks parts: %d events, %d owners, %d spliced files, workbook %v, %d aspects, cache %v",
				step, len(s.Events), len(s.Owned), len(s.Spliced), s.Workbook != nil, len(s.Shown), s.Cache != nil)
		}
		got, err := s.encodeSnapshot()
		if err != nil {
			t.Fatal(err)
		}
		want, err := saved.encodeSnapshot()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the state read is not the state the build saved", step)
		}
		if _, err := decodeStateFile(bytes.Clone(data[:len(data)-1])); err == nil {
			t.Errorf("%s: a cut state decoded", step)
		}
		bad := bytes.Clone(data)
		bad[len(bad)/2] ^= 1
		if _, err := decodeStateFile(bad); err == nil {
			t.Errorf("%s: a state with a byte changed decoded", step)
		}
		return data
	}
	if _, err := incrementalBuild(t, events, out); err != nil {
		t.Fatal(err)
	}
	first := check("full build")
	name := filepath.Join(events, "2017", "2017-05-14-hwasong-12.yaml")
	data, _ := os.ReadFile(name)
	os.WriteFile(name, bytes.Replace(data, []byte("title: "), []byte("title: Coded, "), 1), 0o644)
	if partial, err := incrementalBuild(t, events, out); err != nil || !partial {
		t.Fatalf("partial %v, %v", partial, err)
	}
	second := check("incremental build")
	if !bytes.HasPrefix(second, first) {
		t.Error("the incremental build did not append to the state")
	}
	if n := len(second) - len(first); n > 4096 {
		t.Errorf("a changed title added %d bytes to the state", n)
	}
	// Past the share of deltas, a build writes a new snapshot.
	defer func(share float64) { deltaShare = share }(deltaShare)
	deltaShare = 0
	os.WriteFile(name, bytes.Replace(data, []byte("title: "), []byte("title: Coded again, "), 1), 0o644)
	if partial, err := incrementalBuild(t, events, out); err != nil || !partial {
		t.Fatalf("partial %v, %v", partial, err)
	}
	third := check("a build past the share of deltas")
	if bytes.HasPrefix(third, first) {
		t.Error("the build past the share of deltas appended to the state")
	}
	for _, c := range []struct {
		v      any
		fields int
	}{
		{State{}, 14}, {eventState{}, 9}, {stateFile{}, 2}, {splicedState{}, 2}, {workbookState{}, 2}, {sheetChunk{}, 5},
	} {
		if n := reflect.TypeOf(c.v).NumField(); n != c.fields {
			t.Errorf("%T has %d fields; the state's codec knows %d", c.v, n, c.fields)
		}
	}
}

// stale removes the files of the owners an incremental build rendered that
// it did not make again, but a social card that a kept owner still shows.
func TestStale(t *testing.T) {
	prev := &State{Owned: map[string][]stateFile{
		"events/a": {{Name: "events/a/gone.html"}, {Name: "events/a/index.html"}, {Name: "og/shared.png"}},
		"events/b": {{Name: "events/b/index.html"}, {Name: "og/shared.png"}},
		"events/c": {{Name: "events/c/index.html"}, {Name: "og/c.png"}},
		"@index":   {{Name: "index.html"}, {Name: "og/home.png"}},
	}}
	for _, c := range []struct {
		rendered []string
		want     []string
	}{
		{[]string{"events/a"}, []string{"events/a/gone.html"}},
		{[]string{"events/a", "events/b"}, []string{"events/a/gone.html", "og/shared.png"}},
		{[]string{"events/c", "@index"}, []string{"og/c.png", "og/home.png"}},
	} {
		b := &builder{added: map[string]bool{}, cardOwners: map[string]map[string]bool{}}
		b.plan = &plan{owners: map[string]bool{}, prev: prev}
		for _, o := range c.rendered {
			b.plan.owners[o] = true
			for _, f := range prev.Owned[o] {
				// The rendered owners make their pages again, with new
				// cards, but for the files named gone.
				if !strings.HasPrefix(f.Name, "og/") && !strings.HasSuffix(f.Name, "gone.html") {
					b.added[f.Name] = false
				}
			}
			b.cardOwners["og/new-"+strings.ReplaceAll(o, "/", "-")+".png"] = map[string]bool{o: true}
		}
		if got := b.stale(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("rendering %v: stale %q, want %q", c.rendered, got, c.want)
		}
	}
}

// TestInputsDigestTypes checks what inputsDigest relies on: the
// catalogues and metadata hold no pointer, map, func or interface, whose
// Go syntax (%#v) would print an address or an order that changes from
// run to run instead of the value.
func TestInputsDigestTypes(t *testing.T) {
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Func, reflect.Interface, reflect.Chan, reflect.UnsafePointer:
			t.Errorf("%s is a %s: inputsDigest would not see its value", path, typ.Kind())
		case reflect.Slice, reflect.Array:
			check(path+"[]", typ.Elem())
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				check(path+"."+f.Name, f.Type)
			}
		}
	}
	ds := &event.Dataset{}
	check("Meta", reflect.TypeOf(ds.Meta))
	check("Systems", reflect.TypeOf(ds.Systems))
	check("Sites", reflect.TypeOf(ds.Sites))
}
