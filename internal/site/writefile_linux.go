package site

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// writeFile creates the file name holding data. It is os.WriteFile
// without the registration with the runtime's poller that os.OpenFile
// tries (and Linux refuses) for every regular file: file creation is most
// of a build's time on slow disks, and a build creates hundreds of files.
func writeFile(name string, data []byte) error {
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	// Start writing the file back to disk now, without waiting for it, so
	// that the sync before the swap (syncTree) finds little left to do.
	unix.SyncFileRange(fd, 0, 0, unix.SYNC_FILE_RANGE_WRITE)
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
