package jsontree

import (
	"bytes"
	"encoding/json"
)

// Decode decodes a JSON object keeping numbers exact (json.Number).
func Decode(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// Prune removes from obj every value equal to the one zero holds at the
// same place (zero is what the plain encoder writes for an empty value of
// obj's type), then nulls and the objects and lists left empty. List
// elements are kept as they are: their position is their meaning. It
// returns an empty object, never nil.
func Prune(obj, zero map[string]any) map[string]any {
	out, _ := pruneValue(obj, zero)
	m, _ := out.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// pruneValue prunes v against zero (nil where the empty value has nothing)
// and reports whether anything is left.
func pruneValue(v, zero any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case map[string]any:
		z, _ := zero.(map[string]any)
		out := map[string]any{}
		for k, val := range v {
			zv, inZero := z[k]
			if inZero && Equal(val, zv) {
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

// Equal reports whether two decoded JSON values are equal: what
// reflect.DeepEqual says of these types, without reflection.
func Equal(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for k, av := range a {
			bv, ok := b[k]
			if !ok || !Equal(av, bv) {
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
			if !Equal(a[i], b[i]) {
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
