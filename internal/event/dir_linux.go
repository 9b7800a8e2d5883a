package event

import (
	"bytes"
	"encoding/binary"
	"io"
	"io/fs"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// canOpenIn reports whether openIn can open files.
const canOpenIn = true

// openIn opens the file name in the open directory dir, refusing a
// symbolic link (name is one path element, taken from dir's listing, so
// nothing outside dir can be reached). It spares each of thousands of
// event files the walk from the root through its folder (two more system
// calls) and the poller's registration of an os.File (five more).
func openIn(dir *os.File, name string) (openFile, error) {
	rc, err := dir.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd := -1
	cerr := rc.Control(func(dfd uintptr) {
		for {
			fd, err = unix.Openat(int(dfd), name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
			if err != unix.EINTR {
				return
			}
		}
	})
	if cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	return fdFile(fd), nil
}

// fdFile is an open file descriptor of a file that openIn opened.
type fdFile int

func (f fdFile) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(int(f), b)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f fdFile) Close() error { return unix.Close(int(f)) }

func (f fdFile) regularSize() (int64, bool) {
	var st unix.Stat_t
	for {
		err := unix.Fstat(int(f), &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
			return 0, false
		}
		return st.Size, true
	}
}

// listDir lists the open directory dir as (*os.File).ReadDir does, but
// without examining every entry: a file opened in an os.Root stats each
// one as it lists it (a system call per event file, on one core), where
// the type the listing gives is enough. An entry's Info examines it
// relative to dir when asked (a cached load asks, from its workers).
func listDir(dir *os.File) ([]fs.DirEntry, error) {
	rc, err := dir.SyscallConn()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 16<<10)
	var out []fs.DirEntry
	// The entries and their names are taken from a few allocations: a
	// folder holds hundreds of event files.
	var ents []dirEntry
	for {
		var n int
		var rerr error
		if err := rc.Control(func(fd uintptr) {
			for {
				n, rerr = unix.Getdents(int(fd), buf)
				if rerr != unix.EINTR {
					return
				}
			}
		}); err != nil {
			return out, err
		}
		if rerr != nil {
			return out, &os.PathError{Op: "readdirent", Path: dir.Name(), Err: rerr}
		}
		if n <= 0 {
			return out, nil
		}
		const (
			reclenOff = unsafe.Offsetof(unix.Dirent{}.Reclen)
			typeOff   = unsafe.Offsetof(unix.Dirent{}.Type)
			nameOff   = unsafe.Offsetof(unix.Dirent{}.Name)
		)
		names := string(buf[:n])
		for b := buf[:n]; len(b) > int(nameOff); {
			reclen := int(binary.NativeEndian.Uint16(b[reclenOff:]))
			if reclen <= int(nameOff) || reclen > len(b) {
				break
			}
			at := n - len(b) + int(nameOff)
			rec := b[:reclen]
			b = b[reclen:]
			name := rec[nameOff:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if string(name) == "." || string(name) == ".." {
				continue
			}
			if len(ents) == cap(ents) {
				ents = make([]dirEntry, 0, 256)
			}
			ents = append(ents, dirEntry{dir: dir, name: names[at : at+len(name)]})
			e := &ents[len(ents)-1]
			switch rec[typeOff] {
			case unix.DT_REG:
			case unix.DT_DIR:
				e.typ = fs.ModeDir
			case unix.DT_LNK:
				e.typ = fs.ModeSymlink
			case unix.DT_FIFO:
				e.typ = fs.ModeNamedPipe
			case unix.DT_SOCK:
				e.typ = fs.ModeSocket
			case unix.DT_CHR:
				e.typ = fs.ModeDevice | fs.ModeCharDevice
			case unix.DT_BLK:
				e.typ = fs.ModeDevice
			default:
				// The file system does not say: examine it, as ReadDir
				// does, dropping an entry that has gone.
				info, err := e.Info()
				if os.IsNotExist(err) {
					continue
				}
				if err != nil {
					return out, err
				}
				e.typ = info.Mode().Type()
			}
			out = append(out, e)
		}
	}
}

// dirEntry is an entry of a directory that listDir listed.
type dirEntry struct {
	dir  *os.File
	name string
	typ  fs.FileMode
	info fs.FileInfo
}

func (e *dirEntry) Name() string      { return e.name }
func (e *dirEntry) IsDir() bool       { return e.typ.IsDir() }
func (e *dirEntry) Type() fs.FileMode { return e.typ }

// Info examines the entry, without following a symbolic link, relative
// to its directory.
func (e *dirEntry) Info() (fs.FileInfo, error) {
	if e.info != nil {
		return e.info, nil
	}
	rc, err := e.dir.SyscallConn()
	if err != nil {
		return nil, err
	}
	info := &statInfo{name: e.name}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		for {
			serr = unix.Fstatat(int(fd), e.name, &info.st, unix.AT_SYMLINK_NOFOLLOW)
			if serr != unix.EINTR {
				return
			}
		}
	}); err != nil {
		return nil, err
	}
	if serr != nil {
		return nil, &os.PathError{Op: "lstat", Path: e.dir.Name() + "/" + e.name, Err: serr}
	}
	e.info = info
	return info, nil
}

// A stamper stamps the entries listDir listed, one after another, without
// allocating for each: a cached load stamps every event file.
type stamper struct {
	e    *dirEntry
	st   unix.Stat_t
	err  error
	stat func(fd uintptr)
}

func newStamper() *stamper {
	s := new(stamper)
	s.stat = func(fd uintptr) {
		for {
			s.err = unix.Fstatat(int(fd), s.e.name, &s.st, unix.AT_SYMLINK_NOFOLLOW)
			if s.err != unix.EINTR {
				return
			}
		}
	}
	return s
}

// stamp returns the stamp of the entry e, or false when it is not an
// entry of listDir; the zero Stamp when it is not a regular file or
// cannot be examined.
func (s *stamper) stamp(e fs.DirEntry) (Stamp, bool) {
	de, ok := e.(*dirEntry)
	if !ok {
		return Stamp{}, false
	}
	if de.info != nil {
		if !de.info.Mode().IsRegular() {
			return Stamp{}, true
		}
		return stampOf(de.info), true
	}
	rc, err := de.dir.SyscallConn()
	if err != nil {
		return Stamp{}, true
	}
	s.e = de
	err = rc.Control(s.stat)
	s.e = nil
	if err != nil || s.err != nil || s.st.Mode&unix.S_IFMT != unix.S_IFREG {
		return Stamp{}, true
	}
	return statStamp(&s.st), true
}

// statInfo is an fs.FileInfo from a stat system call, as os makes one.
type statInfo struct {
	name string
	st   unix.Stat_t
}

func (i *statInfo) Name() string       { return i.name }
func (i *statInfo) Size() int64        { return i.st.Size }
func (i *statInfo) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i *statInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i *statInfo) Sys() any           { return &i.st }

func (i *statInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & unix.S_IFMT {
	case unix.S_IFBLK:
		m |= fs.ModeDevice
	case unix.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		m |= fs.ModeDir
	case unix.S_IFIFO:
		m |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		m |= fs.ModeSymlink
	case unix.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if i.st.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.st.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.st.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
