package yamlenc

import "encoding/json"

// PruneJSON is the walk's pruning spelled on a decoded JSON value (what
// encoding/json decodes into an any with UseNumber): it removes from v
// every value equal to the one zero holds at the same place (zero is the
// encoding of the zero value of v's type, nil where there is none), then
// nulls and the objects and lists left empty. List elements are kept as
// they are: their position is their meaning. keep is false when nothing is
// left. The caller's value is not changed.
func PruneJSON(v, zero any) (out any, keep bool) {
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
			if pruned, keep := PruneJSON(val, zv); keep {
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

// pruneJSON is PruneJSON for the walk: a value equal to zero as a whole is
// left out too.
func pruneJSON(v, zero any) (any, bool) {
	if zero != nil && equalJSON(v, zero) {
		return nil, false
	}
	return PruneJSON(v, zero)
}

// equalJSON reports whether two decoded JSON values are equal: what
// reflect.DeepEqual says of these types, without reflection.
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
