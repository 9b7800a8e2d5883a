//go:build !linux

package event

import (
	"errors"
	"io/fs"
	"os"
)

// canOpenIn reports whether openIn can open files: elsewhere than on
// Linux every file opens through the root.
const canOpenIn = false

func openIn(*os.File, string) (openFile, error) {
	return nil, errors.New("not supported")
}

// listDir lists the open directory dir.
func listDir(dir *os.File) ([]fs.DirEntry, error) { return dir.ReadDir(-1) }

// A stamper stamps directory entries; elsewhere than on Linux through
// their Info.
type stamper struct{}

func newStamper() *stamper { return nil }

func (*stamper) stamp(fs.DirEntry) (Stamp, bool) { return Stamp{}, false }
