package apply_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime/render"
)

// TestShellScriptOnBootedSystemd runs the rendered script as root on the
// namespaced systemd with ROOT unset, so it also runs groupadd and
// systemctl: containerd comes up with its CRI config; the same script
// again restarts nothing; a new pause image restarts containerd.
func TestShellScriptOnBootedSystemd(t *testing.T) {
	testenv.RequireRoot(t)
	realcheck.DebianContainerd(t)
	realcheck.CrictlProgram(t)
	s := harness.BootSystemd(t)
	s.Run(t, "rm", "-rf", "/etc/systemd/system/multi-user.target.wants/containerd.service", "/etc/containerd", "/etc/crictl.yaml")

	runScript := func(pause string) {
		t.Helper()
		script, err := render.Shell(containerdPlan(t, pause))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(s.Path("/run/kubenode-node.sh"), script, 0o644))
		s.Run(t, "env", "-u", "ROOT", "sh", "/run/kubenode-node.sh")
	}
	mainPID := func() string {
		return strings.TrimSpace(s.Run(t, "systemctl", "show", "--value", "-p", "MainPID", "containerd.service"))
	}

	runScript(pauseA)
	assert.Equal(t, "active\n", s.Run(t, "systemctl", "is-active", "containerd.service"))
	assert.Equal(t, "enabled\n", s.Run(t, "systemctl", "is-enabled", "containerd.service"))
	assert.Contains(t, s.Run(t, "getent", "group", "kubenode-e2e"), "kubenode-e2e:x:")
	info := waitCRI(t, s)
	assert.Equal(t, true, info.Config.Containerd.Runtimes["runc"].Options["SystemdCgroup"])
	first := mainPID()
	require.NotEqual(t, "0", first)

	runScript(pauseA)
	assert.Equal(t, first, mainPID(), "the same script again restarts nothing")

	runScript(pauseB)
	assert.NotEqual(t, first, mainPID(), "a new pause image restarts containerd")
	assert.Equal(t, pauseB, waitCRI(t, s).Config.SandboxImage)
}
