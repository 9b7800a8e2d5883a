package gen

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// catalogueDir is the record's own events directory.
const catalogueDir = "../../../events"

func catalogue(t *testing.T) *Catalogue {
	t.Helper()
	c, err := LoadCatalogue(catalogueDir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func generate(t *testing.T, n int, seed uint64) *Set {
	t.Helper()
	s, err := Generate(catalogue(t), n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestValid writes 1,000 events and loads them as `timeline validate
// --strict` does: no errors and no warnings, and every event reads back
// as exactly the event that was generated.
func TestValid(t *testing.T) {
	const n = 1000
	set := generate(t, n, 1)
	dir := filepath.Join(t.TempDir(), "events")
	if err := set.WriteEvents(dir); err != nil {
		t.Fatal(err)
	}
	res, err := event.LoadDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("%d problems (errors and warnings), first ones:\n%s", len(res.Problems), res.Problems[:min(len(res.Problems), 10)].Error())
	}
	got := res.Dataset.Events
	if len(got) != n {
		t.Fatalf("loaded %d events, want %d", len(got), n)
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], set.Events[i]) {
			t.Fatalf("event %d reads back differently:\nloaded    %+v\ngenerated %+v\nfile:\n%s", i, got[i], set.Events[i], EventYAML(&set.Events[i]))
		}
	}
}

// TestVariety checks that a set of 1,000 events has the variety of the
// record: every kind, system and site, the optional fields, and dates over
// the whole span.
func TestVariety(t *testing.T) {
	set := generate(t, 1000, 1)
	c := set.Catalogue
	seen := map[string]bool{}
	count := map[string]int{}
	for _, e := range set.Events {
		seen["kind:"+string(e.Kind)] = true
		for _, l := range e.Launches {
			seen["system:"+l.System] = true
			if l.Site != "" {
				seen["site:"+l.Site] = true
			}
			if l.ApogeeKm != nil {
				count["apogee"]++
			}
			if l.RangeKm != nil {
				count["range"]++
			}
		}
		if len(e.Launches) > 1 {
			count["several groups"]++
		}
		if e.Nuclear != nil {
			seen["site:"+e.Nuclear.Site] = true
		}
		if e.Date.Precision() == event.PrecisionMonth {
			count["month-only date"]++
		}
		if !e.EndDate.IsZero() {
			count["end date"]++
		}
		if e.Time != "" {
			count["time"]++
		}
		if strings.Contains(e.Body, "](https://") {
			count["body link"]++
		}
		if strings.Contains(e.Body+e.Summary, "*") {
			count["emphasis"]++
		}
		if strings.Contains(e.Body, "\n- ") {
			count["list"]++
		}
		if strings.Contains(e.Body, "\n\n") {
			count["several paragraphs"]++
		}
		count["sources "+string(rune('0'+len(e.Sources)))]++
		if len(e.Related) > 0 {
			count["related"]++
		}
		if len(e.Tags) > 0 {
			count["tags"]++
		}
	}
	// Other kinds name a site only in their text; launches and nuclear
	// tests alone must cover the catalogue.
	for _, k := range event.Kinds {
		if !seen["kind:"+string(k)] {
			t.Errorf("no %s event", k)
		}
	}
	for _, s := range c.Systems {
		if !seen["system:"+s.ID] {
			t.Errorf("system %s never used", s.ID)
		}
	}
	for _, s := range c.Sites {
		if !seen["site:"+s.ID] {
			t.Errorf("site %s never used", s.ID)
		}
	}
	for _, k := range []string{"apogee", "range", "several groups", "month-only date", "end date", "time",
		"body link", "emphasis", "list", "several paragraphs", "sources 1", "sources 2", "sources 3", "related", "tags"} {
		if count[k] == 0 {
			t.Errorf("no event with %s", k)
		}
	}
	if first := set.Events[0].Date; first.Year > c.Meta.Start.Year+1 {
		t.Errorf("earliest event %s; want one in %d or %d", first, c.Meta.Start.Year, c.Meta.Start.Year+1)
	}
	if last := set.Events[len(set.Events)-1].Date; last.Year != c.Meta.AsOf.Year {
		t.Errorf("latest event %s; want one in the as-of year %d", last, c.Meta.AsOf.Year)
	}
}

// TestDeterministic writes the same size and seed twice, as two runs of
// the command would, and compares the bytes; another seed must differ.
func TestDeterministic(t *testing.T) {
	read := func(seed uint64) map[string][]byte {
		dir := t.TempDir()
		set := generate(t, 1000, seed)
		if err := set.WriteEvents(filepath.Join(dir, "events")); err != nil {
			t.Fatal(err)
		}
		if err := set.WriteHugo(filepath.Join(dir, "hugo")); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	a, b := read(7), read(7)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
	other := read(8)
	same := 0
	for name, data := range other {
		if bytes.Equal(data, a[name]) {
			same++
		}
	}
	// The catalogues, the schema and the Hugo layouts are copied; events
	// must change with the seed.
	if same > 12 {
		t.Errorf("seed 8 gives %d files identical to seed 7's", same)
	}
}

// TestWriteRefusesNonEmpty keeps a set from being mixed into old events.
func TestWriteRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stale.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := generate(t, 3, 1).WriteEvents(dir); err == nil {
		t.Fatal("wrote into a non-empty directory")
	}
}

// TestHugo builds the Hugo site of a small set with the hugo command, when
// it is installed, and checks that it has the index and a page per event.
func TestHugo(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed")
	}
	set := generate(t, 40, 1)
	dir := t.TempDir()
	src, out := filepath.Join(dir, "site"), filepath.Join(dir, "out")
	if err := set.WriteHugo(src); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hugo, "--quiet", "-s", src, "-d", out)
	cmd.Env = append(os.Environ(), "HUGO_CACHEDIR="+filepath.Join(dir, "cache"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, msg)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range set.Events {
		if !bytes.Contains(index, []byte(`href="/events/`+e.ID+`/"`)) {
			t.Errorf("index.html does not link to %s", e.ID)
		}
		page, err := os.ReadFile(filepath.Join(out, "events", e.ID, "index.html"))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, want := range []string{"<h1>", "Sources", e.Sources[0].URL} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("events/%s/index.html lacks %q", e.ID, want)
			}
		}
		if !bytes.Contains(page, []byte(`<div class="body"><p>`)) {
			t.Errorf("events/%s/index.html has no rendered body", e.ID)
		}
	}
}

// TestFS loads the in-memory form that benchmarks use, without a disk.
func TestFS(t *testing.T) {
	set := generate(t, 100, 3)
	res, err := event.Load(context.Background(), set.FS(), "events")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 || res.Dataset == nil || len(res.Dataset.Events) != 100 {
		t.Fatalf("%d events, problems:\n%s", res.Events, res.Problems.Error())
	}
}
