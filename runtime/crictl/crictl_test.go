package crictl_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestCrictlConfigRenderAndParse(t *testing.T) {
	c, err := crictl.New(runtime.ContainerdEndpoint)
	require.NoError(t, err)
	c.Debug = true
	b, err := c.Render()
	require.NoError(t, err)
	assert.Equal(t, "debug: true\n"+
		"image-endpoint: unix:///run/containerd/containerd.sock\n"+
		"runtime-endpoint: unix:///run/containerd/containerd.sock\n"+
		"timeout: 10\n", string(b))
	back, err := crictl.Parse(b)
	require.NoError(t, err)
	assert.Equal(t, c, back)

	f, err := c.PlanFile()
	require.NoError(t, err)
	assert.Equal(t, "/etc/crictl.yaml", f.Path)
}

func TestCrictlConfigValidate(t *testing.T) {
	tests := []struct {
		name     string
		c        crictl.Config
		sentinel error
		path     string
	}{
		{"missing endpoint", crictl.Config{}, field.ErrRequired, "runtime-endpoint"},
		{"tcp endpoint", crictl.Config{RuntimeEndpoint: "tcp://1.2.3.4:1"}, field.ErrInvalid, "runtime-endpoint"},
		{"relative socket", crictl.Config{RuntimeEndpoint: "unix://run/x.sock"}, field.ErrInvalid, "runtime-endpoint"},
		{"bad image endpoint", crictl.Config{RuntimeEndpoint: runtime.CRIOEndpoint, ImageEndpoint: "/run/x.sock"}, field.ErrInvalid, "image-endpoint"},
		{"negative timeout", crictl.Config{RuntimeEndpoint: runtime.CRIOEndpoint, Timeout: -1}, field.ErrInvalid, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fieldtest.RequireProblem(t, tt.c.Validate(), tt.sentinel, tt.path)
			_, err := tt.c.Render()
			assert.ErrorIs(t, err, tt.sentinel)
		})
	}
}

func TestParseCrictlConfigRefusesUnknownKey(t *testing.T) {
	_, err := crictl.Parse([]byte("runtime-endpoint: unix:///run/x.sock\nruntime_endpoint: x\n"))
	assert.Error(t, err)
}

func TestSameSocket(t *testing.T) {
	assert.True(t, runtime.SameSocket("unix:///var/run/crio/crio.sock", "unix:///run/crio/crio.sock"))
	assert.True(t, runtime.SameSocket(runtime.CRIDockerdEndpoint, "unix:///var/run/cri-dockerd.sock"))
	assert.False(t, runtime.SameSocket(runtime.ContainerdEndpoint, runtime.CRIDockerdEndpoint))
	assert.False(t, runtime.SameSocket("/run/x.sock", "/run/x.sock"), "only unix:// URLs name sockets")
}

func TestValidateImage(t *testing.T) {
	p := field.NewPath("image")
	for _, ok := range []string{"registry.k8s.io/pause:3.10", "pause:3.9", "docker.io/library/busybox@sha256:" + "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"} {
		assert.Empty(t, runtime.ValidateImage(p, ok), ok)
	}
	for _, bad := range []string{"", "Registry.k8s.io/Pause:3.10", "registry.k8s.io/pause", "registry.k8s.io/pause:", "a b:1"} {
		assert.NotEmpty(t, runtime.ValidateImage(p, bad), bad)
	}
}

func TestCrictlArtifact(t *testing.T) {
	a, err := crictl.Artifact("1.37.0", "arm64")
	require.NoError(t, err)
	assert.Equal(t, "https://github.com/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-arm64.tar.gz", a.URL)
	assert.Equal(t, a.URL+".sha256", a.ChecksumURL)
	assert.Equal(t, []runtime.Member{{Name: "crictl", Path: "/usr/local/bin/crictl", Mode: 0o755}}, a.Members)
	_, err = crictl.Artifact("1.37", "riscv")
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "crictl.version")
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "crictl.arch")
}

// Validate checks an image endpoint equal to the runtime endpoint once,
// and reports exactly what checking both reports.
func TestCrictlValidateSameEndpointOnce(t *testing.T) {
	full := func(c crictl.Config) error {
		var errs field.ErrorList
		errs = append(errs, runtime.ValidateCRIEndpoint(field.NewPath("runtime-endpoint"), c.RuntimeEndpoint, true)...)
		errs = append(errs, runtime.ValidateCRIEndpoint(field.NewPath("image-endpoint"), c.ImageEndpoint, false)...)
		if c.Timeout < 0 {
			errs = append(errs, field.Invalid(field.NewPath("timeout"), c.Timeout, ""))
		}
		return errs.Err()
	}
	endpoints := []string{"", runtime.ContainerdEndpoint, runtime.CRIOEndpoint, "tcp://1.2.3.4:1", "unix://run/x.sock",
		"/run/x.sock", "unix:///run/" + strings.Repeat("x", 120) + ".sock", "unix:///run/x.sock?q"}
	for _, rt := range endpoints {
		for _, img := range endpoints {
			for _, timeout := range []int{0, -1} {
				c := crictl.Config{RuntimeEndpoint: rt, ImageEndpoint: img, Timeout: timeout}
				fieldtest.RequireSame(t, c.Validate(), full(c))
			}
		}
	}
}
