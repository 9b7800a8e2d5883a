package event

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// stampOf returns the stamp of a regular file's info: from os, or from
// listDir.
func stampOf(info fs.FileInfo) Stamp {
	switch st := info.Sys().(type) {
	case *syscall.Stat_t:
		return Stamp{
			Dev: uint64(st.Dev), Ino: st.Ino, Size: uint64(st.Size), Mode: uint64(st.Mode),
			MtimeNsec: st.Mtim.Nano(), CtimeNsec: st.Ctim.Nano(),
		}
	case *unix.Stat_t:
		return statStamp(st)
	}
	return Stamp{}
}

// statStamp returns the stamp of a regular file's status.
func statStamp(st *unix.Stat_t) Stamp {
	return Stamp{
		Dev: uint64(st.Dev), Ino: st.Ino, Size: uint64(st.Size), Mode: uint64(st.Mode),
		MtimeNsec: st.Mtim.Nano(), CtimeNsec: st.Ctim.Nano(),
	}
}
