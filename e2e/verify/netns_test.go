package verify_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// TestKubeletHealthzInTheNodesNetwork: a kubelet healthz on the loopback
// of the node's own network namespace (a listener the test opens in it) is
// reached with WithNetworkNamespace, and is unreachable from the host's
// loopback without it.
func TestKubeletHealthzInTheNodesNetwork(t *testing.T) {
	n := &kubenode.Node{RuntimeVersion: "2.2.9"}
	node := startNode(t, n, containerd.UnitName, harness.Tool(t, "containerd-2.2.9/containerd"), containerd.DefaultBinaryPath)
	netns := fmt.Sprintf("/proc/%d/ns/net", node.sd.PID)
	l := listenIn(t, netns, "127.0.0.1:10248")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			_, _ = w.Write([]byte("ok"))
		}
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })

	rep := node.verify(t, containerd.UnitName)
	require.NotNil(t, rep.Runtime)
	rep, err := verify.Node(t.Context(), n, verify.WithRoot(node.sd.Path("/")), verify.WithNetworkNamespace(netns))
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings, notReadyWithoutCNI)
	assert.Equal(t, "ok", rep.KubeletHealthz)

	rep, err = verify.Node(t.Context(), n, verify.WithRoot(node.sd.Path("/")))
	require.NoError(t, err)
	inspecttest.RequireFindings(t, rep.Findings, notReadyWithoutCNI,
		inspecttest.Error(verify.DefaultKubeletHealthz, verify.ErrUnreachable, "").Value(verify.DefaultKubeletHealthz))
}

// listenIn listens on addr in the network namespace at nsPath, from a
// thread moved there for the call; the listener stays in that namespace.
func listenIn(t *testing.T, nsPath, addr string) net.Listener {
	t.Helper()
	type result struct {
		l   net.Listener
		err error
	}
	ch := make(chan result, 1)
	go func() {
		goruntime.LockOSThread() // never unlocked: the thread ends with the goroutine
		ns, err := os.Open(nsPath)
		if err != nil {
			ch <- result{nil, err}
			return
		}
		defer ns.Close()
		if err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET); err != nil {
			ch <- result{nil, err}
			return
		}
		l, err := net.Listen("tcp", addr)
		ch <- result{l, err}
	}()
	r := <-ch
	require.NoError(t, r.err)
	t.Cleanup(func() { _ = r.l.Close() })
	return r.l
}
