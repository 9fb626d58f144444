package verify

import (
	"context"
	"fmt"
	"net"
	"os"
	goruntime "runtime"

	"golang.org/x/sys/unix"
)

// dialIn connects from inside the network namespace at nsPath
// (/proc/PID/ns/net): the socket is made on a thread moved into that
// namespace and keeps belonging to it after the thread moves back, so a
// kubelet or an API server on a namespace's loopback is reachable from a
// process outside it.
func dialIn(ctx context.Context, nsPath, network, addr string) (net.Conn, error) {
	type result struct {
		c   net.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		goruntime.LockOSThread()
		c, restored, err := dialLocked(ctx, nsPath, network, addr)
		if restored {
			goruntime.UnlockOSThread()
		}
		// A thread left in the other namespace stays locked, and Go ends it
		// with this goroutine.
		ch <- result{c, err}
	}()
	r := <-ch
	return r.c, r.err
}

// dialLocked does dialIn's work on a locked thread, and says whether the
// thread is back in its own network namespace.
func dialLocked(ctx context.Context, nsPath, network, addr string) (net.Conn, bool, error) {
	own, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, true, err
	}
	defer own.Close()
	target, err := os.Open(nsPath)
	if err != nil {
		return nil, true, fmt.Errorf("network namespace: %w", err)
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		return nil, true, fmt.Errorf("enter network namespace %s: %w", nsPath, err)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	restored := unix.Setns(int(own.Fd()), unix.CLONE_NEWNET) == nil
	return c, restored, err
}
