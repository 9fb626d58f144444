package crio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestNewDefaults(t *testing.T) {
	for _, v := range crio.SupportedVersions {
		t.Run(v.String(), func(t *testing.T) {
			cfg, err := crio.New(crio.WithVersion(v.String()))
			require.NoError(t, err)
			assert.Equal(t, &crio.Config{
				Runtime: crio.Runtime{CgroupManager: runtime.CgroupSystemd, ConmonCgroup: "pod"},
				Image:   crio.Image{PauseImage: crio.DefaultPauseImage(v)},
			}, cfg)
			warnings, err := cfg.Validate(v)
			require.NoError(t, err)
			assert.Empty(t, warnings)
		})
	}
}

func TestDefaultsByRelease(t *testing.T) {
	v := runtime.MustParseVersion
	assert.Equal(t, "registry.k8s.io/pause:3.6", crio.DefaultPauseImage(v("1.27")))
	assert.Equal(t, "registry.k8s.io/pause:3.9", crio.DefaultPauseImage(v("1.28.4")))
	assert.Equal(t, "registry.k8s.io/pause:3.10", crio.DefaultPauseImage(v("1.33")))
	assert.Equal(t, "registry.k8s.io/pause:3.10.1", crio.DefaultPauseImage(v("1.34")))
	assert.Equal(t, "runc", crio.BuiltinRuntime(v("1.30")))
	assert.Equal(t, "crun", crio.BuiltinRuntime(v("1.31")))
}

func TestNewOptions(t *testing.T) {
	cfg, err := crio.New(
		crio.WithVersion("1.31.3"),
		crio.WithCgroupDriver(runtime.CgroupCgroupfs),
		crio.WithSandboxImage("registry.k8s.io/pause:3.10"),
		crio.WithRuntime("runc", crio.RuntimeHandler{RuntimePath: "/usr/bin/runc", RuntimeRoot: "/run/runc"}),
		crio.WithDefaultRuntime("runc"),
		crio.WithCNI("/etc/cni/net.d", "/opt/cni/bin"),
		crio.WithEndpoint("unix:///run/crio/crio.sock"),
		crio.WithEdit(func(c *crio.Config) { c.Runtime.Extra = map[string]any{"log_level": "debug"} }),
	)
	require.NoError(t, err)
	assert.Equal(t, &crio.Config{
		API: crio.API{Listen: "/run/crio/crio.sock"},
		Runtime: crio.Runtime{
			CgroupManager: runtime.CgroupCgroupfs, ConmonCgroup: "pod", DefaultRuntime: "runc",
			Runtimes: map[string]crio.RuntimeHandler{"runc": {RuntimePath: "/usr/bin/runc", RuntimeRoot: "/run/runc"}},
			Extra:    map[string]any{"log_level": "debug"},
		},
		Image:   crio.Image{PauseImage: "registry.k8s.io/pause:3.10"},
		Network: crio.Network{NetworkDir: "/etc/cni/net.d", PluginDirs: []string{"/opt/cni/bin"}},
	}, cfg)
}

func TestNewRefuses(t *testing.T) {
	_, err := crio.New(
		crio.WithVersion("1.23"),
		crio.WithCgroupDriver(""),
		crio.WithSandboxImage("registry.k8s.io/pause"),
	)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "target"),
		fieldtest.Match(field.ErrRequired, "crio.runtime.cgroup_manager"),
		fieldtest.Match(field.ErrInvalid, "crio.image.pause_image"))

	_, err = crio.New(crio.WithVersion("x"))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "target")

	_, err = crio.New(crio.WithDefaultRuntime("kata"))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "crio.runtime.default_runtime")

	_, err = crio.New(crio.WithEndpoint(""))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrRequired, "crio.api.listen"))
	for _, endpoint := range []string{"/run/crio/crio.sock", "tcp://10.0.0.1:1234", "unix://run/crio.sock"} {
		_, err = crio.New(crio.WithEndpoint(endpoint))
		fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "crio.api.listen").Value(endpoint))
	}
}

func TestZeroConfigOptionSetsNothing(t *testing.T) {
	cfg, err := crio.New(crio.ConfigOption{})
	require.NoError(t, err)
	want, err := crio.New()
	require.NoError(t, err)
	assert.Equal(t, want, cfg)
}
