package kubenode_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

// A dual-stack Docker node's pods get IPv6 addresses only through
// cri-dockerd's --ipv6-dual-stack; a single-stack node's need none.
func TestNodeDockerDualStack(t *testing.T) {
	for ips, want := range map[string]bool{
		"10.0.0.7,fd00::7": true,
		"10.0.0.7":         false,
		"fd00::7":          false,
	} {
		n := &kubenode.Node{Runtime: kubenode.Docker, NodeIPs: strings.Split(ips, ",")}
		plan, err := n.Plan(context.Background())
		require.NoError(t, err)
		path := systemd.SystemDir + "/" + cridockerd.ServiceName
		f := plan.File(path)
		require.NotNil(t, f, path)
		assert.Equal(t, want, strings.Contains(string(f.Content), " --ipv6-dual-stack"), ips)
	}
}

// An unsupported Kubernetes release is one problem, not also a missing
// pause image the caller never set (it has no default for that release).
func TestNodeUnsupportedKubernetesAlone(t *testing.T) {
	_, err := (&kubenode.Node{Kubernetes: "1.20"}).Validate()
	fieldtest.Require(t, err, fieldtest.Match(field.ErrNotSupported, "kubernetes"))
	// A pause image the caller gives is still checked.
	_, err = (&kubenode.Node{Kubernetes: "1.20", PauseImage: "not an image"}).Validate()
	fieldtest.Require(t, err, fieldtest.Match(field.ErrNotSupported, "kubernetes"), fieldtest.Match(field.ErrInvalid, "pauseImage"))
}
