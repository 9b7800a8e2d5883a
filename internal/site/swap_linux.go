package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// swapDir puts the directory tmp in the place of out in one atomic step
// and returns where the previous out now is ("" when there was none). With
// an existing out, the two exchange names (renameat2 RENAME_EXCHANGE), so
// out is never missing; file systems that cannot exchange fall back to two
// renames.
func swapDir(tmp, out string) (old string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, out)
	}
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if err == nil {
		return tmp, nil
	}
	if !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EOPNOTSUPP) {
		return "", &os.LinkError{Op: "exchange", Old: tmp, New: out, Err: err}
	}
	return swapByRenames(tmp, out)
}

// syncTree flushes the file system holding dir to disk, so that the swap
// never publishes files whose data a crash could still lose. One syncfs
// costs far less than an fsync per file.
func syncTree(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.Syncfs(fd); err != nil {
		return &os.PathError{Op: "syncfs", Path: dir, Err: err}
	}
	return nil
}

// lockOutput takes an exclusive lock on parent/.<base>.lock for the
// length of a build. A second build of the same output fails at once. The
// lock file is removed when the build ends; a build that finds the file it
// locked already unlinked (a race with that removal) locks the new one.
func lockOutput(parent, base string) (unlock func(), err error) {
	name := filepath.Join(parent, "."+base+".lock")
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("site: %w", err)
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			holder := ""
			if b, rerr := os.ReadFile(name); rerr == nil {
				if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
					holder = fmt.Sprintf(" (process %d)", pid)
				}
			}
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, fmt.Errorf("site: another build is writing %s%s; try again when it has finished",
					filepath.Join(parent, base), holder)
			}
			return nil, fmt.Errorf("site: locking %s: %w", name, err)
		}
		held, herr := f.Stat()
		now, nerr := os.Stat(name)
		if herr != nil || nerr != nil || !os.SameFile(held, now) {
			f.Close() // unlinked by the build that held it: lock the new file
			continue
		}
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		return func() {
			os.Remove(name) // before the lock is released: see above
			f.Close()
		}, nil
	}
}
