//go:build unix

package site

import (
	"os"

	"golang.org/x/sys/unix"
)

// openRegular opens the file name for reading, without following a
// symbolic link and without blocking on a fifo; the caller checks that it
// is a regular file.
func openRegular(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
}
