package crio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func TestInstallerGolden(t *testing.T) {
	mirrors := []runtime.Mirror{
		{Registry: "docker.io", URL: "https://mirror.example"},
		{Registry: "registry.k8s.io", URL: "http://10.0.0.1:5000"},
	}
	tests := []struct {
		golden  string
		opts    []crio.Option
		install []crio.InstallerOption
	}{
		{"testdata/node-1.34.txtar", nil, nil},
		{"testdata/node-1.24-cgroupfs.txtar",
			[]crio.Option{crio.WithVersion("1.24"), crio.WithCgroupDriver(runtime.CgroupCgroupfs)},
			[]crio.InstallerOption{crio.WithVersion("1.24")}},
		{"testdata/node-mirrors.txtar",
			[]crio.Option{crio.WithSandboxImage("registry.aliyuncs.com/google_containers/pause:3.9")},
			[]crio.InstallerOption{crio.WithMirrors(mirrors), crio.WithDropInName("50-node.conf")}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			cfg, err := crio.New(tt.opts...)
			require.NoError(t, err)
			in, err := crio.NewInstaller(append(tt.install, crio.WithConfig(cfg))...)
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, tt.golden, plan, *update)
		})
	}
}

func TestInstaller(t *testing.T) {
	cfg, err := crio.New()
	require.NoError(t, err)
	in, err := crio.NewInstaller(crio.WithConfig(cfg))
	require.NoError(t, err)
	assert.Equal(t, "crio", in.Name())
	assert.Equal(t, "crio.service", in.UnitName())
	assert.Equal(t, runtime.CRIOEndpoint, in.Endpoint())
	assert.Equal(t, "/etc/crio/crio.conf.d/20-kubenode.conf", in.DropInPath())
	assert.Equal(t, "/etc/containers/registries.conf.d/20-kubenode.conf", in.RegistriesPath())
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.Nil(t, plan.File(in.RegistriesPath()), "no mirrors, no registries drop-in")
	assert.Equal(t, []runtime.UnitAction{
		{Unit: "crio.service", Action: runtime.ActionEnable},
		{Unit: "crio.service", Action: runtime.ActionStart},
	}, plan.Units)
	crictl, err := crictl.Parse(plan.File(crictl.Path).Content)
	require.NoError(t, err)
	assert.Equal(t, runtime.CRIOEndpoint, crictl.RuntimeEndpoint)

	// The installer keeps its own copy.
	cfg.Image.PauseImage = "changed:1"
	again, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.Equal(t, plan, again)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = in.Plan(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestInstallerEndpointFollowsListen(t *testing.T) {
	cfg, err := crio.New(crio.WithEndpoint("unix:///run/crio/crio.sock"))
	require.NoError(t, err)
	assert.Equal(t, "/run/crio/crio.sock", cfg.API.Listen)
	in, err := crio.NewInstaller(crio.WithConfig(cfg))
	require.NoError(t, err)
	assert.Equal(t, "unix:///run/crio/crio.sock", in.Endpoint())
	assert.True(t, runtime.SameSocket(in.Endpoint(), runtime.CRIOEndpoint))
}

// TestNewInstallerBuildsTheConfig: without WithConfig, the options that
// set the Config go to New, for the Installer's target.
func TestNewInstallerBuildsTheConfig(t *testing.T) {
	opts := []crio.ConfigOption{
		crio.WithCgroupDriver(runtime.CgroupCgroupfs),
		crio.WithEndpoint("unix:///run/crio/crio.sock"),
		crio.WithRuntime("kata", crio.RuntimeHandler{RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: crio.RuntimeTypeVM}),
		crio.WithDefaultRuntime("kata"),
		crio.WithCNI("/etc/cni/net.d"),
		crio.WithEdit(func(c *crio.Config) { c.Runtime.Extra = map[string]any{"log_level": "debug"} }),
	}
	newOpts := []crio.Option{crio.WithVersion("1.28")}
	installOpts := []crio.InstallerOption{crio.WithVersion("1.28")}
	for _, o := range opts {
		newOpts = append(newOpts, o)
		installOpts = append(installOpts, o)
	}
	cfg, err := crio.New(newOpts...)
	require.NoError(t, err)
	want, err := crio.NewInstaller(crio.WithVersion("1.28"), crio.WithConfig(cfg))
	require.NoError(t, err)
	in, err := crio.NewInstaller(installOpts...)
	require.NoError(t, err)
	assert.Equal(t, want, in)
	assert.Equal(t, "registry.k8s.io/pause:3.9", cfg.Image.PauseImage, "1.28's own")
}

func TestInstallerWithRegistries(t *testing.T) {
	rc := validRegistries()
	in, err := crio.NewInstaller(crio.WithRegistries(rc))
	require.NoError(t, err)
	rc.Registries = nil // the installer keeps its own copy
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	want, err := validRegistries().Render()
	require.NoError(t, err)
	assert.Equal(t, string(want), string(plan.File(in.RegistriesPath()).Content))
}

func TestNewInstallerRefuses(t *testing.T) {
	_, err := crio.NewInstaller(crio.WithConfig(nil))
	fieldtest.RequireProblem(t, err, field.ErrRequired, "config")

	cfg, err := crio.New()
	require.NoError(t, err)
	_, err = crio.NewInstaller(crio.WithConfig(cfg),
		crio.WithDropInName("../crio.conf"),
		crio.WithMirrors([]runtime.Mirror{{Registry: "_default", URL: "https://m.example"}}),
		crio.WithVersion("1.9"),
	)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "drop-in-name"),
		fieldtest.Match(field.ErrNotSupported, "mirrors[0].registry"),
		fieldtest.Match(field.ErrNotSupported, "target"))

	cfg.Runtime.ConmonCgroup = "conmon"
	_, err = crio.NewInstaller(crio.WithConfig(cfg))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "crio.runtime.conmon_cgroup")

	_, err = crio.NewInstaller(crio.WithConfig(validConfig()), crio.WithRegistries(&crio.RegistriesConfig{ShortNameMode: "x"}))
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "short-name-mode")

	// The options that set the Config are checked as New checks them.
	_, err = crio.NewInstaller(crio.WithCgroupDriver("cgroup"), crio.WithEndpoint("/run/crio.sock"), crio.WithDefaultRuntime("youki"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "crio.runtime.cgroup_manager"),
		fieldtest.Match(field.ErrInvalid, "crio.api.listen").Value("/run/crio.sock"))
	_, err = crio.NewInstaller(crio.WithDefaultRuntime("youki"))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "crio.runtime.default_runtime")
}

func TestNewInstallerRefusesConfigOptionsWithWithConfig(t *testing.T) {
	cfg, err := crio.New()
	require.NoError(t, err)
	_, err = crio.NewInstaller(crio.WithVersion("1.34"), crio.WithSandboxImage("registry.k8s.io/pause:3.10"),
		crio.WithConfig(cfg), crio.WithCgroupDriver(runtime.CgroupCgroupfs))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrForbidden, "config").Value("WithSandboxImage"),
		fieldtest.Match(field.ErrForbidden, "config").Value("WithCgroupDriver"))
}

func TestInstallerWarnings(t *testing.T) {
	cfg := validConfig()
	cfg.Runtime.Extra["no_such_key"] = 1
	in, err := crio.NewInstaller(crio.WithConfig(cfg))
	require.NoError(t, err)
	fieldtest.RequireExactly(t, in.Warnings().Err(), fieldtest.Match(field.ErrUnknown, "crio.runtime.no_such_key"))
}

func TestInstallerWarnsWhenPackagedSearchListWins(t *testing.T) {
	rc := &crio.RegistriesConfig{UnqualifiedSearchRegistries: []string{"quay.io"}}
	in, err := crio.NewInstaller(crio.WithRegistries(rc))
	require.NoError(t, err)
	fieldtest.RequireProblem(t, in.Warnings().Err(), field.ErrConflict, "unqualified-search-registries")

	in, err = crio.NewInstaller(crio.WithRegistries(rc), crio.WithDropInName("zz-kubenode.conf"))
	require.NoError(t, err)
	assert.Empty(t, in.Warnings())
}
