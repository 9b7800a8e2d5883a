package serve

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nktimeline/timeline/internal/gctune"
	"github.com/nktimeline/timeline/internal/site"
	"github.com/nktimeline/timeline/internal/synth/gen"
)

// BenchmarkRebuild is one rebuild of the real record as the server makes
// it on a change: load and validate the events, build the site in memory,
// compare it with the last one. It reports the CPU time of a rebuild
// besides its wall time, which on a busy machine says more. Profile it with
//
//	go test -run X -bench Rebuild -cpuprofile cpu.prof ./internal/serve/
func BenchmarkRebuild(b *testing.B) {
	s, err := New(Config{Events: "../../events", BaseURL: "http://127.0.0.1:1313/"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s.rebuild(ctx)
	if st := s.cur.Load(); st.files == nil || len(st.problems) > 0 {
		b.Fatalf("the real record does not build: %q", st.problems)
	}
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		s.rebuild(ctx)
	}
	b.ReportMetric(float64((cpuTime(b)-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkScaleServe is the rebuild the server makes after a save that
// changes the title of one event of a synthetic record of 10,000 events
// (TIMELINE_BENCH_EVENTS), told of the write as its watcher tells it,
// from the rebuild's start to the new site being served. The first build, which draws every social card, is not timed;
// TIMELINE_BENCH_CARDS names a directory to keep the cards in between
// runs. Run it with
//
//	go test -run '^$' -bench ScaleServe -benchtime 20x ./internal/serve
func BenchmarkScaleServe(b *testing.B) {
	n := 10000
	if v := os.Getenv("TIMELINE_BENCH_EVENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	c, err := gen.LoadCatalogue("../../events")
	if err != nil {
		b.Fatal(err)
	}
	set, err := gen.Generate(c, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "events")
	if err := set.WriteEvents(dir); err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.yaml"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no event files: %v", err)
	}
	file := files[len(files)/2]
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		b.Fatal(err)
	}
	rel = filepath.ToSlash(rel)
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(Config{Events: dir, BaseURL: site.DefaultBaseURL})
	if err != nil {
		b.Fatal(err)
	}
	s.cfg.cacheDir = os.Getenv("TIMELINE_BENCH_CARDS")
	if s.cfg.cacheDir == "" {
		s.cfg.cacheDir = b.TempDir()
	}
	// Collect garbage as timeline does, for the rest of the run.
	gctune.Tune()
	ctx := context.Background()
	s.rebuild(ctx)
	if st := s.cur.Load(); st.files == nil || len(st.problems) > 0 {
		b.Fatalf("the record does not build: %q", st.problems)
	}
	b.ReportAllocs()
	cpu := cpuTime(b)
	i := 0
	for b.Loop() {
		i++
		title := []byte(fmt.Sprintf("title: Changed %d, ", i%2))
		if err := os.WriteFile(file, bytes.Replace(src, []byte("title: "), title, 1), 0o644); err != nil {
			b.Fatal(err)
		}
		s.changes.note(rel) // as the watcher notes a write
		s.rebuild(ctx)
	}
	b.ReportMetric(float64((cpuTime(b)-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	if st := s.cur.Load(); len(st.problems) > 0 {
		b.Fatalf("the rebuilds failed: %q", st.problems)
	}
}
