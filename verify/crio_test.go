package verify_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// crioFake answers as CRI-O 1.34.0 does (server/runtime_status.go, and
// the recording testdata/cri-crio-1.34.0.json): a runtime handler per
// configured runtime (and "" for the default), and info["config"] holding
// {"sandboxImage": pause_image, "crio": its RuntimeConfig, Go field
// names}; RuntimeConfig answers cgroup_manager. Unlike a replay, it takes
// the handlers and the pause image a case needs.
func crioFake(t *testing.T, pause string, handlers ...string) *fakeCRI {
	t.Helper()
	runtimes := map[string]any{}
	hs := []*runtimeapi.RuntimeHandler{{Name: ""}}
	for _, h := range handlers {
		runtimes[h] = map[string]any{"runtime_type": "oci"}
		hs = append(hs, &runtimeapi.RuntimeHandler{Name: h})
	}
	config, err := json.Marshal(map[string]any{"sandboxImage": pause,
		"crio": map[string]any{"DefaultRuntime": "runc", "CgroupManagerName": "systemd", "Runtimes": runtimes}})
	require.NoError(t, err)
	return &fakeCRI{
		version: &runtimeapi.VersionResponse{Version: "0.1.0", RuntimeName: "cri-o", RuntimeVersion: "1.34.0", RuntimeApiVersion: "v1"},
		status: &runtimeapi.StatusResponse{
			Status: &runtimeapi.RuntimeStatus{Conditions: []*runtimeapi.RuntimeCondition{
				{Type: runtimeapi.RuntimeReady, Status: true}, {Type: runtimeapi.NetworkReady, Status: true}}},
			RuntimeHandlers: hs,
			Info:            map[string]string{"config": string(config)},
		},
		runtimeConfig: &runtimeapi.RuntimeConfigResponse{Linux: &runtimeapi.LinuxRuntimeConfiguration{CgroupDriver: runtimeapi.CgroupDriver_SYSTEMD}},
		images:        &runtimeapi.ListImagesResponse{},
	}
}

// TestCRIOAsRecorded replays CRI-O 1.34.0 started on a CRI-O Node's
// files: no drift.
func TestCRIOAsRecorded(t *testing.T) {
	n := &kubenode.Node{Kubernetes: "1.34", Runtime: kubenode.CRIO, RuntimeVersion: "1.34"}
	rep := verifyOn(t, n, serve(t, replay(t, "crio-1.34.0")))
	inspecttest.RequireFindings(t, rep.Findings, inspecttest.Warning("/var/run/crio/crio.sock", verify.ErrNotReady, "status.conditions.NetworkReady"))
	require.NotNil(t, rep.Runtime)
	assert.Equal(t, "cri-o", rep.Runtime.Name)
	assert.Equal(t, "systemd", rep.Runtime.CgroupDriver)
	assert.Equal(t, "registry.k8s.io/pause:3.10.1", rep.Runtime.SandboxImage)
	assert.Equal(t, []string{"runc"}, rep.Runtime.Handlers)
}

// TestCRIO: CRI-O's pause image and handlers are compared with the
// drop-in the Node planned.
func TestCRIO(t *testing.T) {
	const dropIn = "/etc/crio/crio.conf.d/20-kubenode.conf"
	const crioSocket = "/var/run/crio/crio.sock"
	pause, _ := kubenode.DefaultPauseImage(runtime.MustParseVersion("1.34"))
	kata := runtime.RuntimeHandler{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/etc/kata/configuration.toml"}
	n := &kubenode.Node{Kubernetes: "1.34", Runtime: kubenode.CRIO, RuntimeVersion: "1.34", RuntimeHandlers: []runtime.RuntimeHandler{crun}}

	rep := verifyOn(t, n, serve(t, crioFake(t, pause, "runc", "crun")))
	inspecttest.RequireFindings(t, rep.Findings)
	require.NotNil(t, rep.Runtime)
	assert.Equal(t, pause, rep.Runtime.SandboxImage)
	assert.Equal(t, []string{"crun", "runc"}, rep.Runtime.Handlers)

	rep = verifyOn(t, n, serve(t, crioFake(t, "registry.k8s.io/pause:3.9", "runc")))
	inspecttest.RequireFindings(t, rep.Findings,
		inspecttest.Error(dropIn, verify.ErrDrift, "crio.image.pause_image").Value(verify.Drift{Planned: pause, Running: "registry.k8s.io/pause:3.9"}),
		inspecttest.Error(dropIn, verify.ErrMissing, "crio.runtime.runtimes.crun").Value("crun"))

	// Handlers from the info when Status publishes none; the cgroup
	// manager from it when RuntimeConfig is not there.
	f := crioFake(t, pause, "runc", "crun")
	f.status.RuntimeHandlers = nil
	f.runtimeConfig, f.runtimeConfigErr = nil, status.Error(codes.Unimplemented, "old")
	n.RuntimeHandlers = append(n.RuntimeHandlers, kata)
	rep = verifyOn(t, n, serve(t, f))
	inspecttest.RequireFindings(t, rep.Findings, inspecttest.Error(dropIn, verify.ErrMissing, "crio.runtime.runtimes.kata").Value("kata"))
	assert.Equal(t, "systemd", rep.Runtime.CgroupDriver)

	// Another release.
	rep = verifyOn(t, &kubenode.Node{Kubernetes: "1.33", Runtime: kubenode.CRIO, RuntimeVersion: "1.33"}, serve(t, crioFake(t, "registry.k8s.io/pause:3.10", "runc")))
	inspecttest.RequireFindings(t, rep.Findings,
		inspecttest.Error(crioSocket, verify.ErrDrift, "version.runtimeVersion").Value(verify.Drift{Planned: "1.33", Running: "1.34.0"}))
}
