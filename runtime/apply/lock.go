package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// LockPath is the lock file, under Root, that keeps two applies from
// interleaving. It lives in /run/lock, so a reboot clears it, and in an
// image root it ends up under the tmpfs a booted node mounts on /run. The
// apply holding it has written its PID there, so that one waiting for it
// can say who holds it ([LockError]).
const LockPath = "/run/lock/kubenode-apply.lock"

// lockPoll is how often a waiting Apply retries the lock.
const lockPoll = 50 * time.Millisecond

// errLocked is returned by tryLock while another process holds the lock.
var errLocked = errors.New("locked")

// acquireLock takes the apply lock under root, waiting while another apply
// holds it until ctx is done. The returned function releases it.
func acquireLock(ctx context.Context, root *os.Root) (release func(), err error) {
	rel := filepath.FromSlash(LockPath[1:])
	if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
		return nil, &LockError{Path: LockPath, Err: err}
	}
	f, err := openLock(root, rel)
	if err != nil {
		return nil, &LockError{Path: LockPath, Err: err}
	}
	for {
		err := tryLock(f)
		if err == nil {
			if err := writeHolder(f); err != nil {
				unlock(f)
				f.Close()
				return nil, &LockError{Path: LockPath, Err: err}
			}
			return func() { unlock(f); f.Close() }, nil
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, &LockError{Path: LockPath, Err: err}
		}
		select {
		case <-ctx.Done():
			pid := readHolder(f)
			f.Close()
			return nil, &LockError{Path: LockPath, PID: pid, Err: fmt.Errorf("another apply holds it: %w", ctx.Err())}
		case <-time.After(lockPoll):
		}
	}
}

// openLock opens (creating it) the lock file, which must be Apply's own: a
// regular file with no other name. Apply writes to it, so a link planted
// in its place, or a hard link to a node file, would have Apply write
// through it; a FIFO or device there is not opened at all.
func openLock(root *os.Root, rel string) (*os.File, error) {
	before, err := root.Lstat(rel)
	if err == nil && !before.Mode().IsRegular() {
		return nil, notRegular(before.Mode())
	}
	f, err := root.OpenFile(rel, os.O_RDWR|os.O_CREATE|openNoBlock, 0o600)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkLockFile(root, rel, fi)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkLockFile checks that the opened lock file fi is a regular file with
// one name, the one at rel (not a link Apply followed to it).
func checkLockFile(root *os.Root, rel string, fi os.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return notRegular(fi.Mode())
	}
	at, err := root.Lstat(rel)
	if err != nil {
		return err
	}
	if !at.Mode().IsRegular() {
		return notRegular(at.Mode())
	}
	if !os.SameFile(fi, at) {
		return fmt.Errorf("%s changed while it was opened", LockPath)
	}
	if n := linkCount(fi); n != 1 {
		return fmt.Errorf("%w: it has %d names (hard links); the lock is Apply's own file", ErrNotRegular, n)
	}
	return nil
}

// maxHolder is the most of the lock file read for the holder's PID.
const maxHolder = 32

// writeHolder writes this process's PID into the lock file it holds,
// unless it is there already (an apply re-run in one process writes
// nothing).
func writeHolder(f *os.File) error {
	pid := strconv.Itoa(os.Getpid()) + "\n"
	buf := make([]byte, maxHolder)
	n, _ := f.ReadAt(buf, 0)
	if string(buf[:n]) == pid {
		return nil
	}
	if _, err := f.WriteAt([]byte(pid), 0); err != nil {
		return err
	}
	return f.Truncate(int64(len(pid)))
}

// readHolder returns the PID the lock's holder wrote, 0 when there is
// none.
func readHolder(f *os.File) int {
	buf := make([]byte, maxHolder)
	n, _ := f.ReadAt(buf, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
