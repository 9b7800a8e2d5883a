//go:build !linux

package site

import (
	"bytes"
	"io"
	"os"
)

// writeFile creates the file name holding data.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// openDir opens the directory name to read its entries.
func openDir(name string) (*os.File, error) { return os.Open(name) }

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

// createFile creates the file name for writing.
func createFile(name string) (io.WriteCloser, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// updateFile collects what is written to the file name, which may already
// exist, and hands it to rewriteFile when closed.
func updateFile(name string) (io.WriteCloser, error) {
	return &bufferedFile{name: name}, nil
}

type bufferedFile struct {
	name string
	bytes.Buffer
}

func (f *bufferedFile) Close() error { return rewriteFile(f.name, f.Bytes(), nil) }

// inode returns 0: the inode number is not known here.
func inode(os.FileInfo) uint64 { return 0 }

// ctime returns 0: the change time is not known here.
func ctime(os.FileInfo) int64 { return 0 }

// readKept returns the size bytes of the regular file f.
func readKept(f *os.File, size int64) ([]byte, error) {
	data, _, err := mapFile(f, size)
	return data, err
}

// mapFile returns the size bytes of the regular file f, read.
func mapFile(f *os.File, size int64) (data []byte, release func(), err error) {
	data = make([]byte, size)
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}
