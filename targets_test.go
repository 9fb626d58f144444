package kubenode_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/runtime/render"
)

// A node planned with every default lints clean against its own Targets:
// nothing is assumed, nothing is missing.
func TestNodeTargetsLintClean(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		t.Run(string(r), func(t *testing.T) {
			n := &kubenode.Node{Runtime: r, NodeIPs: []string{"10.0.0.7", "fd00::7"}}
			plan, err := n.Plan(context.Background())
			require.NoError(t, err)
			dir := t.TempDir()
			require.NoError(t, render.WriteDir(plan, dir))
			targets := n.Targets()
			assert.Equal(t, kubenode.DefaultKubernetes, targets.Kubernetes)
			got, err := kubenode.LintDir(dir, targets)
			require.NoError(t, err)
			var want []inspecttest.Want
			if r == kubenode.CRIO {
				// The newest CRI-O kubenode knows is older than the
				// newest kubelet: Node warns the same.
				warnings, err := n.Validate()
				require.NoError(t, err)
				fieldtest.Require(t, warnings.Err(), fieldtest.Match(field.ErrInvalid, "runtimeVersion"))
				want = append(want, inspecttest.Warning("/etc/crio/crio.conf.d/20-kubenode.conf", field.ErrInvalid, ""))
			}
			inspecttest.RequireFindings(t, got, want...)
		})
	}
}
