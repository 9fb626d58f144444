package node_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/render"
)

// checkLint writes the node with Plan.WriteDir and lints it for its own
// releases: no error. Warnings are logged.
func (n *nodeUnderTest) checkLint(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, render.WriteDir(n.plan, root))
	targets := kubenode.Targets{Kubernetes: n.node.Kubernetes}
	switch n.node.Runtime {
	case kubenode.Containerd:
		targets.Containerd = n.node.RuntimeVersion
	case kubenode.Docker:
		targets.Docker, targets.CRIDockerd = n.node.RuntimeVersion, n.node.CRIDockerdVersion
	case kubenode.CRIO:
		targets.CRIO = n.node.RuntimeVersion
	}
	findings, err := kubenode.LintDir(root, targets)
	require.NoError(t, err)
	for _, f := range findings {
		if f.Severity == kubenode.SeverityError {
			t.Errorf("lint: %s", f)
		} else {
			t.Logf("lint: %s", f)
		}
	}
}
