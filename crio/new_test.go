package crio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
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
		crio.WithCgroupManager(runtime.CgroupCgroupfs),
		crio.WithPauseImage("registry.k8s.io/pause:3.10"),
		crio.WithRuntime("runc", crio.RuntimeHandler{RuntimePath: "/usr/bin/runc", RuntimeRoot: "/run/runc"}),
		crio.WithDefaultRuntime("runc"),
		crio.WithCNI("/etc/cni/net.d", "/opt/cni/bin"),
		crio.WithListen("/run/crio/crio.sock"),
		crio.WithConfig(func(c *crio.Config) { c.Runtime.Extra = map[string]any{"log_level": "debug"} }),
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
		crio.WithCgroupManager(""),
		crio.WithPauseImage("registry.k8s.io/pause"),
	)
	assertProblem(t, err, field.ErrNotSupported, "target")
	assertProblem(t, err, field.ErrRequired, "crio.runtime.cgroup_manager")
	assertProblem(t, err, field.ErrInvalid, "crio.image.pause_image")
	assert.Len(t, field.AsList(err), 3)

	_, err = crio.New(crio.WithVersion("x"))
	assertProblem(t, err, field.ErrInvalid, "target")

	_, err = crio.New(crio.WithDefaultRuntime("kata"))
	assertProblem(t, err, field.ErrInvalid, "crio.runtime.default_runtime")
}
