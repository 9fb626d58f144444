package docker_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

const (
	serviceFile = "/etc/systemd/system/docker.service"
	socketFile  = "/etc/systemd/system/docker.socket"
)

// dockerNode is a node with the units and the daemon.json kubenode plans.
func dockerNode(t *testing.T) fstest.MapFS {
	t.Helper()
	in, err := docker.NewInstaller(docker.WithVersion("28.5"))
	require.NoError(t, err)
	return inspecttest.InstallerFS(t, in)
}

var given = inspecttest.Given("28.5")

func TestInspectCleanNode(t *testing.T) {
	node := inspect.NewNode(dockerNode(t))
	r := docker.Inspect(node, given)
	assert.Empty(t, r.Findings)
	assert.Nil(t, r.Server, "dockerd serves no CRI")
	assert.Equal(t, given.Version, r.Version)

	d := docker.Load(node)
	require.NotNil(t, d)
	assert.Equal(t, []string{"-H", "fd://", "--containerd=/run/containerd/containerd.sock"}, d.Args)
	assert.Equal(t, docker.DaemonPath, d.ConfigFile)
	assert.True(t, d.TakesSocket)
	assert.Equal(t, "systemd", d.CgroupDriver.Value)
	assert.Equal(t, docker.DaemonPath, d.CgroupDriver.File)
	assert.Equal(t, "exec-opts[0]", d.CgroupDriver.Path.String())
}

func TestInspectNothing(t *testing.T) {
	node := inspect.NewNode(fstest.MapFS{})
	assert.Empty(t, docker.Inspect(node, inspect.Target{}).Findings)
	assert.Nil(t, docker.Load(node))
}

func TestInspect(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change inspecttest.Change
		target inspect.Target
		want   []inspecttest.Want
	}{{
		name: "no release given",
		want: []inspecttest.Want{inspecttest.Warning(docker.DaemonPath, field.ErrRequired, "")},
	}, {
		name:   "no release given and no daemon.json",
		change: func(_ testing.TB, m fstest.MapFS) { delete(m, "etc/docker/daemon.json") },
		want:   []inspecttest.Want{inspecttest.Warning(serviceFile, field.ErrRequired, "")},
	}, {
		name:   "a key the release removed",
		change: inspecttest.Editing(docker.DaemonPath, `"log-driver"`, `"graph": "/var/lib/docker",`+"\n  \"log-driver\""),
		target: given,
		want:   []inspecttest.Want{inspecttest.Error(docker.DaemonPath, field.ErrRemoved, "graph")},
	}, {
		name:   "a key the unit's flags set too",
		change: inspecttest.Setting(docker.DaemonPath, `{"hosts": ["fd://"]}`),
		target: given,
		want:   []inspecttest.Want{inspecttest.Error(docker.DaemonPath, field.ErrConflict, "hosts")},
	}, {
		name:   "no JSON",
		change: inspecttest.Setting(docker.DaemonPath, "{"),
		target: given,
		want:   []inspecttest.Want{inspecttest.Error(docker.DaemonPath, field.ErrInvalid, "")},
	}, {
		name:   "the guide's ordering cycle",
		change: inspecttest.Editing(serviceFile, "After=firewalld.service", "After=firewalld.service\nAfter=cri-docker.service"),
		target: given,
		want:   []inspecttest.Want{inspecttest.Error(serviceFile, field.ErrConflict, "docker.service [Unit] After[2]")},
	}, {
		name:   "a socket that listens nowhere",
		change: inspecttest.Editing(socketFile, "ListenStream=/var/run/docker.sock\n", ""),
		target: given,
		// systemd's own check and docker's say it each their way.
		want: []inspecttest.Want{
			inspecttest.Error(socketFile, field.ErrRequired, "docker.socket [Socket] ListenStream"),
			inspecttest.Error(socketFile, field.ErrRequired, "docker.socket [Socket] ListenStream"),
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			m := dockerNode(t)
			if tt.change != nil {
				tt.change(t, m)
			}
			inspecttest.RequireFindings(t, docker.Inspect(inspect.NewNode(m), tt.target).Findings, tt.want...)
		})
	}
}

// dockerd reads the daemon.json of --config-file, and takes the cgroup
// driver from --exec-opt when that file does not set it; the packaged
// units pass such flags from an environment file.
func TestLoadFollowsTheCommandLine(t *testing.T) {
	m := dockerNode(t)
	inspecttest.Edit(t, m, serviceFile, "--containerd=/run/containerd/containerd.sock", "$DOCKER_OPTS")
	inspecttest.Edit(t, m, serviceFile, "[Service]\n", "[Service]\nEnvironmentFile=/etc/default/docker\n")
	inspecttest.Set(m, "/etc/default/docker", `DOCKER_OPTS="--config-file /etc/docker/node.json --exec-opt native.cgroupdriver=cgroupfs"`+"\n")
	inspecttest.Set(m, "/etc/docker/node.json", `{"log-level": "warn"}`)
	node := inspect.NewNode(m)

	d := docker.Load(node)
	require.NotNil(t, d)
	assert.Equal(t, "/etc/docker/node.json", d.ConfigFile)
	assert.Equal(t, &docker.DaemonConfig{LogLevel: "warn"}, d.Config)
	assert.Equal(t, inspect.Located{Value: "cgroupfs", File: serviceFile, Path: field.NewFlagPath("dockerd").Child("--exec-opt")}, d.CgroupDriver)
	assert.Empty(t, docker.Inspect(node, given).Findings)

	inspecttest.Set(m, "/etc/docker/node.json", `{"exec-opts": ["native.cgroupdriver=systemd"]}`)
	r := docker.Inspect(inspect.NewNode(m), given)
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Error("/etc/docker/node.json", field.ErrConflict, "exec-opts"))
}

func TestLoadWithoutSocketActivation(t *testing.T) {
	m := dockerNode(t)
	inspecttest.Edit(t, m, serviceFile, "-H fd:// ", "")
	d := docker.Load(inspect.NewNode(m))
	require.NotNil(t, d)
	assert.False(t, d.TakesSocket)
}
