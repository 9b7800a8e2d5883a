//go:build !linux

package event

import "io/fs"

// stampOf returns the zero Stamp: without the change time a file's
// identity is not known for sure, so nothing is taken from a cache.
func stampOf(fs.FileInfo) Stamp { return Stamp{} }
