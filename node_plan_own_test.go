package kubenode_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
)

// TestNodePlanIsTheCallersOwn: a Node's installers hand their plans to
// runtime.ComposeInPlace without copying them, and the merged plan is
// still the caller's own: changing every byte, restart unit and action of
// it reaches neither the Node (a registry's CA goes into a file as it is)
// nor the node's next plan.
func TestNodePlanIsTheCallersOwn(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	for _, r := range kubenode.Runtimes {
		t.Run(string(r), func(t *testing.T) {
			n := &kubenode.Node{
				Runtime:    r,
				Mirrors:    []runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}},
				Registries: []runtime.Registry{{Host: "registry.corp.example", CA: bytes.Clone(pki.CA)}},
				NodeIPs:    []string{"192.168.1.31"},
			}
			ctx := context.Background()
			want, err := n.Plan(ctx)
			require.NoError(t, err)
			got, err := n.Plan(ctx)
			require.NoError(t, err)
			require.Equal(t, want, got)
			for i := range got.Files {
				f := &got.Files[i]
				for j := range f.Content {
					f.Content[j] = 'X'
				}
				for j := range f.RestartUnits {
					f.RestartUnits[j] = "other.service"
				}
			}
			for i := range got.Units {
				got.Units[i].Unit = "other.service"
			}
			assert.Equal(t, pki.CA, n.Registries[0].CA, "the Node's CA")
			again, err := n.Plan(ctx)
			require.NoError(t, err)
			assert.Equal(t, want, again, "the next plan")
		})
	}
}
