package verify

import "golang.org/x/sys/unix"

// oPath opens a file only to name it, as a socket can be opened.
const oPath = unix.O_PATH
