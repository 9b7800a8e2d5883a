// Package gctune sets how the garbage collector runs in timeline, which
// allocates much and keeps little.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Tune lets a run allocate up to a memory limit before collecting
// garbage, unless GOGC or GOMEMLIMIT say otherwise: a build allocates much
// and keeps little, so collecting as the heap doubles (the default) costs
// about a third of its processor time for nothing. The real record's
// build never reaches the limit. Past it the collector runs whenever the
// heap grows back to the limit, which keeps the largest builds within it.
//
// The runtime counts more than the heap against the limit, about 0.4 GB
// at 100,000 events, where a build keeps 0.5 GB live: with 1 GiB it would
// collect every 150 MB it allocates and spend a fifth of its processor
// time collecting. So once a collection finds more than largeLive live,
// the limit rises to largeLimit, which halves that and peaks at 1.6 GB;
// smaller builds keep the lower limit.
func Tune() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit)
	debug.SetGCPercent(-1)
	afterGC(func() bool {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() < largeLive {
			return true
		}
		debug.SetMemoryLimit(largeLimit)
		return false
	})
}

const (
	// memoryLimit is the memory a run may grow to before it collects
	// garbage.
	memoryLimit = 1 << 30
	// largeLimit is the limit once more than largeLive is live.
	largeLimit = 3 << 29 // 1.5 GiB
	largeLive  = 256 << 20
)

// afterGC calls f after each garbage collection for as long as f returns
// true.
func afterGC(f func() bool) {
	// A finalizer runs once the collector has found its object unused.
	type sentinel struct{ _ *int }
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		if f() {
			afterGC(f)
		}
	})
}
