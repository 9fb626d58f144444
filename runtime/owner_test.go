package runtime_test

import (
	"io/fs"
	"strconv"
	"syscall"
)

// ownerOf prints a file's numeric owner and group.
func ownerOf(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "?"
	}
	return strconv.Itoa(int(st.Uid)) + ":" + strconv.Itoa(int(st.Gid))
}
