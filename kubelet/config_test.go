package kubelet_test

import (
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func validConfig(t *testing.T) *kubelet.Config {
	t.Helper()
	c, err := kubelet.New(
		kubelet.WithCgroupDriver(runtime.CgroupSystemd),
		kubelet.WithRuntimeEndpoint(runtime.ContainerdEndpoint),
		kubelet.WithClusterDNS("10.96.0.10", "fd00:10:96::a"),
	)
	require.NoError(t, err)
	return c
}

func TestNewRendersWithoutZeroNoise(t *testing.T) {
	data, err := validConfig(t).Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/config.yaml", data, *update)
	assert.NotContains(t, string(data), "0s")
	assert.NotContains(t, string(data), "{}")
	assert.NotContains(t, string(data), "null")
}

func TestRenderKeepsMeaningfulZeros(t *testing.T) {
	c := validConfig(t)
	c.FailSwapOn = ptr(false)                            // the kubelet's default is true
	c.RegistryPullQPS = ptr(int32(0))                    // 0 means no limit; default 5
	c.EventRecordQPS = ptr(int32(0))                     // 0 means no limit; default 50
	c.SerializeImagePulls = ptr(false)                   // default true
	c.Authentication.Anonymous.Enabled = ptr(false)      // explicit, default false
	c.EnableControllerAttachDetach = ptr(false)          // default true
	c.CPUCFSQuota = ptr(false)                           // default true
	c.StreamingConnectionIdleTimeout = metav1.Duration{} // non-pointer: 0s is the same as unset
	c.ShutdownGracePeriod = metav1.Duration{Duration: 30 * time.Second}
	data, err := c.Render()
	require.NoError(t, err)
	back, err := kubelet.Parse(data)
	require.NoError(t, err)
	assert.Equal(t, ptr(false), back.FailSwapOn)
	assert.Equal(t, ptr(int32(0)), back.RegistryPullQPS)
	assert.Equal(t, ptr(int32(0)), back.EventRecordQPS)
	assert.Equal(t, ptr(false), back.SerializeImagePulls)
	assert.Equal(t, ptr(false), back.Authentication.Anonymous.Enabled)
	assert.Equal(t, ptr(false), back.EnableControllerAttachDetach)
	assert.Equal(t, ptr(false), back.CPUCFSQuota)
	assert.Equal(t, 30*time.Second, back.ShutdownGracePeriod.Duration)
	assert.Contains(t, string(data), "failSwapOn: false\n")
	assert.Contains(t, string(data), "registryPullQPS: 0\n")
	assert.Contains(t, string(data), "shutdownGracePeriod: 30s\n")
	assert.NotContains(t, string(data), "streamingConnectionIdleTimeout")
}

func TestEmptyConfigRendersApiVersionAndKindOnly(t *testing.T) {
	data, err := (&kubelet.Config{}).Render()
	require.NoError(t, err)
	assert.Equal(t, "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n", string(data))
}

func TestConfigRenderParseRenderIsStable(t *testing.T) {
	c := validConfig(t)
	c.RegisterWithTaints = []corev1.Taint{{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}}
	c.EvictionHard = map[string]string{"memory.available": "100Mi", "nodefs.available": "10%"}
	c.FeatureGates = map[string]bool{"KubeletTracing": false}
	c.MaxPods = 250
	first, err := c.Render()
	require.NoError(t, err)
	parsed, err := kubelet.Parse(first)
	require.NoError(t, err)
	second, err := parsed.Render()
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
}

func TestParseIsStrict(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []fieldtest.Matcher
	}{
		{"unknown top-level key", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDrvier: systemd\n",
			[]fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "cgroupDrvier")}},
		{"wrong case", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nCgroupDriver: systemd\n",
			[]fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "CgroupDriver")}},
		{"unknown nested keys, all of them", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFiel: /ca\n  webhook:\n    enable: true\nregisterWithTaints:\n- key: a\n  efect: NoSchedule\n",
			[]fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "authentication.webhook.enable"), fieldtest.Match(field.ErrUnknown, "authentication.x509.clientCAFiel"), fieldtest.Match(field.ErrUnknown, "registerWithTaints[0].efect")}},
		{"wrong apiVersion", "apiVersion: kubelet.config.k8s.io/v1alpha1\nkind: KubeletConfiguration\n",
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "apiVersion")}},
		{"no kind", "apiVersion: kubelet.config.k8s.io/v1beta1\n",
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "kind")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kubelet.Parse([]byte(tt.yaml))
			fieldtest.RequireExactly(t, err, tt.want...)
		})
	}
	_, err := kubelet.Parse([]byte("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 1\nmaxPods: 2\n"))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "") // a duplicate key
	_, err = kubelet.Parse([]byte("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: many\n"))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "") // a value of the wrong type
}

func TestConfigValidateOneFieldPerCase(t *testing.T) {
	requireOneProblem(t, validConfig, (*kubelet.Config).Validate, []oneProblem[*kubelet.Config]{
		{"unknown cgroup driver", v137, func(c *kubelet.Config) { c.CgroupDriver = "system" }, field.ErrNotSupported, "cgroupDriver"},
		{"tcp endpoint", v137, func(c *kubelet.Config) { c.ContainerRuntimeEndpoint = "tcp://10.0.0.1:2375" }, field.ErrInvalid, "containerRuntimeEndpoint"},
		{"endpoint without scheme", v137, func(c *kubelet.Config) { c.ContainerRuntimeEndpoint = "/run/containerd/containerd.sock" }, field.ErrInvalid, "containerRuntimeEndpoint"},
		{"endpoint in a 1.26 file", runtime.NewVersion(1, 26), func(c *kubelet.Config) {}, field.ErrNotSupported, "containerRuntimeEndpoint"},
		{"bad cluster DNS", v137, func(c *kubelet.Config) { c.ClusterDNS[1] = "10.96.0.300" }, field.ErrInvalid, "clusterDNS[1]"},
		{"duplicate cluster DNS", v137, func(c *kubelet.Config) { c.ClusterDNS[1] = "10.96.0.10" }, field.ErrDuplicate, "clusterDNS[1]"},
		{"cluster domain with a trailing dot", v137, func(c *kubelet.Config) { c.ClusterDomain = "cluster.local." }, field.ErrInvalid, "clusterDomain"},
		{"relative static pod path", v137, func(c *kubelet.Config) { c.StaticPodPath = "manifests" }, field.ErrInvalid, "staticPodPath"},
		{"client CA with a newline", v137, func(c *kubelet.Config) { c.Authentication.X509.ClientCAFile = "/ca\n.crt" }, field.ErrInvalid, "authentication.x509.clientCAFile"},
		{"certificate without key", v137, func(c *kubelet.Config) { c.TLSCertFile = "/var/lib/kubelet/pki/kubelet.crt" }, field.ErrRequired, "tlsPrivateKeyFile"},
		{"bad address", v137, func(c *kubelet.Config) { c.Address = "all" }, field.ErrInvalid, "address"},
		{"port out of range", v137, func(c *kubelet.Config) { c.Port = 70000 }, field.ErrInvalid, "port"},
		{"bad pod CIDR", v137, func(c *kubelet.Config) { c.PodCIDR = "10.244.0.0" }, field.ErrInvalid, "podCIDR"},
		{"negative max pods", v137, func(c *kubelet.Config) { c.MaxPods = -1 }, field.ErrInvalid, "maxPods"},
		{"unknown authorization mode", v137, func(c *kubelet.Config) { c.Authorization.Mode = "RBAC" }, field.ErrNotSupported, "authorization.mode"},
		{"unknown swap behavior", v137, func(c *kubelet.Config) { c.MemorySwap.SwapBehavior = "UnlimitedSwap" }, field.ErrNotSupported, "memorySwap.swapBehavior"},
		{"feature gate with a space", v137, func(c *kubelet.Config) { c.FeatureGates = map[string]bool{"A B": true} }, field.ErrInvalid, `featureGates."A B"`},
		{"taint with a bad effect", v137, func(c *kubelet.Config) {
			c.RegisterWithTaints = []corev1.Taint{{Key: "a", Effect: "Never"}}
		}, field.ErrNotSupported, "registerWithTaints[0].effect"},
		{"failCgroupV1 in 1.30", runtime.NewVersion(1, 30), func(c *kubelet.Config) {
			c.ContainerRuntimeEndpoint = runtime.ContainerdEndpoint
			c.FailCgroupV1 = ptr(false)
		}, field.ErrNotSupported, "failCgroupV1"},
		{"wrong kind", v137, func(c *kubelet.Config) { c.Kind = "KubeProxyConfiguration" }, field.ErrNotSupported, "kind"},
		{"unsupported target", runtime.NewVersion(1, 23), func(c *kubelet.Config) {}, field.ErrNotSupported, "kubernetes"},
	})
}

func TestConfigValidateCollectsEveryProblem(t *testing.T) {
	c := validConfig(t)
	c.CgroupDriver = "systemd-ish"
	c.ClusterDNS = []string{"dns"}
	c.StaticPodPath = "rel"
	c.ImageMaximumGCAge = metav1.Duration{Duration: time.Hour}
	// Value problems only: the check of keys against the release needs a
	// valid config.
	fieldtest.RequireExactly(t, c.Validate(runtime.NewVersion(1, 28)),
		fieldtest.Match(field.ErrNotSupported, "cgroupDriver"),
		fieldtest.Match(field.ErrInvalid, "clusterDNS[0]"),
		fieldtest.Match(field.ErrInvalid, "staticPodPath"))
	c = validConfig(t)
	c.ImageMaximumGCAge = metav1.Duration{Duration: time.Hour}
	fieldtest.RequireExactly(t, c.Validate(runtime.NewVersion(1, 26)),
		fieldtest.Match(field.ErrNotSupported, "containerRuntimeEndpoint"),
		fieldtest.Match(field.ErrNotSupported, "imageMaximumGCAge"))
}

func TestNewRefusesInvalidOptions(t *testing.T) {
	_, err := kubelet.New(kubelet.WithCgroupDriver("cgroupv2"), kubelet.WithClusterDomain("Cluster Local"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrNotSupported, "cgroupDriver"), fieldtest.Match(field.ErrInvalid, "clusterDomain"))
	_, err = kubelet.New(kubelet.WithEdit(func(c *kubelet.Config) { c.Port = -1 }))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "port"))
	_, err = kubelet.New(kubelet.WithVersion("one.thirty"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "kubernetes"))
}

// New validates for the target of WithVersion: a key the target's kubelet
// does not know is refused.
func TestNewValidatesForTheTarget(t *testing.T) {
	_, err := kubelet.New(kubelet.WithVersion("1.37"), kubelet.WithRuntimeEndpoint(runtime.ContainerdEndpoint))
	require.NoError(t, err)
	_, err = kubelet.New(kubelet.WithVersion("1.26"), kubelet.WithRuntimeEndpoint(runtime.ContainerdEndpoint))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrNotSupported, "containerRuntimeEndpoint"))
	_, err = kubelet.New(kubelet.WithVersion("1.23"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrNotSupported, "kubernetes"))
}
