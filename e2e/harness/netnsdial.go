package harness

import (
	"context"
	"fmt"
	"net"
	"os"
	goruntime "runtime"

	"golang.org/x/sys/unix"
)

// NetnsDialer dials from inside the network namespace of the process pid
// (/proc/PID/ns/net), for a test process that must reach a server that
// listens only on that namespace's loopback (the control plane of
// StartControlPlane, inside a Systemd booted with OwnNetwork).
//
// Why this and not a proxy: a socket belongs to the network namespace of
// the thread that created it, for its whole life. So each dial runs on a
// goroutine locked to its OS thread, which enters the namespace with
// setns(CLONE_NEWNET), creates and connects the socket, and goes back to
// the test's namespace; the connection then works from any goroutine. No
// program runs inside the namespace for it, nothing listens on the host,
// and the host's network is never touched. It needs CAP_SYS_ADMIN (the
// tests run as root). A thread that could not go back is never reused:
// it stays locked, and Go ends it when its goroutine returns. Give an IP
// address: a name would be resolved by the test's own namespace (a DNS
// query may run on another thread).
func NetnsDialer(pid int) func(ctx context.Context, network, address string) (net.Conn, error) {
	nsPath := fmt.Sprintf("/proc/%d/ns/net", pid)
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		return dialInNetns(ctx, nsPath, network, address)
	}
}

// dialInNetns dials inside the namespace at nsPath.
func dialInNetns(ctx context.Context, nsPath, network, address string) (net.Conn, error) {
	var conn net.Conn
	var dialErr error
	err := inNetns(nsPath, func() {
		var d net.Dialer
		conn, dialErr = d.DialContext(ctx, network, address)
	})
	if err != nil {
		return nil, err
	}
	return conn, dialErr
}

// NetnsListen listens on address inside the network namespace of the
// process pid, as NetnsDialer dials: the listening socket belongs to that
// namespace for its whole life, so a test process can serve the programs
// of a Systemd booted with OwnNetwork (a registry on the namespace's own
// address) without a program of its own inside.
func NetnsListen(pid int, network, address string) (net.Listener, error) {
	var l net.Listener
	var listenErr error
	if err := inNetns(fmt.Sprintf("/proc/%d/ns/net", pid), func() {
		l, listenErr = net.Listen(network, address)
	}); err != nil {
		return nil, err
	}
	return l, listenErr
}

// inNetns runs fn on a goroutine of its own, locked to its OS thread, which
// is moved into the network namespace at nsPath for fn and back after it.
// Sockets fn makes belong to that namespace. A thread that could not go
// back stays locked, and Go ends it with its goroutine.
func inNetns(nsPath string, fn func()) error {
	errc := make(chan error, 1)
	go func() {
		goruntime.LockOSThread()
		home, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			goruntime.UnlockOSThread()
			errc <- err
			return
		}
		defer home.Close()
		target, err := os.Open(nsPath)
		if err != nil {
			goruntime.UnlockOSThread()
			errc <- err
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			goruntime.UnlockOSThread()
			errc <- fmt.Errorf("enter the network namespace %s: %w", nsPath, err)
			return
		}
		fn()
		if err := unix.Setns(int(home.Fd()), unix.CLONE_NEWNET); err == nil {
			goruntime.UnlockOSThread()
		}
		errc <- nil
	}()
	return <-errc
}
