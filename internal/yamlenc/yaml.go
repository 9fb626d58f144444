package yamlenc

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"go.yaml.in/yaml/v2"
)

// Encode writes a decoded JSON value as YAML, byte for byte as
// sigs.k8s.io/yaml's JSONToYAML writes the JSON text of the same value: keys
// sorted, the same scalar styles and quoting, without the JSON text or its
// parse (see the package documentation, "Walk"). v is what encoding/json
// decodes into an any with UseNumber: map[string]any, []any, string, bool,
// json.Number and nil, nested.
func Encode(v any) ([]byte, error) {
	y, err := yamlValue(v)
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(y)
}

// Marshal writes v as sigs.k8s.io/yaml's Marshal does (encoding/json,
// then JSONToYAML), byte for byte, without the JSON text: it walks v (see
// the package documentation, "Walk").
func Marshal(v any) ([]byte, error) {
	return walk(nil, nil, func(w *walker) ([]byte, error) {
		var out any
		if v != nil {
			var err error
			if out, _, err = w.value(reflect.ValueOf(v), exact, false); err != nil {
				return nil, err
			}
		}
		b, err := yaml.Marshal(out)
		// The walked value is dead once written.
		releaseSlab(w.first)
		return b, err
	})
}

// PrunedObject returns the JSON object encoding/json writes for v, a
// struct or a pointer to one, with what a zero value of its type would
// write left out (see the package documentation, "Pruning"), as a map from
// each top-level key to its value in the form EncodeObject takes. The keys
// of keepEmpty are kept when their field holds an empty, non-nil map or
// slice, as {} or []: a file that tells empty from missing needs them.
// Given a pointer, the values may point into *v (strings are not copied):
// encode the object before v changes.
func PrunedObject(v any, keepEmpty ...string) (map[string]any, error) {
	doc, err := PrunedDocument(v, nil, keepEmpty...)
	if err != nil {
		return nil, err
	}
	obj := make(map[string]any, doc.Len())
	for _, it := range doc.items() {
		obj[it.Key.(string)] = it.Value
	}
	return obj, nil
}

// EncodeObject writes an object PrunedObject returned (or one of its
// keys left out) as YAML, keys sorted.
func EncodeObject(obj map[string]any) ([]byte, error) {
	keys := sortedKeys(obj)
	items := make(yaml.MapSlice, len(keys))
	for i, k := range keys {
		items[i] = yaml.MapItem{Key: boxedKey(k), Value: obj[k]}
	}
	return yaml.Marshal(&items)
}

// yamlValue converts a decoded JSON value into what go.yaml.in/yaml/v2's
// parser yields for its JSON text; the caller's value is not changed.
func yamlValue(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		keys := sortedKeys(v)
		out := make(yaml.MapSlice, len(keys))
		for i, k := range keys {
			y, err := yamlValue(v[k])
			if err != nil {
				return nil, err
			}
			out[i] = yaml.MapItem{Key: k, Value: y}
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			y, err := yamlValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = y
		}
		return out, nil
	case json.Number:
		return yamlNumber(string(v))
	case nil, string, bool:
		return v, nil
	}
	return nil, fmt.Errorf("yaml: %T is not a decoded JSON value", v)
}

// yamlNumber reads a JSON number's text as the YAML parser does: an int
// when it is one (int64 past the range of int), else a uint64, else a
// float64. JSON spells no number any other way (no "_", no "0x", no
// leading zero), so these three cover every number encoding/json writes.
func yamlNumber(s string) (any, error) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		if i == int64(int(i)) {
			return int(i), nil
		}
		return i, nil
	}
	if u, err := strconv.ParseUint(s, 10, 64); err == nil {
		return u, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("yaml: %q is not a JSON number", s)
	}
	return f, nil
}
