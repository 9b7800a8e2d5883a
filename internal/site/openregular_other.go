//go:build !unix

package site

import (
	"io/fs"
	"os"
)

// openRegular opens the file name for reading when it is a regular file,
// not a symbolic link, and still the file it was when looked at.
func openRegular(name string) (*os.File, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if now, err := f.Stat(); err != nil || !os.SameFile(fi, now) {
		f.Close()
		return nil, &os.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return f, nil
}
