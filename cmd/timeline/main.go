// Command timeline builds the nktimeline site from curated event files and
// validates them. See the README and 'timeline --help'.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/nktimeline/timeline/internal/cli"
	"github.com/nktimeline/timeline/internal/gctune"
)

func main() {
	gctune.Tune()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Color: colorable(os.Stderr)}
	os.Exit(cli.Main(ctx, os.Args[1:], env))
}

// colorable reports whether f is a terminal and NO_COLOR is unset.
func colorable(f *os.File) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
