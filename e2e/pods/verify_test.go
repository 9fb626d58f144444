package pods_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// verifyNode asks the running node whether it runs as n plans it, from
// the host: the CRI socket through the namespace's root, the kubelet's
// healthz and the API server (with the kubelet's own kubeconfig) from
// inside its network namespace. Its errors must be exactly drift (none on
// a node that runs as planned); warnings (such as containerd 2.2's
// deprecation of cgroup v1, which this host runs) are logged.
func verifyNode(t *testing.T, s *harness.Systemd, n *kubenode.Node, drift ...inspecttest.Want) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := verify.Node(ctx, n,
		verify.WithRoot(fmt.Sprintf("/proc/%d/root", s.PID)),
		verify.WithNetworkNamespace(fmt.Sprintf("/proc/%d/ns/net", s.PID)),
		verify.WithKubeconfig(s.Path("/etc/kubernetes/kubelet.conf")),
		verify.WithNodeName(nodeName))
	require.NoError(t, err)
	for _, f := range rep.Findings {
		t.Logf("verify.Node: %s", f)
	}
	if rep.Runtime != nil {
		t.Logf("runtime %s %s, sandbox image %q, handlers %v", rep.Runtime.Name, rep.Runtime.Version, rep.Runtime.SandboxImage, rep.Runtime.Handlers)
	}
	inspecttest.RequireFindings(t, rep.Errors(), drift...)
}
