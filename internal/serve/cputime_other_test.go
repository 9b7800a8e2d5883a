//go:build !unix

package serve

import (
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used, which this system does
// not tell: the benchmarks report 0.
func cpuTime(testing.TB) time.Duration { return 0 }
