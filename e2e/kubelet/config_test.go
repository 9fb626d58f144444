package kubelet_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
)

func ptr[T any](v T) *T { return &v }

// renderedConfigs are the KubeletConfigurations kubenode writes: the
// Installer's for each target that reads the file the 1.37 way, and
// configs with the fields a node installer sets, meaningful zeros
// included.
func renderedConfigs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, v := range []string{"1.27", "1.31", "1.35", "1.37"} {
		in, err := kubelet.NewInstaller(kubelet.WithVersion(v),
			kubelet.WithTaints(corev1.Taint{Key: "dedicated", Value: "infra", Effect: corev1.TaintEffectNoSchedule}))
		require.NoError(t, err)
		plan, err := in.Plan(context.Background())
		require.NoError(t, err)
		out["installer-"+v] = plan.File(kubelet.DefaultConfigPath).Content
	}
	full, err := kubelet.New(
		kubelet.WithCgroupDriver(runtime.CgroupCgroupfs),
		kubelet.WithRuntimeEndpoint(runtime.CRIDockerdEndpoint),
		kubelet.WithClusterDNS("10.96.0.10", "fd00:10:96::a"),
		kubelet.WithClusterDomain("cluster.example"),
		kubelet.WithStaticPodPath("/etc/kubernetes/manifests"),
		kubelet.WithEdit(func(kc *kubelet.Config) {
			c := &kc.KubeletConfiguration
			c.FailSwapOn = ptr(false)
			c.RegistryPullQPS = ptr(int32(0))
			c.EventRecordQPS = ptr(int32(0))
			c.SerializeImagePulls = ptr(false)
			c.MaxParallelImagePulls = ptr(int32(3))
			c.Authentication.Anonymous.Enabled = ptr(false)
			c.MaxPods = 250
			c.EvictionHard = map[string]string{"memory.available": "200Mi", "nodefs.available": "10%"}
			c.FeatureGates = map[string]bool{"MemoryQoS": false}
			c.ShutdownGracePeriod = metav1.Duration{Duration: 30 * time.Second}
			c.ShutdownGracePeriodCriticalPods = metav1.Duration{Duration: 10 * time.Second}
			c.SystemReserved = map[string]string{"cpu": "500m", "memory": "512Mi"}
			c.RegisterWithTaints = []corev1.Taint{{Key: "spot", Effect: corev1.TaintEffectPreferNoSchedule}}
			c.MemorySwap.SwapBehavior = "NoSwap"
		}),
	)
	require.NoError(t, err)
	data, err := full.Render()
	require.NoError(t, err)
	out["full"] = data
	empty, err := (&kubelet.Config{}).Render()
	require.NoError(t, err)
	out["empty"] = empty
	return out
}

func TestRenderedConfigsPassTheKubeletsLoaderAndValidation(t *testing.T) {
	for name, data := range renderedConfigs(t) {
		t.Run(name, func(t *testing.T) {
			loaded := realcheck.LoadKubeletConfig(t, data, nil)
			// What kubenode left out the kubelet defaults, as it would have
			// had kubenode written the zero: these are its own defaults.
			assert.Equal(t, "1m0s", loaded["syncFrequency"])
			assert.Equal(t, "4h0m0s", loaded["streamingConnectionIdleTimeout"])
			if name == "empty" {
				assert.Equal(t, "cgroupfs", loaded["cgroupDriver"])
				return
			}
			// What kubenode wrote, the kubelet read back unchanged.
			parsed, err := kubelet.Parse(data)
			require.NoError(t, err)
			assert.Equal(t, parsed.CgroupDriver, loaded["cgroupDriver"])
			assert.Equal(t, parsed.ContainerRuntimeEndpoint, loaded["containerRuntimeEndpoint"])
			assert.Equal(t, parsed.ClusterDomain, loaded["clusterDomain"])
			assert.Equal(t, parsed.StaticPodPath, loaded["staticPodPath"])
			assert.Equal(t, parsed.Authentication.X509.ClientCAFile, loaded["authentication"].(map[string]any)["x509"].(map[string]any)["clientCAFile"])
			assert.Len(t, loaded["registerWithTaints"], 1)
		})
	}
}

func TestMeaningfulZerosReachTheKubelet(t *testing.T) {
	loaded := realcheck.LoadKubeletConfig(t, renderedConfigs(t)["full"], nil)
	// Each differs from the kubelet's default, so it must have been kept.
	assert.Equal(t, false, loaded["failSwapOn"], "default true")
	assert.Equal(t, float64(0), loaded["registryPullQPS"], "default 5")
	assert.Equal(t, float64(0), loaded["eventRecordQPS"], "default 50")
	assert.Equal(t, false, loaded["serializeImagePulls"], "default true")
	assert.Equal(t, []any{"10.96.0.10", "fd00:10:96::a"}, loaded["clusterDNS"])
	assert.Equal(t, "30s", loaded["shutdownGracePeriod"])
	assert.Equal(t, float64(250), loaded["maxPods"])
	assert.Equal(t, map[string]any{"MemoryQoS": false}, loaded["featureGates"])
	assert.Equal(t, "NoSwap", loaded["memorySwap"].(map[string]any)["swapBehavior"])
}

func TestConfigDropInsMergeInTheKubelet(t *testing.T) {
	base := renderedConfigs(t)["installer-1.37"]
	dropIn, err := (&kubelet.Config{KubeletConfiguration: v1beta1.KubeletConfiguration{MaxPods: 200, FailSwapOn: ptr(false)}}).Render()
	require.NoError(t, err)
	require.Equal(t, "apiVersion: kubelet.config.k8s.io/v1beta1\nfailSwapOn: false\nkind: KubeletConfiguration\nmaxPods: 200\n", string(dropIn))
	loaded := realcheck.LoadKubeletConfig(t, base, map[string][]byte{"10-kubenode.conf": dropIn})
	assert.Equal(t, float64(200), loaded["maxPods"])
	assert.Equal(t, false, loaded["failSwapOn"])
	assert.Equal(t, "systemd", loaded["cgroupDriver"], "the base file still counts")
}

// TestKubenodeAndTheKubeletRefuseTheSameFiles feeds files kubenode refuses
// to the kubelet's code: it must refuse them too (kubenode is not stricter
// than the kubelet without saying why), and kubenode's strict parse must
// agree with the kubelet's strict decode.
func TestKubenodeAndTheKubeletRefuseTheSameFiles(t *testing.T) {
	head := "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
	for name, body := range map[string]string{
		"unknown field":        "cgroupDrvier: systemd\n",
		"wrong case":           "CgroupDriver: systemd\n",
		"unknown nested field": "authentication:\n  x509:\n    clientCAFiel: /ca.crt\n",
		"port out of range":    "port: 70000\n",
		"negative max pods":    "maxPods: -1\n",
		"bad taint effect":     "registerWithTaints:\n- key: a\n  effect: Never\n",
		"unknown swap":         "memorySwap:\n  swapBehavior: UnlimitedSwap\n",
		"run once":             "runOnce: true\n",
	} {
		t.Run(name, func(t *testing.T) {
			data := []byte(head + body)
			c, err := kubelet.Parse(data)
			if err == nil {
				err = c.Validate(runtime.MustParseVersion(CheckerVersion))
			}
			assert.Error(t, err, "kubenode accepts it")
			res := realcheck.CheckKubeletConfig(t, data, nil)
			assert.NotEqual(t, 0, res.Code, "the kubelet accepts it:\n%s", res.Stdout)
			assert.NotEmpty(t, strings.TrimSpace(res.Stderr))
		})
	}
}

// TestKubenodeRefusesEarlierThanTheKubelet pins files the kubelet's
// validation lets through although the node then misbehaves: the 1.37
// kubelet only logs and drops a cluster DNS address it cannot parse, and
// fails once it starts serving with a certificate but no key. kubenode refuses
// them when it writes the file.
func TestKubenodeRefusesEarlierThanTheKubelet(t *testing.T) {
	head := "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
	for name, body := range map[string]string{
		"bad cluster DNS":  "clusterDNS:\n- 10.96.0.300\n",
		"cert without key": "tlsCertFile: /var/lib/kubelet/pki/kubelet.crt\n",
	} {
		t.Run(name, func(t *testing.T) {
			data := []byte(head + body)
			c, err := kubelet.Parse(data)
			require.NoError(t, err)
			assert.Error(t, c.Validate(runtime.MustParseVersion(CheckerVersion)))
			res := realcheck.CheckKubeletConfig(t, data, nil)
			assert.Equal(t, 0, res.Code, res.Stderr)
		})
	}
}

func TestCheckerSeesAnUnversionedDropIn(t *testing.T) {
	// The kubelet refuses a drop-in without apiVersion and kind; kubenode
	// always writes both (see TestConfigDropInsMergeInTheKubelet).
	base := renderedConfigs(t)["installer-1.37"]
	res := realcheck.CheckKubeletConfig(t, base, map[string][]byte{"10-bare.conf": []byte("maxPods: 200\n")})
	assert.NotEqual(t, 0, res.Code, fmt.Sprintf("stdout:\n%s", res.Stdout))
}
