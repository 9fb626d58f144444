package kubelet

import (
	"bytes"
	"encoding/json"
	"sync"

	"k8s.io/kubelet/config/v1beta1"
)

// zeroNoise is what encoding/json writes for an empty KubeletConfiguration:
// the fields without omitempty (durations as "0s", nested structs as
// objects, containerRuntimeEndpoint as ""). Pointer fields are absent from
// it, so a value a user set through a pointer (failSwapOn: false,
// registryPullQPS: 0) is never mistaken for noise.
var zeroNoise = sync.OnceValue(func() map[string]any {
	data, err := json.Marshal(&v1beta1.KubeletConfiguration{})
	if err != nil {
		panic(err)
	}
	m, err := decodeJSONObject(data)
	if err != nil {
		panic(err)
	}
	return m
})

// decodeJSONObject decodes a JSON object keeping numbers exact.
func decodeJSONObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// pruneZero removes from a marshalled KubeletConfiguration what the plain
// encoder emits for fields nobody set: every value equal to the one an
// empty KubeletConfiguration has at the same place, then nulls and the
// objects and lists left empty. That loses nothing: a field whose zero
// value is printed is a non-pointer field, which the kubelet decodes to the
// same zero whether the key is there or not, and then defaults. List
// elements are kept as they are (their position is their meaning).
func pruneZero(obj map[string]any) map[string]any {
	out, _ := pruneValue(obj, zeroNoise())
	m, _ := out.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// pruneValue prunes v against zero (nil where the empty struct has
// nothing) and reports whether anything is left.
func pruneValue(v, zero any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case map[string]any:
		z, _ := zero.(map[string]any)
		out := map[string]any{}
		for k, val := range v {
			zv, inZero := z[k]
			if inZero && equalJSON(val, zv) {
				continue
			}
			if pruned, keep := pruneValue(val, zv); keep {
				out[k] = pruned
			}
		}
		return out, len(out) > 0
	case []any:
		return v, len(v) > 0
	default:
		return v, true
	}
}

// equalJSON reports whether two decoded JSON values (maps, lists, strings,
// json.Numbers, booleans and nil) are equal: reflect.DeepEqual for these
// types, without reflection.
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for k, av := range a {
			bv, ok := b[k]
			if !ok || !equalJSON(av, bv) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case string:
		b, ok := b.(string)
		return ok && a == b
	case json.Number:
		b, ok := b.(json.Number)
		return ok && a == b
	case bool:
		b, ok := b.(bool)
		return ok && a == b
	case nil:
		return b == nil
	}
	return false
}
