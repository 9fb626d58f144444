package runtime_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestParseMirror(t *testing.T) {
	m, err := runtime.ParseMirror("docker.io=https://mirror.example")
	require.NoError(t, err)
	assert.Equal(t, runtime.Mirror{Registry: "docker.io", URL: "https://mirror.example"}, m)
	assert.Equal(t, "mirror.example", m.Host())
	assert.False(t, m.Insecure())

	m, err = runtime.ParseMirror("_default=http://10.0.0.1:5000")
	require.NoError(t, err)
	assert.True(t, m.Insecure())

	for _, bad := range []string{"docker.io", "docker.io=ftp://x", "Docker.IO=https://x", "docker.io=https://u:p@x", "docker.io=https://x/?a=b", "docker.io=https://x\"y", "=https://x"} {
		_, err := runtime.ParseMirror(bad)
		assert.Error(t, err, bad)
	}
}

func TestValidateMirrors(t *testing.T) {
	ms := []runtime.Mirror{
		{Registry: "docker.io", URL: "https://a.example"},
		{Registry: "docker.io", URL: "https://a.example"},
		{Registry: "bad host", URL: "https://b.example"},
	}
	errs := runtime.ValidateMirrors(field.NewPath("mirrors"), ms)
	fieldtest.RequireProblem(t, errs.Err(), field.ErrDuplicate, "mirrors[1]")
	fieldtest.RequireProblem(t, errs.Err(), field.ErrInvalid, "mirrors[2].registry")

	regs, by := runtime.MirrorsByRegistry([]runtime.Mirror{
		{Registry: "registry.k8s.io", URL: "https://k.example"},
		{Registry: "docker.io", URL: "https://a.example"},
		{Registry: "registry.k8s.io", URL: "https://k2.example"},
	})
	assert.Equal(t, []string{"registry.k8s.io", "docker.io"}, regs)
	assert.Equal(t, []string{"https://k.example", "https://k2.example"}, by["registry.k8s.io"])
}

func TestCgroupDriver(t *testing.T) {
	assert.Empty(t, runtime.CgroupSystemd.Validate(field.NewPath("d")))
	fieldtest.RequireProblem(t, runtime.CgroupDriver("foo").Validate(field.NewPath("d")).Err(), field.ErrNotSupported, "d")
	fieldtest.RequireProblem(t, runtime.CgroupDriver("").Validate(field.NewPath("d")).Err(), field.ErrRequired, "d")
	var d runtime.CgroupDriver
	assert.Error(t, d.Set("systemd-ish"))
	require.NoError(t, d.Set("cgroupfs"))
	assert.Equal(t, "cgroupfs", d.String())
}
