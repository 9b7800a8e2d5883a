//go:build !linux

package site

import "os"

// writeFile creates the file name holding data.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
