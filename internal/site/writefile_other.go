//go:build !linux

package site

import (
	"bytes"
	"os"
)

// writeFile creates the file name holding data.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// rewriteFile makes the file name hold data where name may already exist,
// in a directory reused from an earlier build (see writeSite): a regular
// file that already holds data is left alone; anything else is removed and
// the file written anew.
func rewriteFile(name string, data []byte, _ *[]byte) error {
	if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	return replaceFile(name, data)
}

// inode returns 0: the inode number is not known here.
func inode(os.FileInfo) uint64 { return 0 }
