package kubelet

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	tracingapi "k8s.io/component-base/tracing/api/v1"
	"k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/randfill"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/kubelet/internal/jsontree"
)

// Render used to write the file through encoding/json, a decode, a prune
// and sigs.k8s.io/yaml's JSONToYAML; it now walks the typed struct once
// (yamlenc.PrunedDocument). These tests hold the two to the same bytes over
// every KubeletConfiguration in the repository and a thousand random ones
// (yamlenc's tests add thousands of random values of other types).

// referenceRender is how Render wrote c before: ok is false where
// JSONToYAML's own parse misreads the JSON text (a raw U+0085, see
// yamlenc's TestEncodeYAMLKeepsNEL), or where encoding/json refuses c (then
// object must refuse it too).
func referenceRender(t *testing.T, c *Config) (want []byte, ok bool) {
	t.Helper()
	kc := c.KubeletConfiguration
	kc.APIVersion, kc.Kind = ConfigAPIVersion, ConfigKind
	data, err := json.Marshal(&kc)
	if err != nil {
		_, err := c.object()
		require.Error(t, err)
		return nil, false
	}
	obj, err := jsontree.Decode(data)
	require.NoError(t, err)
	pruned, _ := yamlenc.PruneJSON(obj, referenceZero(t))
	m, _ := pruned.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	if kc.EvictionHard != nil && len(kc.EvictionHard) == 0 {
		m["evictionHard"] = map[string]any{}
	}
	if kc.EnforceNodeAllocatable != nil && len(kc.EnforceNodeAllocatable) == 0 {
		m["enforceNodeAllocatable"] = []any{}
	}
	return oldRender(t, m)
}

// referenceZero is what encoding/json writes for an empty
// KubeletConfiguration.
func referenceZero(t *testing.T) map[string]any {
	t.Helper()
	data, err := json.Marshal(&v1beta1.KubeletConfiguration{})
	require.NoError(t, err)
	m, err := jsontree.Decode(data)
	require.NoError(t, err)
	return m
}

// oldRender is JSONToYAML of obj's JSON text.
func oldRender(t *testing.T, obj map[string]any) ([]byte, bool) {
	t.Helper()
	data, err := json.Marshal(obj)
	require.NoError(t, err)
	back, err := yaml.YAMLToJSON(data)
	var a, b any
	if err != nil || json.Unmarshal(data, &a) != nil || json.Unmarshal(back, &b) != nil || !assert.ObjectsAreEqual(a, b) {
		require.Contains(t, string(data), "\u0085", "the YAML parser misread JSON %s", data)
		return nil, false
	}
	out, err := yaml.JSONToYAML(data)
	require.NoError(t, err)
	return out, true
}

func sameAsReference(t *testing.T, c *Config) {
	t.Helper()
	want, ok := referenceRender(t, c)
	if !ok {
		return
	}
	doc, err := c.object()
	require.NoError(t, err)
	got, err := doc.Encode()
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

// kubeletConfigs finds every KubeletConfiguration document in the
// repository's files: YAML files and the sections of txtar archives.
func kubeletConfigs(t *testing.T) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(p)
		if ext != ".yaml" && ext != ".yml" && ext != ".txtar" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if ext != ".txtar" {
			if bytes.Contains(data, []byte("kind: KubeletConfiguration")) {
				docs[p] = data
			}
			return nil
		}
		for _, f := range txtar.Parse(data).Files {
			if bytes.Contains(f.Data, []byte("kind: KubeletConfiguration")) {
				docs[p+":"+f.Name] = f.Data
			}
		}
		return nil
	})
	require.NoError(t, err)
	return docs
}

func TestRenderYAMLMatchesGoldens(t *testing.T) {
	docs := kubeletConfigs(t)
	require.GreaterOrEqual(t, len(docs), 10, "the repository's goldens hold a dozen kubelet configs")
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			c, err := Parse(data)
			if err != nil {
				// A hand-written file (the seed guide's) that the strict
				// reader refuses: compare on its plain JSON value.
				j, err := yaml.YAMLToJSON(data)
				require.NoError(t, err)
				obj, err := jsontree.Decode(j)
				require.NoError(t, err)
				want, ok := oldRender(t, obj)
				require.True(t, ok)
				got, err := yamlenc.Encode(obj)
				require.NoError(t, err)
				require.Equal(t, string(want), string(got))
				return
			}
			sameAsReference(t, c)
			if strings.Contains(name, "testdata/") && !strings.Contains(name, "seed") {
				// A file kubenode wrote renders back to itself.
				got, err := c.Render()
				if err == nil {
					assert.Equal(t, string(data), string(got))
				}
			}
		})
	}
}

func TestRenderYAMLMatchesRandomConfigs(t *testing.T) {
	// At most two elements per map: go.yaml.in/yaml/v2 orders some key sets
	// of three or more by Go's random map order (yamlenc's
	// TestEncodeYAMLRandomValues says which), so JSONToYAML has no one
	// answer for them.
	for seed, nilChance := range []float64{0.3, 0, 0.8} {
		f := randfill.NewWithSeed(int64(seed+1)).NilChance(nilChance).NumElements(0, 2)
		for range 400 {
			var c Config
			f.Fill(&c.KubeletConfiguration)
			sameAsReference(t, &c)
		}
	}
}

// Values the walk must treat as encoding/json does, one at a time: a
// pointer to a zero, a duration kept as text, an empty kept map, a
// struct behind a pointer with nothing set, a float.
func TestRenderYAMLMatchesEdgeValues(t *testing.T) {
	f, zero, one := false, int32(0), 0.5
	for _, edit := range []func(*v1beta1.KubeletConfiguration){
		func(kc *v1beta1.KubeletConfiguration) {},
		func(kc *v1beta1.KubeletConfiguration) { kc.FailSwapOn, kc.RegistryPullQPS = &f, &zero },
		func(kc *v1beta1.KubeletConfiguration) { kc.SyncFrequency.Duration = 90 * time.Second },
		func(kc *v1beta1.KubeletConfiguration) { kc.CPUCFSQuotaPeriod = &metav1.Duration{} },
		func(kc *v1beta1.KubeletConfiguration) { kc.Logging.FlushFrequency.SerializeAsString = true },
		func(kc *v1beta1.KubeletConfiguration) {
			kc.Logging.Options.Text.InfoBufferSize.Quantity = resource.MustParse("1Ki")
		},
		func(kc *v1beta1.KubeletConfiguration) {
			kc.EvictionHard, kc.EnforceNodeAllocatable, kc.FeatureGates = map[string]string{}, []string{}, map[string]bool{}
		},
		func(kc *v1beta1.KubeletConfiguration) { kc.Tracing = &tracingapi.TracingConfiguration{} },
		func(kc *v1beta1.KubeletConfiguration) { kc.MemoryThrottlingFactor = &one },
		func(kc *v1beta1.KubeletConfiguration) {
			kc.ShutdownGracePeriodByPodPriority = []v1beta1.ShutdownGracePeriodByPodPriority{{}}
			kc.RegisterWithTaints = []corev1.Taint{{Key: "k", Effect: corev1.TaintEffectNoSchedule}}
		},
		func(kc *v1beta1.KubeletConfiguration) {
			kc.StaticPodURLHeader = map[string][]string{"a": {}, "b": nil, "c": {"x"}}
		},
		func(kc *v1beta1.KubeletConfiguration) { kc.ContainerRuntimeEndpoint = "\xff invalid UTF-8" },
	} {
		var c Config
		edit(&c.KubeletConfiguration)
		sameAsReference(t, &c)
	}
}
