package tomltree

import "reflect"

// DeepCopy copies tables and slices (of any element type) so that the copy
// shares no map or array with v; other values are returned as they are. A
// nil slice or table stays nil, apart from an empty one, so a copy equals
// its original (and a component that leaves nil lists out still does).
func DeepCopy(v any) any {
	switch v := v.(type) {
	case string, bool, int64, float64:
		return v // what go-toml decodes most, without reflection
	case Tree:
		return Copy(v)
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = DeepCopy(x)
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.IsNil() {
		return v
	}
	out := reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
	for i := range rv.Len() {
		if x := DeepCopy(rv.Index(i).Interface()); x != nil {
			out.Index(i).Set(reflect.ValueOf(x))
		}
	}
	return out.Interface()
}

// Copy is DeepCopy for a whole tree; nil stays nil.
func Copy(t Tree) Tree {
	if t == nil {
		return nil
	}
	out := make(Tree, len(t))
	for k, x := range t {
		out[k] = DeepCopy(x)
	}
	return out
}
