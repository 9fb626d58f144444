package docker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestNewRefusesMirrorsOfOtherRegistries(t *testing.T) {
	_, err := docker.New(docker.WithMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://hub.mirror.example"},
		{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example"},
		{Registry: "_default", URL: "https://all.mirror.example"},
	}))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "mirrors[1].registry"),
		fieldtest.Match(field.ErrNotSupported, "mirrors[2].registry"),
	)
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
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "exec-opts[0]"),
		fieldtest.Match(field.ErrNotSupported, "storage-driver"),
		fieldtest.Match(field.ErrInvalid, "log-opts.max-file"),
	)
	_, err = docker.New(docker.WithVersion("next"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "docker-version"))
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
	in, err := docker.NewInstaller()
	require.NoError(t, err)
	assert.Equal(t, "docker", in.Name())
	assert.Equal(t, "docker.service", in.UnitName())
	assert.Equal(t, docker.DefaultVersion, in.Version())

	// Without containerd.service, dockerd runs its own containerd.
	in, err = docker.NewInstaller(docker.WithContainerdSocket(""), docker.WithBinary("/usr/sbin/dockerd"))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	for _, u := range plan.Units {
		assert.NotEqual(t, docker.ContainerdService, u.Unit)
	}
	assert.Contains(t, string(plan.File("/etc/systemd/system/docker.service").Content), "ExecStart=/usr/sbin/dockerd -H fd://\n")

	// daemon.json must not repeat what the unit's flags set.
	cfg, err := docker.New()
	require.NoError(t, err)
	cfg.Containerd = "/run/containerd/containerd.sock"
	_, err = docker.NewInstaller(docker.WithConfig(cfg))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "containerd"))
}

func TestNewInstallerRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []docker.InstallerOption
		want []fieldtest.Matcher
	}{
		{"no config", []docker.InstallerOption{docker.WithConfig(nil)},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "config")}},
		{"release kubenode does not know", []docker.InstallerOption{docker.WithConfig(&docker.DaemonConfig{}), docker.WithVersion("19.3.15")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "docker-version")}},
		{"a key next to the whole file", []docker.InstallerOption{docker.WithConfig(&docker.DaemonConfig{}), docker.WithLogDriver("local")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "config").Value("WithLogDriver")}},
		{"a key the release refuses", []docker.InstallerOption{docker.WithVersion("28.5"), docker.WithStorageDriver("aufs")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "storage-driver")}},
		{"relative paths", []docker.InstallerOption{docker.WithBinary("dockerd"), docker.WithUnitDir("etc/systemd/system")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "binary"), fieldtest.Match(field.ErrInvalid, "unit-dir")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docker.NewInstaller(tt.opts...)
			fieldtest.RequireExactly(t, err, tt.want...)
		})
	}
}

func TestWithEdit(t *testing.T) {
	cfg, err := docker.New(docker.WithDataRoot("/data/docker"), docker.WithEdit(func(c *docker.DaemonConfig) {
		c.DataRoot += "2"
		c.ExecRoot = "/run/docker2"
	}))
	require.NoError(t, err)
	assert.Equal(t, "/data/docker2", cfg.DataRoot, "it sees what the options before it set")
	assert.Equal(t, "/run/docker2", cfg.ExecRoot)

	_, err = docker.New(docker.WithEdit(func(c *docker.DaemonConfig) { c.ExecOpts = []string{"native.cgroupdriver=foo"} }))
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "exec-opts[0]")
}
