package verify_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// socket is the CRI socket every containerd Node plans.
const socket = "/run/containerd/containerd.sock"

// crun is a runtime handler beside runc, so that Verify has one to find.
var crun = runtime.RuntimeHandler{Name: "crun", Kind: runtime.HandlerRunc, Binary: "/usr/bin/crun"}

// notReadyWithoutCNI is the one warning of every node here: no CNI config
// (the node's network add-on brings one). containerd 2.2's and 2.4's
// deprecation of this machine's cgroup v1 is the host's, no finding.
var notReadyWithoutCNI = inspecttest.Warning(socket, verify.ErrNotReady, "status.conditions.NetworkReady")

// TestContainerdRunsAsPlanned applies a Node planned for each containerd
// the CI builds, and for Debian's 1.6, starts containerd.service from the
// files Apply wrote and finds no drift: release, cgroup driver, the
// runtimes' SystemdCgroup, handlers, and (1.6) the sandbox image and
// registry.config_path as containerd reports them.
func TestContainerdRunsAsPlanned(t *testing.T) {
	tests := []struct {
		name, kubernetes, version string
		binary                    func(t testing.TB) string
		// installAt is where the unit starts it: the Node's default
		// /usr/local/bin/containerd, or Debian's own path.
		installAt string
	}{
		{name: "debian-1.6", kubernetes: "1.34", version: "1.6", binary: realcheck.DebianContainerd, installAt: realcheck.DebianContainerdPath},
		{name: "1.7.35", kubernetes: "1.35", version: "1.7.35", binary: func(t testing.TB) string { return harness.Tool(t, "containerd-1.7.35/containerd") },
			installAt: containerd.DefaultBinaryPath},
		{name: "2.2.9", version: "2.2.9", binary: func(t testing.TB) string { return harness.Tool(t, "containerd-2.2.9/containerd") },
			installAt: containerd.DefaultBinaryPath},
		{name: "2.4.2", version: "2.4.2", binary: func(t testing.TB) string { return harness.Tool(t, "containerd-2.4.2/containerd") },
			installAt: containerd.DefaultBinaryPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &kubenode.Node{Kubernetes: tt.kubernetes, Runtime: kubenode.Containerd, RuntimeVersion: tt.version,
				RuntimeHandlers: []runtime.RuntimeHandler{crun}, Binaries: kubenode.Binaries{Containerd: tt.installAt}}
			node := startNode(t, n, containerd.UnitName, tt.binary(t), tt.installAt)
			rep := node.verify(t, containerd.UnitName)
			recordCRI(t, node.sd.Path(socket), "containerd-"+tt.name)
			inspecttest.RequireFindings(t, rep.Findings, notReadyWithoutCNI)
			require.Equal(t, "containerd", rep.Runtime.Name)
			require.Equal(t, "systemd", rep.Runtime.CgroupDriver)
			require.Contains(t, rep.Runtime.Handlers, "crun")
		})
	}
}

// TestVerifyFindsContainerd16RunningA22Config is issue 17's item 5: the
// config a Node plans for containerd 2.2 (config version 3) given to
// Debian's containerd 1.6, which starts without a word and runs on its own
// defaults. Verify reports each setting at its path in the config.toml the
// node wrote, with the planned value and the one containerd really uses:
// its own pause:3.6, cgroupfs, no registry config_path.
func TestVerifyFindsContainerd16RunningA22Config(t *testing.T) {
	bin := realcheck.DebianContainerd(t)
	n := &kubenode.Node{Runtime: kubenode.Containerd, RuntimeVersion: "2.2", Binaries: kubenode.Binaries{Containerd: realcheck.DebianContainerdPath}}
	node := startNode(t, n, containerd.UnitName, bin, realcheck.DebianContainerdPath)
	rep := node.verify(t, containerd.UnitName)
	recordCRI(t, node.sd.Path(socket), "containerd-debian-1.6-given-2.2")

	pause, ok := kubenode.DefaultPauseImage(runtime.MustParseVersion(kubenode.DefaultKubernetes))
	require.True(t, ok)
	cfg := containerd.ConfigFile
	images := `plugins."io.containerd.cri.v1.images"`
	inspecttest.RequireFindings(t, rep.Findings,
		notReadyWithoutCNI,
		inspecttest.Error(socket, verify.ErrDrift, "version.runtimeVersion").
			Value(verify.Drift{Planned: "2.2", Running: rep.Runtime.Version}),
		inspecttest.Error(cfg, verify.ErrDrift, images+".pinned_images.sandbox").
			Value(verify.Drift{Planned: pause, Running: "registry.k8s.io/pause:3.6"}),
		inspecttest.Error(cfg, verify.ErrDrift, `plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options.SystemdCgroup`).
			Value(verify.Drift{Planned: "systemd", Running: "cgroupfs"}),
		inspecttest.Error(cfg, verify.ErrDrift, images+".registry.config_path").
			Value(verify.Drift{Planned: containerd.DefaultConfigPath, Running: ""}),
	)
	require.Equal(t, "registry.k8s.io/pause:3.6", rep.Runtime.SandboxImage)
}
