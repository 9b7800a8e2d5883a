//go:build !linux

package site

import (
	"errors"
	"os"
)

// swapDir puts the directory tmp in the place of out and returns where the
// previous out now is ("" when there was none). Without an exchange call
// it takes two renames; a crash between them leaves out missing until the
// next build, which finds the previous site beside it.
func swapDir(tmp, out string) (old string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, out)
	}
	return swapByRenames(tmp, out)
}

// syncTree is a no-op where the file system offers no cheap way to flush
// a whole tree.
func syncTree(dir string) error { return nil }

// lockOutput takes no lock where flock is not available.
func lockOutput(parent, base string) (unlock func(), err error) { return func() {}, nil }
