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
// about a third of its processor time for nothing. Past the limit the
// collector runs as usual, which keeps the largest builds within it.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit)
	debug.SetGCPercent(-1)
}

// memoryLimit is the heap a run may grow to before it collects garbage.
const memoryLimit = 1 << 30

// colorable reports whether f is a terminal and NO_COLOR is unset.
func colorable(f *os.File) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
