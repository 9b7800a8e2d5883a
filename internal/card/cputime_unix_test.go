//go:build unix

package card

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used. Benchmarks report
// it beside the wall-clock time, which on a busy shared machine says more
// about the other users than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
