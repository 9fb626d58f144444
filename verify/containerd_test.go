package verify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// socket is the CRI socket every containerd Node plans: findings on the
// runtime are placed on it, wherever the test serves it.
const socket = "/run/containerd/containerd.sock"

var crun = runtime.RuntimeHandler{Name: "crun", Kind: runtime.HandlerRunc, Binary: "/usr/bin/crun"}

// The warning of the recorded nodes: no CNI config yet. (containerd 2.2's
// and 2.4's deprecation of the recording machine's cgroup v1 is the
// host's, and no finding.)
var (
	noCNI     = inspecttest.Warning(socket, verify.ErrNotReady, "status.conditions.NetworkReady")
	v3Images  = `plugins."io.containerd.cri.v1.images"`
	v3Runtime = `plugins."io.containerd.cri.v1.runtime"`
	v2CRI     = `plugins."io.containerd.grpc.v1.cri"`
)

// containerdNode is the Node each recording's containerd ran (as
// e2e/verify plans it).
func containerdNode(kubernetes, version string) *kubenode.Node {
	return &kubenode.Node{Kubernetes: kubernetes, Runtime: kubenode.Containerd, RuntimeVersion: version,
		RuntimeHandlers: []runtime.RuntimeHandler{crun}}
}

func verifyOn(t *testing.T, n *kubenode.Node, sock string, opts ...verify.Option) *verify.Report {
	t.Helper()
	opts = append([]verify.Option{verify.WithEndpoint("unix://" + sock), verify.WithoutKubelet()}, opts...)
	rep, err := verify.Node(context.Background(), n, opts...)
	require.NoError(t, err)
	return rep
}

// TestContainerdAsRecorded replays what each real containerd answered for
// the Node planned for it: no drift.
func TestContainerdAsRecorded(t *testing.T) {
	tests := []struct {
		recording, kubernetes, version string
		warnings                       []inspecttest.Want
		sandboxImage                   string
	}{
		{"containerd-debian-1.6", "1.34", "1.6", []inspecttest.Want{noCNI}, "registry.k8s.io/pause:3.10.1"},
		{"containerd-1.7.35", "1.35", "1.7.35", []inspecttest.Want{noCNI}, "registry.k8s.io/pause:3.10.1"},
		{"containerd-2.2.9", "", "2.2.9", []inspecttest.Want{noCNI}, ""},
		{"containerd-2.4.2", "", "2.4.2", []inspecttest.Want{noCNI}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.recording, func(t *testing.T) {
			rep := verifyOn(t, containerdNode(tt.kubernetes, tt.version), serve(t, replay(t, tt.recording)))
			inspecttest.RequireFindings(t, rep.Findings, tt.warnings...)
			assert.Empty(t, rep.Errors())
			require.NotNil(t, rep.Runtime)
			assert.Equal(t, "containerd", rep.Runtime.Name)
			assert.Equal(t, "systemd", rep.Runtime.CgroupDriver, "RuntimeConfig, or runc's SystemdCgroup before 2.0")
			assert.Equal(t, []string{"crun", "runc"}, rep.Runtime.Handlers)
			assert.Equal(t, tt.sandboxImage, rep.Runtime.SandboxImage, "1.6 publishes it; 2.x only pins it once pulled")
		})
	}
}

// TestContainerd16GivenA22Config replays Debian's containerd 1.6 running
// the config a Node plans for 2.2: every setting it ignored is a drift in
// /etc/containerd/config.toml, at its version 3 path, with both values.
func TestContainerd16GivenA22Config(t *testing.T) {
	n := &kubenode.Node{Runtime: kubenode.Containerd, RuntimeVersion: "2.2"}
	rep := verifyOn(t, n, serve(t, replay(t, "containerd-debian-1.6-given-2.2")))
	pause, _ := kubenode.DefaultPauseImage(runtime.MustParseVersion(kubenode.DefaultKubernetes))
	cfg := containerd.ConfigFile
	inspecttest.RequireFindings(t, rep.Findings,
		noCNI,
		inspecttest.Error(socket, verify.ErrDrift, "version.runtimeVersion").Value(verify.Drift{Planned: "2.2", Running: "1.6.20~ds1"}),
		inspecttest.Error(cfg, verify.ErrDrift, v3Images+".pinned_images.sandbox").
			Value(verify.Drift{Planned: pause, Running: "registry.k8s.io/pause:3.6"}),
		inspecttest.Error(cfg, verify.ErrDrift, v3Runtime+".containerd.runtimes.runc.options.SystemdCgroup").
			Value(verify.Drift{Planned: "systemd", Running: "cgroupfs"}),
		inspecttest.Error(cfg, verify.ErrDrift, v3Images+".registry.config_path").
			Value(verify.Drift{Planned: containerd.DefaultConfigPath, Running: ""}))
}
