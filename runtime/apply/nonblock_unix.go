//go:build unix

package apply

import "syscall"

// openNoBlock is added to every open of a node file: opening a FIFO then
// returns at once instead of waiting for a writer, so a planted pipe is
// refused rather than hanging Apply.
const openNoBlock = syscall.O_NONBLOCK
