//go:build unix

package event

import "golang.org/x/sys/unix"

// mkfifo makes a named pipe at name.
func mkfifo(name string) error { return unix.Mkfifo(name, 0o644) }
