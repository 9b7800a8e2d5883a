package event

import (
	"io/fs"
	"syscall"
)

// stampOf returns the stamp of a regular file's info.
func stampOf(info fs.FileInfo) Stamp {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return Stamp{}
	}
	return Stamp{
		Dev: uint64(st.Dev), Ino: st.Ino, Size: uint64(st.Size), Mode: uint64(st.Mode),
		MtimeNsec: st.Mtim.Nano(), CtimeNsec: st.Ctim.Nano(),
	}
}
