package cridockerd_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

const (
	serviceFile = "/etc/systemd/system/cri-docker.service"
	socketFile  = "/etc/systemd/system/cri-docker.socket"
)

// criDockerdNode is a node with the units kubenode plans.
func criDockerdNode(t *testing.T) fstest.MapFS {
	t.Helper()
	in, err := cridockerd.NewInstaller(cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10"))
	require.NoError(t, err)
	return inspecttest.InstallerFS(t, in)
}

func TestInspectServer(t *testing.T) {
	r := cridockerd.Inspect(inspect.NewNode(criDockerdNode(t)), inspecttest.Given("0.4.0"))
	assert.Empty(t, r.Findings)
	s := r.Server
	require.NotNil(t, s)
	assert.Equal(t, "cri-dockerd", s.Name)
	assert.Equal(t, serviceFile, s.Config)
	assert.True(t, s.Given)
	assert.True(t, s.ReportsDriver)
	assert.Empty(t, s.CgroupDriver.Value, "dockerd's, which a caller that read both sets")
	require.Len(t, s.Endpoints, 1)
	assert.True(t, runtime.SameSocket(runtime.CRIDockerdEndpoint, s.Endpoints[0].Value))
	assert.Equal(t, socketFile, s.Endpoints[0].File)
	assert.Equal(t, "cri-docker.socket [Socket] ListenStream[0]", s.Endpoints[0].Path.String())
	assert.Equal(t, inspect.Located{Value: "registry.k8s.io/pause:3.10", File: serviceFile,
		Path: field.NewFlagPath("cri-dockerd").Child("--pod-infra-container-image")}, s.PauseImage)

	// The seed guide's 0.3.15 does not tell the kubelet its cgroup driver.
	r = cridockerd.Inspect(inspect.NewNode(criDockerdNode(t)), inspecttest.Given("0.3.15"))
	assert.False(t, r.Server.ReportsDriver)
	assert.NotEmpty(t, r.Server.NotReports)
	assert.True(t, cridockerd.Inspect(inspect.NewNode(criDockerdNode(t)), inspecttest.Given("0.3.17")).Server.ReportsDriver)
}

func TestInspectNothing(t *testing.T) {
	r := cridockerd.Inspect(inspect.NewNode(fstest.MapFS{}), inspect.Target{})
	assert.Empty(t, r.Findings)
	assert.Nil(t, r.Server)
}

func TestInspect(t *testing.T) {
	for _, tt := range []struct {
		name      string
		change    inspecttest.Change
		target    inspect.Target
		want      []inspecttest.Want
		endpoints []string
	}{{
		name:      "no release given",
		want:      []inspecttest.Want{inspecttest.Warning(serviceFile, field.ErrRequired, "")},
		endpoints: []string{"unix:///run/cri-dockerd.sock"},
	}, {
		name:      "cri-dockerd ignores cri-docker.socket",
		change:    inspecttest.Editing(serviceFile, "--container-runtime-endpoint=fd:// ", ""),
		target:    inspecttest.Given("0.4.0"),
		want:      []inspecttest.Want{inspecttest.Error(serviceFile, field.ErrInvalid, "cri-docker.service [Service] ExecStart")},
		endpoints: []string{"unix:///run/cri-dockerd.sock", cridockerd.DefaultEndpoint},
	}, {
		name:      "a flag value cri-dockerd refuses",
		change:    inspecttest.Editing(serviceFile, "--network-plugin=cni", "--network-plugin=cni --hairpin-mode=veth"),
		target:    inspecttest.Given("0.4.0"),
		want:      []inspecttest.Want{inspecttest.Error(serviceFile, field.ErrNotSupported, "cri-dockerd --hairpin-mode")},
		endpoints: []string{"unix:///run/cri-dockerd.sock"},
	}, {
		name:      "a command line cri-dockerd cannot parse",
		change:    inspecttest.Editing(serviceFile, "--network-plugin=cni", "--network-plugin=cni --runtime-request-timeout=2"),
		target:    inspecttest.Given("0.4.0"),
		want:      []inspecttest.Want{inspecttest.Error(serviceFile, field.ErrInvalid, "cri-docker.service [Service] ExecStart").Value("2")},
		endpoints: []string{"unix:///run/cri-dockerd.sock"},
	}, {
		name:   "a socket that listens nowhere",
		change: inspecttest.Editing(socketFile, "ListenStream=%t/cri-dockerd.sock\n", ""),
		target: inspecttest.Given("0.4.0"),
		want:   []inspecttest.Want{inspecttest.Error(socketFile, field.ErrRequired, "cri-docker.socket [Socket] ListenStream")},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			m := criDockerdNode(t)
			if tt.change != nil {
				tt.change(t, m)
			}
			r := cridockerd.Inspect(inspect.NewNode(m), tt.target)
			inspecttest.RequireFindings(t, r.Findings, tt.want...)
			var endpoints []string
			for _, e := range r.Server.Endpoints {
				endpoints = append(endpoints, e.Value)
			}
			assert.Equal(t, tt.endpoints, endpoints)
		})
	}
}
