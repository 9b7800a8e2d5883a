package serve

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

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
