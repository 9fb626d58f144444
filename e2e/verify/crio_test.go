package verify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// TestCRIORunsAsPlanned applies a CRI-O Node's plan to a booted systemd's
// root and starts the CRI-O daemon there (harness.StartCRIO: its own
// storage and programs in a drop-in read before the node's): Verify finds
// cri-o 1.34 with the node's pause image, cgroup manager and handlers.
func TestCRIORunsAsPlanned(t *testing.T) {
	testenv.RequireRoot(t)
	n := &kubenode.Node{Kubernetes: "1.34", Runtime: kubenode.CRIO, RuntimeVersion: "1.34"}
	sd := harness.BootSystemd(t, harness.OwnNetwork())
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: sd.Path("/")})
	require.NoError(t, err)
	c := harness.StartCRIO(t, sd)

	rep, err := verify.Node(context.Background(), n, verify.WithRoot(sd.Path("/")), verify.WithoutKubelet())
	require.NoError(t, err)
	require.NotNil(t, rep.Runtime, "%v\n%s", rep.Findings, c.LogPath)
	recordCRI(t, sd.Path("/run/crio/crio.sock"), "crio-1.34.0")
	inspecttest.RequireFindings(t, rep.Findings,
		inspecttest.Warning("/var/run/crio/crio.sock", verify.ErrNotReady, "status.conditions.NetworkReady"))
	assert.Equal(t, "cri-o", rep.Runtime.Name)
	assert.Equal(t, "systemd", rep.Runtime.CgroupDriver)
	assert.Equal(t, "registry.k8s.io/pause:3.10.1", rep.Runtime.SandboxImage)
}
