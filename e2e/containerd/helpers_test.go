package containerd_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// node is one containerd's sandbox holding the Installer's files.
type node struct {
	*realcheck.ContainerdSandbox
}

func newNode(t *testing.T) node { return node{realcheck.NewContainerdSandbox(t)} }

// crictl is crictl on the Installer's crictl.yaml, whose endpoints are the
// node's socket.
func (n node) crictl() realcheck.Crictl { return realcheck.Crictl{Config: n.Path("crictl.yaml")} }

// nodeConfig is New's config for the release with the node's paths and
// registry.config_path.
func (n node) nodeConfig(t *testing.T, tg realcheck.ContainerdRelease) *containerd.Config {
	t.Helper()
	c, err := containerd.New(
		containerd.WithVersion(tg.Version),
		containerd.WithNRI(false),
		containerd.WithRegistryConfigPath(n.CertsDir()),
		containerd.WithEdit(n.Pin),
	)
	require.NoError(t, err)
	return c
}

// writePlan writes the Installer's config.toml, hosts.toml files and
// crictl.yaml for the node: config.toml and crictl.yaml into the node's
// dir, the hosts files at their paths (already under the node's dir).
func (n node) writePlan(t *testing.T, tg realcheck.ContainerdRelease, c *containerd.Config, mirrors []runtime.Mirror) *runtime.Plan {
	t.Helper()
	in, err := containerd.NewInstaller(containerd.WithConfig(c), containerd.WithVersion(tg.Version), containerd.WithMirrors(mirrors))
	require.NoError(t, err)
	require.Empty(t, in.Warnings())
	require.Equal(t, n.Endpoint(), in.Endpoint())
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	for _, f := range plan.Files {
		dst := f.Path
		switch {
		case f.Path == containerd.ConfigFile:
			dst = n.ConfigPath()
		case f.Path == crictl.Path:
			dst = n.Path("crictl.yaml")
		case strings.HasPrefix(f.Path, n.Dir+"/"):
		default:
			continue // containerd.service: checked by systemd-analyze
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, f.Content, 0o644))
	}
	return plan
}
