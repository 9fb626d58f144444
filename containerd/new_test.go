package containerd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// New's config for every supported release, pinned byte for byte.
func TestNewRendersEachTargetsLayout(t *testing.T) {
	for _, target := range containerd.SupportedVersions {
		t.Run(target.String(), func(t *testing.T) {
			c := newConfig(t, target.String())
			out, err := c.Render(target)
			require.NoError(t, err)
			plantest.GoldenBytes(t, "testdata/new-"+target.String()+".toml", out, *update)

			back, err := containerd.Parse(out)
			require.NoError(t, err)
			again, err := back.Render(target)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(again), "render -> parse -> render must be byte-stable")
			cv, _ := containerd.ConfigVersion(target)
			assert.Equal(t, cv, back.Version)
		})
	}
}

func TestNewPinsWhatANodeNeeds(t *testing.T) {
	c := newConfig(t, "2.2")
	assert.Equal(t, containerd.DefaultSandboxImage, c.Images.SandboxImage)
	assert.Equal(t, containerd.DefaultConfigPath, c.Images.ConfigPath)
	assert.Equal(t, containerd.Runtime{Type: containerd.RuntimeTypeRuncV2, Options: containerd.RuncOptions{SystemdCgroup: true}},
		c.Runtime.Runtimes["runc"])
	assert.Nil(t, c.DisableNRI, "NRI stays at containerd's default")
	assert.Zero(t, c.Version, "a built Config follows whatever layout it is rendered for")
}

func TestNewOptions(t *testing.T) {
	c := newConfig(t, "1.7",
		containerd.WithCgroupDriver(runtime.CgroupCgroupfs),
		containerd.WithSandboxImage("registry.aliyuncs.com/google_containers/pause:3.9"),
		containerd.WithRegistryConfigPath("/etc/containerd/hosts"),
		containerd.WithNRI(false),
		containerd.WithEdit(func(c *containerd.Config) { c.Root = "/data/containerd" }),
	)
	assert.False(t, c.Runtime.Runtimes["runc"].Options.SystemdCgroup)
	assert.Equal(t, "registry.aliyuncs.com/google_containers/pause:3.9", c.Images.SandboxImage)
	assert.Equal(t, "/etc/containerd/hosts", c.Images.ConfigPath)
	require.NotNil(t, c.DisableNRI)
	assert.True(t, *c.DisableNRI)
	assert.Equal(t, "/data/containerd", c.Root)

	out, err := c.Render(v("1.7"))
	require.NoError(t, err)
	assert.Contains(t, string(out), "[plugins.'io.containerd.nri.v1.nri']\n    disable = true\n")
	assert.NotContains(t, string(out), "SystemdCgroup", "false is containerd's default and is not written")

	none := newConfig(t, "2.2", containerd.WithRegistryConfigPath(""))
	assert.Empty(t, none.Images.ConfigPath)
}

func TestNewRefusesBadOptionsAll(t *testing.T) {
	_, err := containerd.New(
		containerd.WithVersion("1.5"),
		containerd.WithSandboxImage("Not An/Image"),
		containerd.WithCgroupDriver("systemd-ish"),
		containerd.WithRegistryConfigPath("relative/dir"),
	)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "target"),
		fieldtest.Match(field.ErrInvalid, "containerd sandbox-image"),
		fieldtest.Match(field.ErrNotSupported, "containerd cgroup-driver"),
		fieldtest.Match(field.ErrInvalid, "containerd config-path"))
}

func TestNewValidatesForItsTarget(t *testing.T) {
	_, err := containerd.New(containerd.WithVersion("1.6"), containerd.WithNRI(true))
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, `plugins."io.containerd.nri.v1.nri".disable`)

	_, err = containerd.New(containerd.WithVersion("2.2"), containerd.WithEdit(func(c *containerd.Config) {
		c.Runtime.Runtimes["runc"] = containerd.Runtime{Type: containerd.RuntimeTypeLinuxV1}
	}))
	fieldtest.RequireProblem(t, err, field.ErrRemoved, runcKey(v3Runtime, "runtime_type"))
}

func TestConfigVersion(t *testing.T) {
	for target, want := range map[string]int{"1.6": 2, "1.7.30": 2, "2.0": 3, "2.1": 3, "2.2.9": 3, "2.3": 4, "2.4.2": 4} {
		got, err := containerd.ConfigVersion(v(target))
		require.NoError(t, err, target)
		assert.Equal(t, want, got, target)
	}
	for _, bad := range []string{"1.5", "2.5", "3.0"} {
		_, err := containerd.ConfigVersion(v(bad))
		fieldtest.RequireProblem(t, err, field.ErrNotSupported, "target")
	}
}
