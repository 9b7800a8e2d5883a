//go:build !unix

package event

import "errors"

// mkfifo makes a named pipe at name, which this system cannot.
func mkfifo(name string) error { return errors.ErrUnsupported }
