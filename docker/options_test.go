package docker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
)

func TestNewRefusesMirrorsOfOtherRegistries(t *testing.T) {
	_, err := docker.New(docker.WithMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://hub.mirror.example"},
		{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example"},
		{Registry: "_default", URL: "https://all.mirror.example"},
	}))
	requireProblems(t, err, []problem{
		{errNotSupported, "mirrors[1].registry"},
		{errNotSupported, "mirrors[2].registry"},
	})
	hub, others := docker.HubMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://hub.mirror.example"},
		{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example"},
	})
	assert.Len(t, hub, 1)
	assert.Len(t, others, 1)
}

func TestNewCollectsProblems(t *testing.T) {
	_, err := docker.New(docker.WithVersion("20.10"), docker.WithCgroupDriver("foo"), docker.WithStorageDriver("aufs2"),
		docker.WithLogDriver("json-file"), docker.WithLogOpts(map[string]string{"max-file": "none"}))
	requireProblems(t, err, []problem{
		{errNotSupported, "exec-opts[0]"},
		{errNotSupported, "storage-driver"},
		{errInvalid, "log-opts.max-file"},
	})
	_, err = docker.New(docker.WithVersion("next"))
	requireProblems(t, err, []problem{{errInvalid, "docker-version"}})
}

func TestNewOptions(t *testing.T) {
	cfg, err := docker.New(docker.WithDataRoot("/data/docker"), docker.WithInsecureRegistries("registry.local:5000"),
		docker.WithStorageDriver("vfs"), docker.WithLogDriver("journald"))
	require.NoError(t, err)
	assert.Equal(t, "/data/docker", cfg.DataRoot)
	assert.Equal(t, []string{"registry.local:5000"}, cfg.InsecureRegistries)
	assert.Equal(t, "vfs", cfg.StorageDriver)
	assert.Nil(t, cfg.LogOpts, "log-opts belong to the previous driver")
}

func TestInstaller(t *testing.T) {
	cfg, err := docker.New()
	require.NoError(t, err)
	in, err := docker.NewInstaller(cfg)
	require.NoError(t, err)
	assert.Equal(t, "docker", in.Name())
	assert.Equal(t, "docker.service", in.UnitName())
	assert.Equal(t, docker.DefaultVersion, in.Version())

	// Without containerd.service, dockerd runs its own containerd.
	in, err = docker.NewInstaller(cfg, docker.InstallUnitOptions(docker.WithContainerdSocket("")))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	for _, u := range plan.Units {
		assert.NotEqual(t, docker.ContainerdService, u.Unit)
	}

	// daemon.json must not repeat what the unit's flags set.
	cfg.Containerd = "/run/containerd/containerd.sock"
	_, err = docker.NewInstaller(cfg)
	requireProblems(t, err, []problem{{errConflict, "containerd"}})
	_, err = docker.NewInstaller(nil)
	requireProblems(t, err, []problem{{errRequired, "cfg"}})
	_, err = docker.NewInstaller(&docker.DaemonConfig{}, docker.InstallVersion("19.3.15"))
	requireProblems(t, err, []problem{{errNotSupported, "docker-version"}})
}
