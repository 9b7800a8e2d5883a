package site

import (
	"bytes"
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

// rewriteFile makes the file name hold data where name may already exist,
// in a directory reused from an earlier build (see writeSite). A regular
// file with no other link that already holds data is left alone, which is
// most files of a rebuild; one that differs is overwritten in place.
// Anything else in the way (a directory, a link, a file with other names)
// is removed and the file written anew, so that nothing outside the
// directory ever changes.
func rewriteFile(name string, data []byte, buf *[]byte) error {
	fd, err := syscall.Open(name, syscall.O_RDWR|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err == syscall.ENOENT {
		return writeFile(name, data)
	}
	if err != nil {
		return replaceFile(name, data)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Nlink != 1 {
		syscall.Close(fd)
		return replaceFile(name, data)
	}
	if st.Size == int64(len(data)) {
		if cap(*buf) < len(data) {
			*buf = make([]byte, len(data))
		}
		old := (*buf)[:len(data)]
		if n, err := readFull(fd, old); err == nil && n == len(data) && bytes.Equal(old, data) {
			return closeFile(name, fd)
		}
	}
	for off := 0; off < len(data); {
		n, err := syscall.Pwrite(fd, data[off:], int64(off))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		off += n
	}
	if st.Size > int64(len(data)) {
		if err := syscall.Ftruncate(fd, int64(len(data))); err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "truncate", Path: name, Err: err}
		}
	}
	unix.SyncFileRange(fd, 0, 0, unix.SYNC_FILE_RANGE_WRITE)
	return closeFile(name, fd)
}

func readFull(fd int, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := syscall.Pread(fd, b[n:], int64(n))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return n, err
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, nil
}

func closeFile(name string, fd int) error {
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// inode returns the inode number of the file fi describes.
func inode(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}
