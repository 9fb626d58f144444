package hostprep_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/hostprep"
)

// TestHostPrepOnBootedSystemd applies the host preparation of a node with
// an IPv6 address (hostprep.Kubernetes(true), what a Node writes) to a
// systemd booted in its own network namespace, through the D-Bus manager.
// systemd-sysctl, restarted because its file is new, sets every net.*
// value of the file in that namespace, where the test first set them to 0,
// and the host's values stay as they were; systemd-analyze cat-config and
// modprobe --dry-run accept the modules-load.d file; a second apply writes
// and restarts nothing. The modules-load restart is left out of the plan:
// systemd-modules-load.service stays masked in the namespace, and
// restarting a masked unit is an error (see
// TestMaskedModulesLoadRestartFails).
func TestHostPrepOnBootedSystemd(t *testing.T) {
	testenv.RequireRoot(t)
	kmod := findKmod(t)
	plan := hostPlan(t, hostprep.Kubernetes(true))
	keys := netSysctls(t, plan)
	hostBefore := readSysctls(t, "/proc/sys", keys)
	require.Contains(t, hostBefore, "net.ipv4.ip_forward", "the host has IPv4 forwarding to compare with")

	s := harness.BootSystemd(t, harness.OwnNetwork(), harness.AllowSysctl())
	hostNet, err := os.Readlink("/proc/self/ns/net")
	require.NoError(t, err)
	require.NotEqual(t, hostNet, strings.TrimSpace(s.Run(t, "readlink", "/proc/self/ns/net")),
		"commands inside must run in the namespace's own network namespace: nothing below may touch the host's")
	// systemd-sysctl must find nothing but what the plan writes: anything
	// else could hold a key that is not per network namespace.
	require.Empty(t, s.CatConfig(t, "sysctl.d"), "systemd-sysctl would read files other than kubenode's: not applying")

	// Start from 0 inside (a new network namespace may inherit the host's
	// IPv4 values, and the bridge-nf-call ones start at 1), so that only
	// systemd-sysctl can make them 1.
	inside := insideSysctls(t, s, keys)
	require.Contains(t, inside, "net.ipv4.ip_forward")
	for k := range inside {
		s.Run(t, "sh", "-c", `echo 0 >"$1"`, "sh", sysctlPath("/proc/sys", k))
	}
	for k, v := range insideSysctls(t, s, keys) {
		require.Equal(t, "0", v, "%s inside after the reset", k)
	}
	assert.Equal(t, hostBefore, readSysctls(t, "/proc/sys", keys), "resetting inside left the host alone")

	// First apply, the whole plan: both files created, the masked
	// systemd-modules-load's restart skipped, systemd-sysctl restarted.
	o := applyInNamespace(t, s, plan)
	require.Empty(t, o.Err, "systemd's log:\n%s", s.Log())
	for _, f := range o.Result.Files {
		assert.Equal(t, apply.ChangeCreated, f.Change, f.Path)
	}
	assert.Equal(t, []apply.UnitStep{
		{Unit: hostprep.ModulesLoadUnit, Action: runtime.ActionRestart, Skipped: true},
		{Unit: hostprep.SysctlUnit, Action: runtime.ActionRestart},
	}, o.Result.Units)
	ran := unitRun(t, s, hostprep.SysctlUnit)
	assert.Equal(t, "active", ran["ActiveState"], "%v", ran)
	assert.Equal(t, "yes", ran["ConditionResult"], "/proc/sys is writable in the namespace")
	assert.Equal(t, "0", ran["ExecMainStatus"], "systemd-sysctl succeeded")

	// systemd-sysctl read kubenode's file alone, and set each value in
	// the namespace; the host's are unchanged.
	assert.Equal(t, map[string]string{hostprep.SysctlFile: string(plan.File(hostprep.SysctlFile).Content)}, s.CatConfig(t, "sysctl.d"))
	got := insideSysctls(t, s, keys)
	for k, want := range keys {
		if _, ok := inside[k]; ok {
			assert.Equal(t, want, got[k], "%s inside", k)
		} else {
			t.Logf("%s does not exist in the namespace's network namespace: not checked", k)
		}
	}
	assert.Equal(t, hostBefore, readSysctls(t, "/proc/sys", keys), "the host's sysctls are unchanged")

	// The modules file, as systemd-modules-load would read it.
	modules := s.CatConfig(t, "modules-load.d")[hostprep.ModulesFile]
	assert.Equal(t, string(plan.File(hostprep.ModulesFile).Content), modules, "cat-config lists kubenode's modules-load.d file")
	applied, err := os.ReadFile(s.Path(hostprep.ModulesFile))
	require.NoError(t, err)
	names := moduleNames(string(applied))
	assert.Equal(t, []string{"overlay", "br_netfilter"}, names)
	checkModulesDryRun(t, kmod, names)

	// Second apply: nothing written, nothing restarted.
	o = applyInNamespace(t, s, plan)
	require.Empty(t, o.Err)
	for _, f := range o.Result.Files {
		assert.Equal(t, apply.ChangeUnchanged, f.Change, f.Path)
	}
	assert.Empty(t, o.Result.Units)
	assert.False(t, o.Result.Changed())
	assert.Equal(t, ran, unitRun(t, s, hostprep.SysctlUnit), "systemd-sysctl did not run again")
	assert.Equal(t, hostBefore, readSysctls(t, "/proc/sys", keys), "the host's sysctls are unchanged")
}

// TestMaskedModulesLoadRestartIsSkipped pins what Apply does with the
// modules-load restart where systemd-modules-load.service is masked (as in
// the namespace, and in containers that mask it): systemd refuses the job
// (org.freedesktop.systemd1.UnitMasked), the D-Bus manager reports the
// step skipped, and Apply goes on, so the plan's later steps (the sysctls)
// are not lost to a masked unit.
func TestMaskedModulesLoadRestartIsSkipped(t *testing.T) {
	testenv.RequireRoot(t)
	plan := hostPlan(t, hostprep.Config{Modules: []string{"overlay"}})
	s := harness.BootSystemd(t, harness.OwnNetwork())
	require.Equal(t, "masked", unitRun(t, s, hostprep.ModulesLoadUnit)["LoadState"])

	o := applyInNamespace(t, s, plan)
	require.Empty(t, o.Err, "Apply goes on past a masked unit")
	assert.Equal(t, []apply.UnitStep{{Unit: hostprep.ModulesLoadUnit, Action: runtime.ActionRestart, Skipped: true}}, o.Result.Units)
	require.Len(t, o.Result.Files, 1)
	assert.Equal(t, apply.ChangeCreated, o.Result.Files[0].Change)
	written, err := os.ReadFile(s.Path(hostprep.ModulesFile))
	require.NoError(t, err, "the file is written")
	assert.Equal(t, plan.File(hostprep.ModulesFile).Content, written)
	assert.Equal(t, "inactive", unitRun(t, s, hostprep.ModulesLoadUnit)["ActiveState"])
}

// hostPlan is the plan of a host preparation.
func hostPlan(t *testing.T, c hostprep.Config) *runtime.Plan {
	t.Helper()
	in, err := hostprep.NewInstaller(c)
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	return plan
}

// netSysctls reads the plan's sysctl.d file as systemd-sysctl would, "key =
// value" per line, and stops the test unless every key is a net.* one:
// only those are per network namespace, any other would change the host.
func netSysctls(t *testing.T, plan *runtime.Plan) map[string]string {
	t.Helper()
	f := plan.File(hostprep.SysctlFile)
	require.NotNil(t, f, "the plan writes %s", hostprep.SysctlFile)
	keys := map[string]string{}
	for _, l := range strings.Split(string(f.Content), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		require.True(t, ok, "sysctl.d line %q", l)
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		require.True(t, strings.HasPrefix(k, "net."), "%s is not a per-network-namespace sysctl: applying it would change the host", k)
		keys[k] = v
	}
	require.NotEmpty(t, keys)
	return keys
}

// sysctlPath is a sysctl key's file under /proc/sys (dots are slashes).
func sysctlPath(procSys, key string) string {
	return filepath.Join(procSys, strings.ReplaceAll(key, ".", "/"))
}

// readSysctls reads the keys that exist under procSys, as seen by this
// process: the host's network namespace.
func readSysctls(t *testing.T, procSys string, keys map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k := range keys {
		b, err := os.ReadFile(sysctlPath(procSys, k))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		out[k] = strings.TrimSpace(string(b))
	}
	return out
}

// insideSysctls reads the keys that exist in the namespace's network
// namespace: /proc/sys/net shows the reader's own, so the reads run inside.
func insideSysctls(t *testing.T, s *harness.Systemd, keys map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k := range keys {
		v := s.Run(t, "sh", "-c", `if [ -e "$1" ]; then cat "$1"; else echo absent; fi`, "sh", sysctlPath("/proc/sys", k))
		if v = strings.TrimSpace(v); v != "absent" {
			out[k] = v
		}
	}
	return out
}

// unitRun is what systemd says of a unit's last run.
func unitRun(t *testing.T, s *harness.Systemd, unit string) map[string]string {
	t.Helper()
	out := s.Run(t, "systemctl", "show", "-p", "LoadState,ActiveState,ConditionResult,ExecMainStatus,ExecMainStartTimestampMonotonic", unit)
	props := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			props[k] = v
		}
	}
	return props
}
