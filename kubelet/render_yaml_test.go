package kubelet

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
	"k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/randfill"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/kubelet/internal/jsontree"
)

// Render used to write the pruned object through sigs.k8s.io/yaml's
// JSONToYAML and now hands it to yamlenc.Encode; these tests hold the
// two to the same bytes over every KubeletConfiguration in the repository
// and hundreds of random ones (runtime's tests add thousands of random JSON
// values).

// oldRender is how Render encoded the pruned object before.
func oldRender(t *testing.T, obj map[string]any) ([]byte, bool) {
	t.Helper()
	data, err := json.Marshal(obj)
	require.NoError(t, err)
	// JSONToYAML reads the JSON text with a YAML parser, which misreads a
	// raw U+0085 (see runtime's TestEncodeYAMLKeepsNEL): no comparison then.
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

func sameAsOldRender(t *testing.T, c *Config) {
	t.Helper()
	obj, err := c.object()
	require.NoError(t, err)
	want, ok := oldRender(t, obj)
	if !ok {
		return
	}
	got, err := yamlenc.Encode(obj)
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
			sameAsOldRender(t, c)
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
	// of three or more by Go's random map order (runtime's
	// TestEncodeYAMLRandomValues says which), in both encodings alike.
	f := randfill.NewWithSeed(1).NilChance(0.3).NumElements(0, 2)
	for range 400 {
		var kc v1beta1.KubeletConfiguration
		f.Fill(&kc)
		c := &Config{KubeletConfiguration: kc}
		if _, err := json.Marshal(&c.KubeletConfiguration); err != nil {
			continue // a random raw JSON field that is no JSON
		}
		sameAsOldRender(t, c)
	}
}
