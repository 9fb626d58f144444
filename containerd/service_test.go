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

// The unit's lists share one allocation: growing one must not reach the
// next, and two units share nothing.
func TestServiceListsAreIndependent(t *testing.T) {
	u := containerd.Service("")
	u.Unit.Documentation = append(u.Unit.Documentation, "https://example.com")
	u.Service.ExecStartPre[0].Argv = append(u.Service.ExecStartPre[0].Argv, "extra")
	u.Service.ExecStartPre = append(u.Service.ExecStartPre, systemd.NewCommand("/bin/true"))
	*u.Service.Delegate = false

	fresh := containerd.Service("")
	assert.Equal(t, []string{"network.target", "dbus.service"}, u.Unit.After)
	assert.Equal(t, []string{containerd.DefaultBinaryPath}, u.Service.ExecStart[0].Argv)
	assert.Equal(t, []string{"multi-user.target"}, u.Install.WantedBy)
	assert.Equal(t, []string{"https://containerd.io"}, fresh.Unit.Documentation)
	assert.True(t, *fresh.Service.Delegate)
	want, err := fresh.Render()
	require.NoError(t, err)
	again, err := containerd.Service("").Render()
	require.NoError(t, err)
	assert.Equal(t, string(want), string(again))
}
