package jsontree

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/randfill"
)

// Prune compares with Equal where it used reflect.DeepEqual: the two agree
// on decoded JSON values.
func TestEqualIsDeepEqual(t *testing.T) {
	f := randfill.NewWithSeed(2).NilChance(0.5).NumElements(0, 2)
	var values []any
	for range 60 {
		var kc v1beta1.KubeletConfiguration
		f.Fill(&kc)
		data, err := json.Marshal(&kc)
		if err != nil {
			continue
		}
		obj, err := Decode(data)
		require.NoError(t, err)
		values = append(values, obj)
		for _, v := range obj {
			values = append(values, v)
		}
	}
	data, err := json.Marshal(&v1beta1.KubeletConfiguration{})
	require.NoError(t, err)
	zero, err := Decode(data)
	require.NoError(t, err)
	values = append(values, zero, nil, map[string]any{}, []any{}, []any{nil}, json.Number("0"), "0", false)
	for _, v := range zero {
		values = append(values, v)
	}
	for _, a := range values {
		for _, b := range values[:200] {
			require.Equal(t, reflect.DeepEqual(a, b), Equal(a, b), "%#v and %#v", a, b)
		}
	}
}

func TestPruneKeepsWhatDiffersFromZero(t *testing.T) {
	zero := map[string]any{"a": json.Number("0"), "b": map[string]any{"c": ""}}
	obj := map[string]any{"a": json.Number("0"), "b": map[string]any{"c": ""}, "d": nil, "e": []any{}, "f": []any{json.Number("0")}, "g": false}
	require.Equal(t, map[string]any{"f": []any{json.Number("0")}, "g": false}, Prune(obj, zero))
	require.Equal(t, map[string]any{}, Prune(nil, zero))
}
