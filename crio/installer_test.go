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
			[]crio.Option{crio.WithVersion("1.24"), crio.WithCgroupManager(runtime.CgroupCgroupfs)},
			[]crio.InstallerOption{crio.WithVersion("1.24")}},
		{"testdata/node-mirrors.txtar",
			[]crio.Option{crio.WithPauseImage("registry.aliyuncs.com/google_containers/pause:3.9")},
			[]crio.InstallerOption{crio.WithMirrors(mirrors), crio.WithDropInName("50-node.conf")}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			cfg, err := crio.New(tt.opts...)
			require.NoError(t, err)
			in, err := crio.NewInstaller(cfg, tt.install...)
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
	in, err := crio.NewInstaller(cfg)
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
	cfg, err := crio.New(crio.WithListen("/run/crio/crio.sock"))
	require.NoError(t, err)
	in, err := crio.NewInstaller(cfg)
	require.NoError(t, err)
	assert.Equal(t, "unix:///run/crio/crio.sock", in.Endpoint())
	assert.True(t, runtime.SameSocket(in.Endpoint(), runtime.CRIOEndpoint))
}

func TestInstallerWithRegistries(t *testing.T) {
	cfg, err := crio.New()
	require.NoError(t, err)
	rc := validRegistries()
	in, err := crio.NewInstaller(cfg, crio.WithRegistries(rc))
	require.NoError(t, err)
	rc.Registries = nil // the installer keeps its own copy
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	want, err := validRegistries().Render()
	require.NoError(t, err)
	assert.Equal(t, string(want), string(plan.File(in.RegistriesPath()).Content))
}

func TestNewInstallerRefuses(t *testing.T) {
	_, err := crio.NewInstaller(nil)
	assertProblem(t, err, field.ErrRequired, "config")

	cfg, err := crio.New()
	require.NoError(t, err)
	_, err = crio.NewInstaller(cfg,
		crio.WithDropInName("../crio.conf"),
		crio.WithMirrors([]runtime.Mirror{{Registry: "_default", URL: "https://m.example"}}),
		crio.WithVersion("1.9"),
	)
	assertProblem(t, err, field.ErrInvalid, "drop-in-name")
	assertProblem(t, err, field.ErrNotSupported, "mirrors[0].registry")
	assertProblem(t, err, field.ErrNotSupported, "target")

	cfg.Runtime.ConmonCgroup = "conmon"
	_, err = crio.NewInstaller(cfg)
	assertProblem(t, err, field.ErrInvalid, "crio.runtime.conmon_cgroup")

	_, err = crio.NewInstaller(validConfig(), crio.WithRegistries(&crio.RegistriesConfig{ShortNameMode: "x"}))
	assertProblem(t, err, field.ErrNotSupported, "short-name-mode")
}

func TestInstallerWarnings(t *testing.T) {
	cfg := validConfig()
	cfg.Runtime.Extra["no_such_key"] = 1
	in, err := crio.NewInstaller(cfg)
	require.NoError(t, err)
	assert.Equal(t, []string{"crio.runtime.no_such_key"}, paths(in.Warnings()))
}

func TestInstallerWarnsWhenPackagedSearchListWins(t *testing.T) {
	cfg, err := crio.New()
	require.NoError(t, err)
	rc := &crio.RegistriesConfig{UnqualifiedSearchRegistries: []string{"quay.io"}}
	in, err := crio.NewInstaller(cfg, crio.WithRegistries(rc))
	require.NoError(t, err)
	assertProblem(t, in.Warnings().Err(), field.ErrConflict, "unqualified-search-registries")

	in, err = crio.NewInstaller(cfg, crio.WithRegistries(rc), crio.WithDropInName("zz-kubenode.conf"))
	require.NoError(t, err)
	assert.Empty(t, in.Warnings())
}
