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
	"github.com/kubenode/kubenode/systemd"
)

// ownedNode is a node of runtime r with every setting that puts a file in
// its plan: a mirror, a registry with a CA and a client certificate, a
// proxy, a drop-in, a runtime handler, the bridge CNI and the host's
// modules and sysctls.
func ownedNode(t *testing.T, r kubenode.Runtime, pki testpki.PKI) *kubenode.Node {
	t.Helper()
	n := &kubenode.Node{
		Runtime: r,
		Mirrors: []runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}},
		Registries: []runtime.Registry{{Host: "registry.corp.example", CA: bytes.Clone(pki.CA),
			ClientCert: bytes.Clone(pki.ClientCert), ClientKey: pki.ClientKey}},
		NodeIPs: []string{"192.168.1.31"},
		Proxy:   &runtime.Proxy{HTTPS: "http://proxy.example.com:3128", NoProxy: []string{".svc"}, Kubelet: true},
		DropIns: []systemd.DropIn{{Unit: "kubelet.service", Name: "20-limits.conf",
			Sections: systemd.Sections{Service: &systemd.Service{LimitNOFILE: "1048576"}}}},
		CNI: &kubenode.BridgeCNI{Subnets: []string{"10.88.0.0/16"}},
	}
	if r != kubenode.Docker {
		n.RuntimeHandlers = []runtime.RuntimeHandler{{Name: "crun", Kind: runtime.HandlerRunc, Binary: "/usr/bin/crun"}}
	}
	return n
}

// TestNodePlanIsTheCallersOwn: a Node's installers hand their plans to
// runtime.ComposeOwned, which takes their files without a copy, and the
// merged plan is still the caller's own: changing every byte and restart
// unit of one file changes no other file, and changing everything reaches
// neither the Node (a registry's CA goes into a file as it is) nor the
// node's next plan.
func TestNodePlanIsTheCallersOwn(t *testing.T) {
	pki := testpki.New(t, "registry.corp.example")
	for _, r := range kubenode.Runtimes {
		t.Run(string(r), func(t *testing.T) {
			n := ownedNode(t, r, pki)
			ctx := context.Background()
			first, err := n.Plan(ctx)
			require.NoError(t, err)
			// A deep copy: were a file's lists shared with anything, the
			// plans would change together.
			want := first.Clone()
			got, err := n.Plan(ctx)
			require.NoError(t, err)
			require.Equal(t, want, got)
			require.NotNil(t, got.File("/etc/systemd/system/kubelet.service.d/20-limits.conf"), "the plan holds the drop-in")

			for i := range got.Files {
				f := &got.Files[i]
				for j := range f.Content {
					f.Content[j] = 'X'
				}
				for j := range f.RestartUnits {
					f.RestartUnits[j] = "other.service"
				}
				for k := i + 1; k < len(got.Files); k++ {
					require.Equal(t, want.Files[k], got.Files[k], "%s changed with %s", got.Files[k].Path, f.Path)
				}
			}
			for i := range got.Units {
				got.Units[i].Unit = "other.service"
			}
			assert.Equal(t, pki.CA, n.Registries[0].CA, "the Node's CA")
			assert.Equal(t, pki.ClientCert, n.Registries[0].ClientCert, "the Node's client certificate")
			again, err := n.Plan(ctx)
			require.NoError(t, err)
			assert.Equal(t, want, again, "the next plan")
		})
	}
}
