package yamlenc

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/randfill"
)

func decodeObject(t *testing.T, v any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	out, err := encodeDecode(reflect.ValueOf(json.RawMessage(data)))
	require.NoError(t, err)
	return out.(map[string]any)
}

// PruneJSON compares with equalJSON where it used reflect.DeepEqual: the
// two agree on decoded JSON values.
func TestEqualJSONIsDeepEqual(t *testing.T) {
	f := randfill.NewWithSeed(2).NilChance(0.5).NumElements(0, 2)
	var values []any
	for range 60 {
		var kc v1beta1.KubeletConfiguration
		f.Fill(&kc)
		if _, err := json.Marshal(&kc); err != nil {
			continue
		}
		obj := decodeObject(t, &kc)
		values = append(values, obj)
		for _, v := range obj {
			values = append(values, v)
		}
	}
	zero := decodeObject(t, &v1beta1.KubeletConfiguration{})
	values = append(values, zero, nil, map[string]any{}, []any{}, []any{nil}, json.Number("0"), "0", false)
	for _, v := range zero {
		values = append(values, v)
	}
	for _, a := range values {
		for _, b := range values[:200] {
			require.Equal(t, reflect.DeepEqual(a, b), equalJSON(a, b), "%#v and %#v", a, b)
		}
	}
}

func TestPruneJSONKeepsWhatDiffersFromZero(t *testing.T) {
	zero := map[string]any{"a": json.Number("0"), "b": map[string]any{"c": ""}}
	obj := map[string]any{"a": json.Number("0"), "b": map[string]any{"c": ""}, "d": nil, "e": []any{}, "f": []any{json.Number("0")}, "g": false}
	out, keep := PruneJSON(obj, zero)
	require.True(t, keep)
	require.Equal(t, map[string]any{"f": []any{json.Number("0")}, "g": false}, out)
	out, keep = PruneJSON(map[string]any{"a": json.Number("0")}, zero)
	require.False(t, keep)
	require.Equal(t, map[string]any{}, out)
}
