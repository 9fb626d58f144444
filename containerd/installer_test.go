package containerd_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

var mirrors = []runtime.Mirror{
	{Registry: "docker.io", URL: "https://mirror.example"},
	{Registry: "docker.io", URL: "http://10.0.0.1:5000"},
	{Registry: runtime.DefaultRegistry, URL: "https://all.example"},
}

// The whole plan per scenario, pinned byte for byte.
func TestInstallerPlan(t *testing.T) {
	tests := []struct {
		name    string
		version string
		opts    []containerd.InstallerOption
		cfgOpts []containerd.Option
	}{
		{"2.2-mirrors", "2.2", []containerd.InstallerOption{containerd.WithMirrors(mirrors)}, nil},
		{"2.4-debian-binary", "2.4", []containerd.InstallerOption{containerd.WithBinary("/usr/bin/containerd")}, nil},
		{"1.7-cgroupfs-mirrors", "1.7", []containerd.InstallerOption{containerd.WithMirrors(mirrors)},
			[]containerd.Option{containerd.WithCgroupDriver(runtime.CgroupCgroupfs)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newConfig(t, tt.version, tt.cfgOpts...)
			in, err := containerd.NewInstaller(append([]containerd.InstallerOption{containerd.WithConfig(cfg), containerd.WithVersion(tt.version)}, tt.opts...)...)
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, "testdata/plan-"+tt.name+".txtar", plan, *update)
		})
	}
}

func TestInstaller(t *testing.T) {
	cfg := newConfig(t, "2.2", containerd.WithEdit(func(c *containerd.Config) { c.GRPCAddress = "/run/k8s/containerd.sock" }))
	in, err := containerd.NewInstaller(containerd.WithConfig(cfg))
	require.NoError(t, err)
	assert.Equal(t, "containerd", in.Name())
	assert.Equal(t, "containerd.service", in.UnitName())
	assert.Equal(t, "unix:///run/k8s/containerd.sock", in.Endpoint())
	assert.Empty(t, in.Warnings())

	def, err := containerd.NewInstaller()
	require.NoError(t, err)
	assert.Equal(t, runtime.ContainerdEndpoint, def.Endpoint())

	// The installer copied the config: later changes do not reach it.
	cfg.Images.SandboxImage = "not an image"
	_, err = in.Plan(context.Background())
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = in.Plan(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestInstallerWarns(t *testing.T) {
	unknown := containerd.WithEdit(func(c *containerd.Config) {
		c.Extra = map[string]any{"plugins": map[string]any{"io.containerd.cri.v1.runtime": map[string]any{"no_such_key": true}}}
	})
	in, err := containerd.NewInstaller(containerd.WithConfig(newConfig(t, "2.2", unknown)))
	require.NoError(t, err)
	fieldtest.RequireProblem(t, in.Warnings().Err(), field.ErrUnknown, v3Runtime+".no_such_key")

	// Built from the settings, the Config is validated once, where it is
	// built, and the warnings of that validation are the Installer's.
	in, err = containerd.NewInstaller(containerd.WithVersion("2.2"), unknown)
	require.NoError(t, err)
	fieldtest.RequireProblem(t, in.Warnings().Err(), field.ErrUnknown, v3Runtime+".no_such_key")
}

func TestNewInstallerRefuses(t *testing.T) {
	_, err := containerd.NewInstaller(containerd.WithConfig(nil))
	fieldtest.RequireProblem(t, err, field.ErrRequired, "config")

	_, err = containerd.NewInstaller(containerd.WithRegistryConfigPath(""), containerd.WithMirrors(mirrors))
	fieldtest.RequireProblem(t, err, field.ErrRequired, v3Images+".registry.config_path")

	_, err = containerd.NewInstaller(
		containerd.WithBinary("containerd"),
		containerd.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "mirror.example"}}),
		containerd.WithVersion("3.0"))
	fieldtest.Require(t, err,
		fieldtest.Match(field.ErrInvalid, "containerd binary"),
		fieldtest.Match(field.ErrInvalid, "mirrors[0].url"),
		fieldtest.Match(field.ErrNotSupported, "target"))

	// A Config given whole takes no option that sets part of it.
	_, err = containerd.NewInstaller(containerd.WithConfig(newConfig(t, "2.2")), containerd.WithNRI(false))
	fieldtest.Require(t, err, fieldtest.Match(field.ErrForbidden, "config").Value("WithNRI"))

	// A config parsed from a version 3 file cannot run on containerd 1.7.
	c, err := containerd.Parse(readFile(t, "reference/containerd-2.2.9-default.toml"))
	require.NoError(t, err)
	_, err = containerd.NewInstaller(containerd.WithConfig(c), containerd.WithVersion("1.7"))
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "version")
}

// NewInstaller builds the Config from the options New takes, for the
// release it renders for.
func TestNewInstallerBuildsTheConfig(t *testing.T) {
	opts := []containerd.ConfigOption{
		containerd.WithCgroupDriver(runtime.CgroupCgroupfs),
		containerd.WithSandboxImage("registry.k8s.io/pause:3.10"),
		containerd.WithNRI(false),
	}
	in, err := containerd.NewInstaller(containerd.WithVersion("1.7"), opts[0], opts[1], opts[2])
	require.NoError(t, err)
	built, err := in.Plan(context.Background())
	require.NoError(t, err)

	cfg := newConfig(t, "1.7", opts[0], opts[1], opts[2])
	given, err := containerd.NewInstaller(containerd.WithConfig(cfg), containerd.WithVersion("1.7"))
	require.NoError(t, err)
	want, err := given.Plan(context.Background())
	require.NoError(t, err)
	assert.Equal(t, want, built)

	_, err = containerd.NewInstaller(containerd.WithVersion("1.6"), containerd.WithNRI(true))
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, `plugins."io.containerd.nri.v1.nri".disable`)
}

func TestInstallerEndpointAndUnitDir(t *testing.T) {
	in, err := containerd.NewInstaller(containerd.WithEndpoint("unix:///var/run/k8s/containerd.sock"), containerd.WithUnitDir("/usr/lib/systemd/system"))
	require.NoError(t, err)
	assert.Equal(t, "unix:///run/k8s/containerd.sock", in.Endpoint())
	p, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.NotNil(t, p.File("/usr/lib/systemd/system/"+containerd.UnitName))
	assert.Contains(t, string(p.File("/etc/crictl.yaml").Content), "unix:///run/k8s/containerd.sock", "crictl follows the endpoint")

	_, err = containerd.NewInstaller(containerd.WithEndpoint("tcp://10.0.0.1:1"), containerd.WithUnitDir("lib"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "grpc.address"),
		fieldtest.Match(field.ErrInvalid, "containerd unit-dir"))
}
