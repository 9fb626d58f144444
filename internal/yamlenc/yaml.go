package yamlenc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v2"
)

// Encode writes a decoded JSON value as YAML, byte for byte as
// sigs.k8s.io/yaml's JSONToYAML writes the JSON text of the same value: keys
// sorted, the same scalar styles and quoting, without the JSON text or its
// parse (see the package documentation, "Encode"). v is what encoding/json
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
// then JSONToYAML), byte for byte, through Encode.
func Marshal(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var decoded any
	if err := dec.Decode(&decoded); err != nil {
		return nil, err
	}
	return Encode(decoded)
}

// yamlValue converts a decoded JSON value into what go.yaml.in/yaml/v2's
// parser yields for its JSON text; the caller's value is not changed.
func yamlValue(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sortYAMLKeys(keys)
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
