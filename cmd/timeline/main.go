// Command timeline builds the nktimeline site from curated event files and
// validates them. See the README and 'timeline --help'.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"github.com/nktimeline/timeline/internal/cli"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Color: colorable(os.Stderr)}
	os.Exit(cli.Main(ctx, os.Args[1:], env))
}

// tuneGC lets a run allocate up to a memory limit before collecting
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
func tuneGC() {
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

// colorable reports whether f is a terminal and NO_COLOR is unset.
func colorable(f *os.File) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
