package containerd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/systemd"
)

// containerd.service as containerd upstream ships it.
func TestService(t *testing.T) {
	u := containerd.Service("")
	out, err := u.Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/containerd.service", out, *update)

	back, err := systemd.ParseUnitFile(containerd.UnitName, out)
	require.NoError(t, err)
	again, err := back.Render()
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))

	debian := containerd.Service("/usr/bin/containerd")
	assert.Equal(t, []string{"/usr/bin/containerd"}, debian.Service.ExecStart[0].Argv)

	f, err := u.PlanFile(systemd.SystemDir)
	require.NoError(t, err)
	assert.Equal(t, "/etc/systemd/system/containerd.service", f.Path)
}

func TestServiceRefusesABadBinaryPath(t *testing.T) {
	_, err := containerd.Service("containerd\n").Render()
	assert.Error(t, err)
}
