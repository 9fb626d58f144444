package kubelet_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
)

// target is the release the patch tests start from.
func target(t *testing.T) runtime.Version {
	t.Helper()
	v, err := runtime.ParseVersion("1.37")
	require.NoError(t, err)
	return v
}

// The patch holds what differs from the configuration kubeadm starts
// from, null for what the node leaves out, and not the keys kubeadm sets
// from nodeRegistration.
func TestKubeadmPatch(t *testing.T) {
	c, err := kubelet.New(
		kubelet.WithRuntimeEndpoint(runtime.ContainerdEndpoint),
		kubelet.WithStaticPodPath(""),
		kubelet.WithEdit(func(c *kubelet.Config) {
			c.MaxPods = 50
			c.EvictionHard = map[string]string{"memory.available": "200Mi"}
			c.RegisterWithTaints = []corev1.Taint{{Key: "a", Effect: corev1.TaintEffectNoSchedule}}
		}),
	)
	require.NoError(t, err)
	b, err := kubelet.KubeadmPatch(c, target(t))
	require.NoError(t, err)
	var patch map[string]any
	require.NoError(t, yaml.Unmarshal(b, &patch))
	assert.Equal(t, map[string]any{
		"maxPods":       float64(50),
		"evictionHard":  map[string]any{"memory.available": "200Mi"},
		"staticPodPath": nil,
	}, patch)
}

func TestKubeadmPatchOfKubeadmsOwnConfigIsEmpty(t *testing.T) {
	c, err := kubelet.New(kubelet.WithRuntimeEndpoint(runtime.ContainerdEndpoint))
	require.NoError(t, err)
	b, err := kubelet.KubeadmPatch(c, target(t))
	require.NoError(t, err)
	assert.Nil(t, b)
}

// Nested objects are patched key by key.
func TestKubeadmPatchNested(t *testing.T) {
	c, err := kubelet.New(kubelet.WithEdit(func(c *kubelet.Config) { c.Authentication.X509.ClientCAFile = "/etc/ca.crt" }))
	require.NoError(t, err)
	b, err := kubelet.KubeadmPatch(c, target(t))
	require.NoError(t, err)
	assert.Equal(t, "authentication:\n  x509:\n    clientCAFile: /etc/ca.crt\n", string(b))
}

func TestKubeadmExtraArgsLeaveKubeadmsFlags(t *testing.T) {
	f := &kubelet.Flags{
		BootstrapKubeconfig:      kubelet.DefaultBootstrapKubeconfig,
		Kubeconfig:               kubelet.DefaultKubeconfig,
		Config:                   kubelet.DefaultConfigPath,
		ContainerRuntimeEndpoint: runtime.ContainerdEndpoint,
		HostnameOverride:         "node-1",
		RegisterWithTaints:       []corev1.Taint{{Key: "a", Effect: corev1.TaintEffectNoSchedule}},
		NodeIPs:                  []string{"10.0.0.5", "fd00::5"},
		NodeLabels:               []kubelet.Label{{Key: "pool", Value: "a"}},
		Extra:                    []kubelet.Flag{{Name: "max-open-files", Value: "1000000"}},
	}
	assert.Equal(t, []kubelet.Flag{
		{Name: "node-ip", Value: "10.0.0.5,fd00::5"},
		{Name: "node-labels", Value: "pool=a"},
		{Name: "max-open-files", Value: "1000000"},
	}, kubelet.KubeadmExtraArgs(f))
}

func TestKubeadmOwnedFiles(t *testing.T) {
	assert.Equal(t, []string{kubelet.DefaultConfigPath, kubelet.KubeadmFlagsEnvPath, kubelet.InstanceConfigPath}, kubelet.KubeadmOwnedFiles())
}
