package verify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// TestDockerAsRecorded replays cri-dockerd 0.4.3 on Debian's Docker
// 20.10, started from a Docker Node's files: it answers as docker with the
// Engine's release, Docker's cgroup driver, and the pause image of its
// --pod-infra-container-image.
func TestDockerAsRecorded(t *testing.T) {
	const unit = "/etc/systemd/system/cri-docker.service"
	const sock = "/run/cri-dockerd.sock"
	noCNI := inspecttest.Warning(sock, verify.ErrNotReady, "status.conditions.NetworkReady")
	n := &kubenode.Node{Runtime: kubenode.Docker, RuntimeVersion: "20.10", CRIDockerdVersion: "0.4.3"}

	rep := verifyOn(t, n, serve(t, replay(t, "cridockerd-0.4.3-dockerd-20.10")))
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	require.NotNil(t, rep.Runtime)
	assert.Equal(t, "docker", rep.Runtime.Name)
	assert.Equal(t, "systemd", rep.Runtime.CgroupDriver)
	assert.Equal(t, "registry.k8s.io/pause:3.10.2", rep.Runtime.SandboxImage)

	f := replay(t, "cridockerd-0.4.3-dockerd-20.10")
	f.setConfig(t, map[string]any{"sandboxImage": "registry.k8s.io/pause:3.6"})
	f.runtimeConfig = &runtimeapi.RuntimeConfigResponse{Linux: &runtimeapi.LinuxRuntimeConfiguration{CgroupDriver: runtimeapi.CgroupDriver_CGROUPFS}}
	f.version.RuntimeVersion = "28.5.2"
	rep = verifyOn(t, n, serve(t, f))
	inspecttest.RequireFindings(t, rep.Findings, noCNI,
		inspecttest.Error(sock, verify.ErrDrift, "version.runtimeVersion").Value(verify.Drift{Planned: "20.10", Running: "28.5.2"}),
		inspecttest.Error(unit, verify.ErrDrift, "cri-dockerd --pod-infra-container-image").Value(verify.Drift{Planned: "registry.k8s.io/pause:3.10.2", Running: "registry.k8s.io/pause:3.6"}),
		inspecttest.Error("/etc/docker/daemon.json", verify.ErrDrift, "exec-opts[0]").Value(verify.Drift{Planned: "systemd", Running: "cgroupfs"}))
}

// TestDockerHandlersAsRecorded replays cri-dockerd 0.4.0 on Docker
// 28.5.2: it offers Docker's runtimes as handlers, so a handler the node
// asked for and Docker does not run is missing at its runtimes entry of
// daemon.json.
func TestDockerHandlersAsRecorded(t *testing.T) {
	const sock = "/run/cri-dockerd.sock"
	noCNI := inspecttest.Warning(sock, verify.ErrNotReady, "status.conditions.NetworkReady")
	n := &kubenode.Node{Runtime: kubenode.Docker, RuntimeVersion: "28.5.2", CRIDockerdVersion: "0.4.0"}
	rep := verifyOn(t, n, serve(t, replay(t, "cridockerd-0.4.0-dockerd-28.5.2")))
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	require.NotNil(t, rep.Runtime)
	assert.Equal(t, []string{"io.containerd.runc.v2", "runc"}, rep.Runtime.Handlers)

	n.RuntimeHandlers = []runtime.RuntimeHandler{crun}
	rep = verifyOn(t, n, serve(t, replay(t, "cridockerd-0.4.0-dockerd-28.5.2")))
	inspecttest.RequireFindings(t, rep.Findings, noCNI,
		inspecttest.Error("/etc/docker/daemon.json", verify.ErrMissing, "runtimes.crun").Value("crun"))
}
