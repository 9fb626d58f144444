package containerd_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestDropInMode(t *testing.T) {
	whole, err := containerd.NewInstaller(containerd.WithVersion("2.2"))
	require.NoError(t, err)
	in, err := containerd.NewInstaller(containerd.WithVersion("2.2"), containerd.WithDropIn("50-kubenode.toml"))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	wholePlan, err := whole.Plan(context.Background())
	require.NoError(t, err)

	top := plan.File(containerd.ConfigFile)
	require.NotNil(t, top)
	assert.Equal(t, "imports = ['/etc/containerd/conf.d/*.toml']\nversion = 3\n", string(top.Content))
	dropIn := plan.File(containerd.DropInDir + "/50-kubenode.toml")
	require.NotNil(t, dropIn)
	assert.Equal(t, string(wholePlan.File(containerd.ConfigFile).Content), string(dropIn.Content), "the drop-in holds what config.toml would")
	assert.Equal(t, []string{containerd.UnitName}, dropIn.RestartUnits)

	// Read back as containerd does: config.toml with its import.
	node := nodeFiles(map[string]string{containerd.ConfigFile: string(top.Content), dropIn.Path: string(dropIn.Content)})
	loaded, err := containerd.Load(node, containerd.ConfigFile, v("2.2"))
	require.NoError(t, err)
	assert.Equal(t, []string{containerd.ConfigFile, dropIn.Path}, loaded.Files)
	assert.Empty(t, loaded.Findings)
	assert.Equal(t, containerd.DefaultSandboxImage, loaded.Config.Images.SandboxImage)
	assert.True(t, loaded.Config.Runtime.Runtimes["runc"].Options.SystemdCgroup)

	for _, bad := range []string{"kubenode.conf", "../x.toml", "*.toml"} {
		_, err := containerd.NewInstaller(containerd.WithDropIn(bad))
		fieldtest.Require(t, err, fieldtest.Match(field.ErrInvalid, "containerd drop-in"))
	}
}
