package yamlenc_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
)

// Keys whose natural order is a cycle ("10" < "1a" < "9" < "10") are still
// written in one order, whatever order Go's map hands them over in.
func TestEncodeYAMLKeyOrderIsDeterministic(t *testing.T) {
	keys := []string{"10", "1a", "9", "a10", "a1b", "a9", "x_1", "xA", "x0"}
	var first []byte
	for range 50 {
		m := map[string]any{}
		for _, k := range keys {
			m[k] = k
		}
		out, err := yamlenc.Encode(m)
		require.NoError(t, err)
		if first == nil {
			first = out
		}
		require.Equal(t, string(first), string(out))
	}
}

// Wherever the marshaller's natural order is consistent, Encode writes
// the keys in the order sigs.k8s.io/yaml does: random sets of keys made of
// digits, letters and punctuation, compared byte for byte when every
// three of them order transitively (checked with sigs.k8s.io/yaml itself).
func TestEncodeYAMLKeyOrderMatchesSigsYAML(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 7))
	runes := []rune("a1z09_-.A")
	compared := 0
	for range 3000 {
		m := map[string]any{}
		for range 2 + r.IntN(5) {
			m[randomKey(r, runes)] = 0
		}
		if !consistentOrder(t, m) {
			continue
		}
		compared++
		data, err := json.Marshal(m)
		require.NoError(t, err)
		want, err := yaml.JSONToYAML(data)
		require.NoError(t, err)
		got, err := yamlenc.Encode(decodeJSON(t, data))
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
	require.Greater(t, compared, 1000)
}

func randomKey(r *rand.Rand, runes []rune) string {
	b := make([]rune, 1+r.IntN(4))
	for i := range b {
		b[i] = runes[r.IntN(len(runes))]
	}
	return string(b)
}

// consistentOrder reports whether sigs.k8s.io/yaml orders every three keys
// of m the same way whichever order they are handed over in, which it
// does exactly when its comparison is transitive on them.
func consistentOrder(t *testing.T, m map[string]any) bool {
	t.Helper()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	memo := map[[2]string]bool{}
	less := func(a, b string) bool {
		if v, ok := memo[[2]string{a, b}]; ok {
			return v
		}
		out, err := yaml.Marshal(map[string]int{a: 0, b: 0})
		require.NoError(t, err)
		first := map[string]int{}
		// The first line names the first key.
		var rest []byte
		for i, c := range out {
			if c == '\n' {
				rest = out[:i+1]
				break
			}
		}
		require.NoError(t, yaml.Unmarshal(rest, &first))
		_, ok := first[a]
		memo[[2]string{a, b}] = ok
		return ok
	}
	for _, a := range keys {
		for _, b := range keys {
			for _, c := range keys {
				if a != b && b != c && a != c && less(a, b) && less(b, c) && !less(a, c) {
					return false
				}
			}
		}
	}
	return true
}
