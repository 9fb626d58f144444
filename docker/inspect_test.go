package docker_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
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
	plan, err := in.Plan(t.Context())
	require.NoError(t, err)
	m := fstest.MapFS{}
	for _, f := range plan.Files {
		m[strings.TrimPrefix(f.Path, "/")] = &fstest.MapFile{Data: f.Content}
	}
	return m
}

func set(m fstest.MapFS, nodePath, content string) {
	m[strings.TrimPrefix(nodePath, "/")] = &fstest.MapFile{Data: []byte(content)}
}

func edit(t *testing.T, m fstest.MapFS, nodePath, old, new string) {
	t.Helper()
	f := m[strings.TrimPrefix(nodePath, "/")]
	require.Contains(t, string(f.Data), old)
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}

// findingsIn are the problems of one severity in one file, for fieldtest.
func findingsIn(r *inspect.Report, sev inspect.Severity, file string) error {
	var list field.ErrorList
	for _, f := range r.Findings {
		if f.Severity == sev && f.File == file {
			list = append(list, f.Err)
		}
	}
	return list.Err()
}

var given = inspect.Target{Version: runtime.MustParseVersion("28.5"), Given: true}

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
		name     string
		change   func(*testing.T, fstest.MapFS)
		target   inspect.Target
		file     string
		errs     []fieldtest.Matcher
		warnings []fieldtest.Matcher
	}{{
		name:     "no release given",
		file:     docker.DaemonPath,
		warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "")},
	}, {
		name:     "no release given and no daemon.json",
		change:   func(_ *testing.T, m fstest.MapFS) { delete(m, "etc/docker/daemon.json") },
		file:     serviceFile,
		warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "")},
	}, {
		name: "a key the release removed",
		change: func(t *testing.T, m fstest.MapFS) {
			edit(t, m, docker.DaemonPath, `"log-driver"`, `"graph": "/var/lib/docker",`+"\n  \"log-driver\"")
		},
		target: given,
		file:   docker.DaemonPath,
		errs:   []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "graph")},
	}, {
		name:   "a key the unit's flags set too",
		change: func(t *testing.T, m fstest.MapFS) { set(m, docker.DaemonPath, `{"hosts": ["fd://"]}`) },
		target: given,
		file:   docker.DaemonPath,
		errs:   []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hosts")},
	}, {
		name:   "no JSON",
		change: func(_ *testing.T, m fstest.MapFS) { set(m, docker.DaemonPath, "{") },
		target: given,
		file:   docker.DaemonPath,
		errs:   []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "")},
	}, {
		name: "the guide's ordering cycle",
		change: func(t *testing.T, m fstest.MapFS) {
			edit(t, m, serviceFile, "After=firewalld.service", "After=firewalld.service\nAfter=cri-docker.service")
		},
		target: given,
		file:   serviceFile,
		errs:   []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "docker.service [Unit] After[2]")},
	}, {
		name:   "a socket that listens nowhere",
		change: func(t *testing.T, m fstest.MapFS) { edit(t, m, socketFile, "ListenStream=/var/run/docker.sock\n", "") },
		target: given,
		file:   socketFile,
		// systemd's own check and docker's say it each their way.
		errs: []fieldtest.Matcher{
			fieldtest.Match(field.ErrRequired, "docker.socket [Socket] ListenStream"),
			fieldtest.Match(field.ErrRequired, "docker.socket [Socket] ListenStream"),
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			m := dockerNode(t)
			if tt.change != nil {
				tt.change(t, m)
			}
			r := docker.Inspect(inspect.NewNode(m), tt.target)
			fieldtest.RequireExactly(t, findingsIn(r, inspect.SeverityError, tt.file), tt.errs...)
			fieldtest.RequireExactly(t, findingsIn(r, inspect.SeverityWarning, tt.file), tt.warnings...)
			assert.Len(t, r.Findings, len(tt.errs)+len(tt.warnings), "%v", r.Findings)
		})
	}
}

// dockerd reads the daemon.json of --config-file, and takes the cgroup
// driver from --exec-opt when that file does not set it; the packaged
// units pass such flags from an environment file.
func TestLoadFollowsTheCommandLine(t *testing.T) {
	m := dockerNode(t)
	edit(t, m, serviceFile, "--containerd=/run/containerd/containerd.sock", "$DOCKER_OPTS")
	edit(t, m, serviceFile, "[Service]\n", "[Service]\nEnvironmentFile=/etc/default/docker\n")
	set(m, "/etc/default/docker", `DOCKER_OPTS="--config-file /etc/docker/node.json --exec-opt native.cgroupdriver=cgroupfs"`+"\n")
	set(m, "/etc/docker/node.json", `{"log-level": "warn"}`)
	node := inspect.NewNode(m)

	d := docker.Load(node)
	require.NotNil(t, d)
	assert.Equal(t, "/etc/docker/node.json", d.ConfigFile)
	assert.Equal(t, &docker.DaemonConfig{LogLevel: "warn"}, d.Config)
	assert.Equal(t, inspect.Located{Value: "cgroupfs", File: serviceFile, Path: field.NewFlagPath("dockerd").Child("--exec-opt")}, d.CgroupDriver)
	assert.Empty(t, docker.Inspect(node, given).Findings)

	set(m, "/etc/docker/node.json", `{"exec-opts": ["native.cgroupdriver=systemd"]}`)
	r := docker.Inspect(inspect.NewNode(m), given)
	fieldtest.RequireExactly(t, findingsIn(r, inspect.SeverityError, "/etc/docker/node.json"), fieldtest.Match(field.ErrConflict, "exec-opts"))
}

func TestLoadWithoutSocketActivation(t *testing.T) {
	m := dockerNode(t)
	edit(t, m, serviceFile, "-H fd:// ", "")
	d := docker.Load(inspect.NewNode(m))
	require.NotNil(t, d)
	assert.False(t, d.TakesSocket)
}
