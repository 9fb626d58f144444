package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockPath is the lock file, under Root, that keeps two applies from
// interleaving. It lives in /run/lock, so a reboot clears it, and in an
// image root it ends up under the tmpfs a booted node mounts on /run.
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
		return nil, fmt.Errorf("lock %s: %w", LockPath, err)
	}
	f, err := root.OpenFile(rel, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", LockPath, err)
	}
	for {
		err := tryLock(f)
		if err == nil {
			return func() { unlock(f); f.Close() }, nil
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", LockPath, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: another apply holds it: %w", LockPath, ctx.Err())
		case <-time.After(lockPoll):
		}
	}
}
