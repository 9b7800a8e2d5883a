// Command timeline builds the nktimeline site from curated event files and
// validates them. See the README and 'timeline --help'.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"

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
// heap reaches it again, which keeps the largest builds within it: a
// build of 100,000 events keeps about 0.5 GB live and peaks at 1.6 GB.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit)
	debug.SetGCPercent(-1)
}

// memoryLimit is the memory a run may grow to before it collects
// garbage. The runtime counts more than the heap against it (about 0.4 GB
// more at 100,000 events), and a collection comes each time the heap
// grows back to the limit: with 1 GiB a build of 100,000 events spent a
// fifth of its processor time collecting, with 1.5 GiB a tenth.
const memoryLimit = 3 << 29 // 1.5 GiB

// colorable reports whether f is a terminal and NO_COLOR is unset.
func colorable(f *os.File) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
