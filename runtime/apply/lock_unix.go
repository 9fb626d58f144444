//go:build unix

package apply

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock without waiting. flock belongs to the
// open file, so two applies in one process exclude each other too.
func tryLock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
