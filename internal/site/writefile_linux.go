package site

import (
	"bytes"
	"io"
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

// openDir opens the directory name to read its entries. It is os.Open
// without the registration with the runtime's poller that os.Open tries
// (and Linux refuses) and the fcntl calls around it: a build into a
// reused directory lists every directory of the site.
func openDir(name string) (*os.File, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), name), nil
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
		if n, err := preadFull(fd, old, 0); err == nil && n == len(data) && bytes.Equal(old, data) {
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

func closeFile(name string, fd int) error {
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// createFile creates the file name for writing, as writeFile does.
func createFile(name string) (io.WriteCloser, error) {
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return &fileWriter{name: name, fd: fd, differ: true}, nil
}

// updateFile opens the file name, which may already exist, for writing
// with the checks of rewriteFile: a regular file with no other link is
// compared with what is written and changed only where it differs;
// anything else in the way is removed and the file created anew.
func updateFile(name string) (io.WriteCloser, error) {
	fd, err := syscall.Open(name, syscall.O_RDWR|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err == syscall.ENOENT {
		return createFile(name)
	}
	if err == nil {
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Nlink == 1 {
			return &fileWriter{name: name, fd: fd, size: st.Size}, nil
		}
		syscall.Close(fd)
	}
	fi, err := os.Lstat(name)
	if err == nil {
		if err := removeEntry(name, fi.IsDir()); err != nil {
			return nil, err
		}
	}
	return createFile(name)
}

// A fileWriter writes a file from its start. Until differ is set it
// compares what it is given with the bytes already in the file and writes
// nothing while they agree; at Close it cuts the file to what was written.
type fileWriter struct {
	name   string
	fd     int
	size   int64 // of the file before
	off    int64
	differ bool
	old    []byte // for reading the file back
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if !w.differ {
		if w.off+int64(len(p)) <= w.size {
			if cap(w.old) < len(p) {
				w.old = make([]byte, len(p))
			}
			old := w.old[:len(p)]
			if n, err := preadFull(w.fd, old, w.off); err == nil && n == len(p) && bytes.Equal(old, p) {
				w.off += int64(len(p))
				return len(p), nil
			}
		}
		w.differ = true
		w.old = nil
	}
	for done := 0; done < len(p); {
		n, err := syscall.Pwrite(w.fd, p[done:], w.off)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return done, &os.PathError{Op: "write", Path: w.name, Err: err}
		}
		done += n
		w.off += int64(n)
	}
	return len(p), nil
}

func (w *fileWriter) Close() error {
	if w.off < w.size {
		if err := syscall.Ftruncate(w.fd, w.off); err != nil {
			syscall.Close(w.fd)
			return &os.PathError{Op: "truncate", Path: w.name, Err: err}
		}
		w.differ = true
	}
	if w.differ {
		unix.SyncFileRange(w.fd, 0, 0, unix.SYNC_FILE_RANGE_WRITE)
	}
	return closeFile(w.name, w.fd)
}

// preadFull reads len(b) bytes at off, or fewer at the end of the file.
func preadFull(fd int, b []byte, off int64) (int, error) {
	n := 0
	for n < len(b) {
		m, err := syscall.Pread(fd, b[n:], off+int64(n))
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

// inode returns the inode number of the file fi describes.
func inode(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}

// ctime returns the change time of the file fi describes, in nanoseconds.
func ctime(fi os.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}

// readKept returns the size bytes of the regular file f, which the caller
// keeps for as long as the process runs and never changes: mapped rather
// than copied (nothing truncates the files it reads: the state file only
// grows, and is replaced by renames).
func readKept(f *os.File, size int64) ([]byte, error) {
	data, _, err := mapFile(f, size)
	return data, err
}

// mapFile returns the size bytes of the regular file f, mapped: they stay
// until release, and nothing must change them meanwhile. The files mapped
// are ones that builds replace by renames, never write in place (see
// plan.prevSource).
func mapFile(f *os.File, size int64) (data []byte, release func(), err error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	data, err = unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_POPULATE)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { unix.Munmap(data) }, nil
}
