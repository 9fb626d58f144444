package apply_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

const (
	pauseA = "registry.k8s.io/pause:3.9"
	pauseB = "registry.k8s.io/pause:3.10"
)

// TestApplyContainerdOnBootedSystemd applies a containerd node plan to a
// real systemd (booted in its own namespaces on an overlay root) through
// the D-Bus manager: containerd.service comes up and its CRI plugin
// answers with SystemdCgroup true; a second apply writes and restarts
// nothing; a new pause image restarts containerd and only it.
func TestApplyContainerdOnBootedSystemd(t *testing.T) {
	testenv.RequireRoot(t)
	realcheck.DebianContainerd(t)
	realcheck.CrictlProgram(t)
	s := harness.BootSystemd(t)
	// The namespace's root is an overlay of this machine's, where Debian's
	// package may have enabled its own containerd.service and written its
	// config: start from a node without them.
	s.Run(t, "rm", "-rf", "/etc/systemd/system/multi-user.target.wants/containerd.service", "/etc/containerd", "/etc/crictl.yaml")

	// First apply: every file created, one reload, enable, start.
	res := applyInNamespace(t, s, containerdPlan(t, pauseA), "")
	for _, f := range res.Files {
		if f.Path == "/etc/group" || f.Path == "/etc/gshadow" {
			t.Errorf("%s: on a live root groups go through groupadd, not a file edit", f.Path)
			continue
		}
		assert.Equal(t, apply.ChangeCreated, f.Change, f.Path)
	}
	assert.Equal(t, []string{"kubenode-e2e"}, res.Groups)
	assert.Equal(t, []apply.UnitStep{
		{Action: runtime.ActionReload},
		{Unit: "containerd.service", Action: runtime.ActionEnable},
		{Unit: "containerd.service", Action: runtime.ActionStart},
	}, res.Units)
	assert.Contains(t, s.Run(t, "getent", "group", "kubenode-e2e"), "kubenode-e2e:x:", "groupadd ran in the namespace's root")
	link, err := os.Readlink(s.Path("/etc/systemd/system/multi-user.target.wants/containerd.service"))
	require.NoError(t, err, "enabled over D-Bus")
	assert.Equal(t, "/etc/systemd/system/containerd.service", link)

	first := propsInNamespace(t, s, "containerd.service")
	require.Equal(t, runtime.UnitState{Active: true, Enabled: true}, first.State, "%s", s.Run(t, "systemctl", "status", "--no-pager", "containerd.service"))
	info := waitCRI(t, s)
	assert.Equal(t, true, info.Config.Containerd.Runtimes["runc"].Options["SystemdCgroup"], "runc's SystemdCgroup as the CRI plugin reports it")
	assert.Equal(t, pauseA, info.Config.SandboxImage)

	// Second apply of the same plan: nothing written, nothing restarted.
	res = applyInNamespace(t, s, containerdPlan(t, pauseA), "/run/systemd/private")
	for _, f := range res.Files {
		assert.Equal(t, apply.ChangeUnchanged, f.Change, f.Path)
	}
	assert.Empty(t, res.Units)
	assert.Empty(t, res.Groups)
	assert.False(t, res.Changed())
	again := propsInNamespace(t, s, "containerd.service")
	assert.Equal(t, first, again, "same MainPID and ActiveEnterTimestamp: not restarted")

	// A new pause image: config.toml alone changes, containerd alone
	// restarts, with no daemon-reload.
	res = applyInNamespace(t, s, containerdPlan(t, pauseB), "")
	for _, f := range res.Files {
		want := apply.ChangeUnchanged
		if f.Path == "/etc/containerd/config.toml" {
			want = apply.ChangeUpdated
			assert.Contains(t, f.Diff, "+    sandbox_image = '"+pauseB+"'")
			assert.NotEmpty(t, f.Backup)
		}
		assert.Equal(t, want, f.Change, f.Path)
	}
	assert.Equal(t, []apply.UnitStep{{Unit: "containerd.service", Action: runtime.ActionRestart}}, res.Units)
	restarted := propsInNamespace(t, s, "containerd.service")
	assert.True(t, restarted.State.Active)
	assert.NotEqual(t, first.MainPID, restarted.MainPID, "containerd restarted")
	assert.NotEqual(t, first.ActiveEnterTimestamp, restarted.ActiveEnterTimestamp)
	info = waitCRI(t, s)
	assert.Equal(t, pauseB, info.Config.SandboxImage)

	// The backup holds the config as it was.
	backup, err := os.ReadFile(s.Path(res.Files[0].Backup))
	if assert.NoError(t, err) {
		assert.Contains(t, string(backup), pauseA)
	}
	// systemd restarted nothing else: only the units of the test run.
	units := s.Run(t, "systemctl", "list-units", "--type=service", "--state=active", "--no-legend", "--plain")
	assert.True(t, strings.Contains(units, "containerd.service"), units)
}

// waitCRI polls crictl info until the CRI plugin of the containerd running
// in the namespace answers, through its socket seen from the host.
func waitCRI(t *testing.T, s *harness.Systemd) *realcheck.CRIInfo {
	t.Helper()
	crictl := realcheck.CrictlFor(t, "unix://"+s.Path("/run/containerd/containerd.sock"))
	var lastErr error
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		info, err := crictl.Info(t)
		if err == nil {
			return info
		}
		lastErr = err
	}
	t.Fatalf("the CRI plugin did not answer: %v\n%s", lastErr, s.Run(t, "journalctl", "--no-pager", "-u", "containerd.service"))
	return nil
}
