package verify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/verify"
)

// TestContainerdDrift starts from a recorded containerd that runs as
// planned and changes one answer, or the plan, per case.
func TestContainerdDrift(t *testing.T) {
	cfg := containerd.ConfigFile
	kata := runtime.RuntimeHandler{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2"}
	tests := []struct {
		name      string
		recording string
		node      *kubenode.Node
		change    func(t *testing.T, f *fakeCRI)
		want      []inspecttest.Want
	}{{
		name: "a handler the node asked for is missing (2.x runtime_handlers)", recording: "containerd-2.2.9",
		node: &kubenode.Node{RuntimeVersion: "2.2.9", RuntimeHandlers: []runtime.RuntimeHandler{crun, kata}},
		want: []inspecttest.Want{noCNI, inspecttest.Error(cfg, verify.ErrMissing, v3Runtime+".containerd.runtimes.kata").Value("kata")},
	}, {
		name: "a handler the node asked for is missing (1.6: the info's runtimes)", recording: "containerd-debian-1.6",
		node: &kubenode.Node{Kubernetes: "1.34", RuntimeVersion: "1.6", RuntimeHandlers: []runtime.RuntimeHandler{crun, kata}},
		want: []inspecttest.Want{noCNI, inspecttest.Error(cfg, verify.ErrMissing, v2CRI+".containerd.runtimes.kata").Value("kata")},
	}, {
		name: "another handler's SystemdCgroup", recording: "containerd-2.2.9", node: containerdNode("", "2.2.9"),
		change: func(t *testing.T, f *fakeCRI) {
			c := f.config(t)
			runtimes := c["containerd"].(map[string]any)["runtimes"].(map[string]any)
			runtimes["crun"].(map[string]any)["options"].(map[string]any)["SystemdCgroup"] = false
			f.setConfig(t, c)
		},
		want: []inspecttest.Want{noCNI, inspecttest.Error(cfg, verify.ErrDrift, v3Runtime+".containerd.runtimes.crun.options.SystemdCgroup").
			Value(verify.Drift{Planned: "true", Running: "false"})},
	}, {
		name: "another default runtime", recording: "containerd-debian-1.6", node: containerdNode("1.34", "1.6"),
		change: func(t *testing.T, f *fakeCRI) {
			c := f.config(t)
			c["containerd"].(map[string]any)["defaultRuntimeName"] = "crun"
			f.setConfig(t, c)
		},
		want: []inspecttest.Want{noCNI, inspecttest.Error(cfg, verify.ErrDrift, v2CRI+".containerd.default_runtime_name").
			Value(verify.Drift{Planned: "runc", Running: "crun"})},
	}, {
		name: "the cgroup driver RuntimeConfig answers", recording: "containerd-2.4.2", node: containerdNode("", "2.4.2"),
		change: func(t *testing.T, f *fakeCRI) {
			f.runtimeConfig = &runtimeapi.RuntimeConfigResponse{Linux: &runtimeapi.LinuxRuntimeConfiguration{CgroupDriver: runtimeapi.CgroupDriver_CGROUPFS}}
		},
		want: []inspecttest.Want{noCNI, inspecttest.Error(cfg, verify.ErrDrift, v3Runtime+".containerd.runtimes.runc.options.SystemdCgroup").
			Value(verify.Drift{Planned: "systemd", Running: "cgroupfs"})},
	}, {
		name: "2.x pins another sandbox image", recording: "containerd-2.2.9", node: containerdNode("", "2.2.9"),
		change: func(t *testing.T, f *fakeCRI) {
			f.images = &runtimeapi.ListImagesResponse{Images: []*runtimeapi.Image{
				{Id: "sha256:1", RepoTags: []string{"registry.k8s.io/pause:3.9"}, Pinned: true},
				{Id: "sha256:2", RepoTags: []string{"docker.io/library/busybox:1.36"}},
				{Id: "sha256:3", RepoTags: []string{"registry.k8s.io/pause:3.10.2"}},
			}}
		},
		want: []inspecttest.Want{noCNI, inspecttest.Error(cfg, verify.ErrDrift, v3Images+".pinned_images.sandbox").
			Value(verify.Drift{Planned: "registry.k8s.io/pause:3.10.2", Running: "registry.k8s.io/pause:3.9"})},
	}, {
		name: "2.x has not pulled the planned sandbox image yet", recording: "containerd-2.2.9", node: containerdNode("", "2.2.9"),
		change: func(t *testing.T, f *fakeCRI) {
			f.images = &runtimeapi.ListImagesResponse{Images: []*runtimeapi.Image{
				{Id: "sha256:1", RepoTags: []string{"registry.k8s.io/pause:3.9"}, Pinned: true},
			}}
		},
		want: []inspecttest.Want{noCNI, inspecttest.Warning(cfg, verify.ErrDrift, v3Images+".pinned_images.sandbox").
			Value(verify.Drift{Planned: "registry.k8s.io/pause:3.10.2", Running: "registry.k8s.io/pause:3.9"})},
	}, {
		name: "2.x pins the planned sandbox image", recording: "containerd-2.4.2", node: containerdNode("", "2.4.2"),
		change: func(t *testing.T, f *fakeCRI) {
			f.images = &runtimeapi.ListImagesResponse{Images: []*runtimeapi.Image{
				{Id: "sha256:1", RepoTags: []string{"registry.k8s.io/pause:3.10.2"}, Pinned: true},
			}}
		},
		want: []inspecttest.Want{noCNI},
	}, {
		name: "another release, patch planned", recording: "containerd-2.2.9", node: containerdNode("", "2.2.8"),
		want: []inspecttest.Want{noCNI, inspecttest.Error(socket, verify.ErrDrift, "version.runtimeVersion").
			Value(verify.Drift{Planned: "2.2.8", Running: "2.2.9+unknown"})},
	}, {
		name: "a release planned as major.minor takes every patch", recording: "containerd-2.2.9", node: containerdNode("", "2.2"),
		want: []inspecttest.Want{noCNI},
	}, {
		name: "another runtime serves the socket", recording: "containerd-2.2.9",
		node: &kubenode.Node{Runtime: kubenode.CRIO, RuntimeVersion: "1.34"},
		want: []inspecttest.Want{inspecttest.Error("/var/run/crio/crio.sock", verify.ErrDrift, "version.runtimeName").
			Value(verify.Drift{Planned: "cri-o", Running: "containerd"}),
			inspecttest.Warning("/var/run/crio/crio.sock", verify.ErrNotReady, "status.conditions.NetworkReady")},
	}, {
		name: "the runtime is not ready", recording: "containerd-2.2.9", node: containerdNode("", "2.2.9"),
		change: func(t *testing.T, f *fakeCRI) {
			f.status.Status.Conditions[0] = &runtimeapi.RuntimeCondition{Type: runtimeapi.RuntimeReady, Reason: "Broken", Message: "x"}
		},
		want: []inspecttest.Want{noCNI, inspecttest.Error(socket, verify.ErrNotReady, "status.conditions.RuntimeReady").Value("Broken")},
	}, {
		name: "no RuntimeReady condition", recording: "containerd-2.2.9", node: containerdNode("", "2.2.9"),
		change: func(t *testing.T, f *fakeCRI) {
			f.status.Status.Conditions = f.status.Status.Conditions[1:]
		},
		want: []inspecttest.Want{noCNI, inspecttest.Error(socket, verify.ErrNotReady, "status.conditions.RuntimeReady")},
	}, {
		name: "a deprecated setting in use, beside the host's cgroup v1", recording: "containerd-2.4.2", node: containerdNode("", "2.4.2"),
		change: func(t *testing.T, f *fakeCRI) {
			for _, c := range f.status.Status.Conditions {
				if c.Type == "ContainerdHasNoDeprecationWarnings" {
					c.Message = `{"io.containerd.deprecation/cgroup-v1":"host","io.containerd.deprecation/cri-registry-mirrors":"use config_path"}`
				}
			}
		},
		want: []inspecttest.Want{noCNI, inspecttest.Warning(socket, verify.ErrNotReady, "status.conditions.ContainerdHasNoDeprecationWarnings").
			Value([]string{"io.containerd.deprecation/cri-registry-mirrors"})},
	}, {
		name: "with a CNI config: not even a warning", recording: "containerd-debian-1.6", node: containerdNode("1.34", "1.6"),
		change: func(t *testing.T, f *fakeCRI) {
			for _, c := range f.status.Status.Conditions {
				c.Status, c.Reason, c.Message = true, "", ""
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := replay(t, tt.recording)
			if tt.change != nil {
				tt.change(t, f)
			}
			rep := verifyOn(t, tt.node, serve(t, f))
			inspecttest.RequireFindings(t, rep.Findings, tt.want...)
		})
	}
}

// TestDriftPrintsBothValues: the message names both values, unescaped.
func TestDriftPrintsBothValues(t *testing.T) {
	d := verify.Drift{Planned: "a", Running: "b"}
	assert.Equal(t, `running "b", planned "a"`, fmt.Sprint(d))
}

// TestInfoHoldsNoCredential: containerd 1.x publishes its registry
// credentials in its verbose info; the Report keeps them out, and Node
// still reads the rest.
func TestInfoHoldsNoCredential(t *testing.T) {
	f := replay(t, "containerd-debian-1.6")
	c := f.config(t)
	c["registry"].(map[string]any)["configs"] = map[string]any{"registry.example": map[string]any{
		"auth": map[string]any{"username": "u", "password": "hunter2", "identitytoken": "tok"}}}
	f.setConfig(t, c)
	rep := verifyOn(t, containerdNode("1.34", "1.6"), serve(t, f))
	inspecttest.RequireFindings(t, rep.Findings, noCNI)
	require.NotNil(t, rep.Runtime)
	for k, v := range rep.Runtime.Info {
		assert.NotContains(t, v, "hunter2", k)
		assert.NotContains(t, v, "tok\"", k)
	}
	assert.Contains(t, rep.Runtime.Info["config"], `"auth":"[redacted]"`)
	assert.Equal(t, "registry.k8s.io/pause:3.10.1", rep.Runtime.SandboxImage)
}
