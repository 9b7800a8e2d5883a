// Command synth writes a synthetic events directory of any size, for
// measuring validation and builds at scale (tools/bench-scale.sh):
//
//	go run ./internal/synth -n 10000 -o DIR [-seed N] [-hugo HUGODIR]
//
// The events use the catalogues of the record's events/ directory, are
// valid under `timeline validate --strict`, and are the same bytes for the
// same size and seed. With -hugo it also writes the same events as a Hugo
// site, so that both generators can be timed on one record.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nktimeline/timeline/internal/synth/gen"
)

func main() {
	n := flag.Int("n", 1000, "how many events to make")
	out := flag.String("o", "", "the events directory to write (new or empty)")
	seed := flag.Uint64("seed", 1, "the random seed; the same seed gives the same bytes")
	catalogues := flag.String("catalogues", "events", "the events directory whose timeline.yaml, systems.yaml, sites.yaml and event.schema.json to use")
	hugo := flag.String("hugo", "", "also write the events as a Hugo site into this directory (new or empty)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: synth -n N -o DIR [-seed N] [-catalogues DIR] [-hugo DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*n, *seed, *catalogues, *out, *hugo); err != nil {
		fmt.Fprintf(os.Stderr, "synth: %v\n", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, catalogues, out, hugo string) error {
	c, err := gen.LoadCatalogue(catalogues)
	if err != nil {
		return err
	}
	set, err := gen.Generate(c, n, seed)
	if err != nil {
		return err
	}
	if err := set.WriteEvents(out); err != nil {
		return err
	}
	if hugo != "" {
		return set.WriteHugo(hugo)
	}
	return nil
}
