package serve

import (
	"io/fs"
	"strings"
)

// embedLike is a templates directory on disk as go:embed would see it:
// without files and folders whose names start with "." or "_", so that an
// editor's swap or backup file never lands among the published assets.
type embedLike struct{ fsys fs.FS }

func hidden(name string) bool {
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") && elem != "." || strings.HasPrefix(elem, "_") {
			return true
		}
	}
	return false
}

func (e embedLike) Open(name string) (fs.File, error) {
	if hidden(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return e.fsys.Open(name)
}

func (e embedLike) ReadFile(name string) ([]byte, error) {
	if hidden(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return fs.ReadFile(e.fsys, name)
}

func (e embedLike) ReadDir(name string) ([]fs.DirEntry, error) {
	if hidden(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(e.fsys, name)
	out := entries[:0]
	for _, d := range entries {
		if !hidden(d.Name()) {
			out = append(out, d)
		}
	}
	return out, err
}
