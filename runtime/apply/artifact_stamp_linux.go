//go:build linux

package apply

import (
	"io/fs"
	"syscall"
)

// stampOf returns what identifies a file's content without reading it:
// size, modification and change times, inode and device. A write, a
// truncation, a rename over it or a touch back to an old modification time
// each change the change time, which no caller can set.
func stampOf(fi fs.FileInfo) (fileStamp, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return fileStamp{}, false
	}
	return fileStamp{
		Size:  fi.Size(),
		MTime: st.Mtim.Nano(),
		CTime: st.Ctim.Nano(),
		Ino:   st.Ino,
		Dev:   uint64(st.Dev), // not uint64 on every Linux port
	}, true
}
