package docker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// typedKeys maps each daemon.json key DaemonConfig types to its field index.
var typedKeys = func() map[string]int {
	m := map[string]int{}
	t := reflect.TypeOf(DaemonConfig{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}()

// Parse reads daemon.json. Typed keys fill their fields, with
// encoding/json's rules as dockerd applies them: a value of the wrong type
// is field.ErrInvalid at the key (a file that is no JSON object, at none),
// and of a key written twice the last wins. Every other key is kept in Extra, compacted. Keys match exactly
// ("Exec-Opts" is not exec-opts: dockerd would not know it). An empty file
// is an empty config.
func Parse(data []byte) (*DaemonConfig, error) {
	c := &DaemonConfig{}
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, field.Invalid(nil, nil, "daemon.json: "+err.Error())
	}
	v := reflect.ValueOf(c).Elem()
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		i, ok := typedKeys[key]
		if !ok {
			if c.Extra == nil {
				c.Extra = map[string]json.RawMessage{}
			}
			// Kept compact, so a parsed file and its rendering parse to
			// equal values.
			var compact bytes.Buffer
			if err := json.Compact(&compact, raw[key]); err != nil {
				return nil, field.Invalid(field.NewPath(key), string(raw[key]), err.Error())
			}
			c.Extra[key] = compact.Bytes()
			continue
		}
		if err := json.Unmarshal(raw[key], v.Field(i).Addr().Interface()); err != nil {
			return nil, field.Invalid(field.NewPath(key), string(raw[key]), err.Error())
		}
	}
	return c, nil
}

// Render validates the file's own structure (see [DaemonConfig.Validate]
// for the checks against a dockerd release) and encodes it as JSON indented
// by two spaces, keys in alphabetical order, with a trailing newline. "&",
// "<" and ">" are written as they are, not HTML-escaped, so a value reads
// as the user wrote it and a parsed file renders back to the same value.
func (c *DaemonConfig) Render() ([]byte, error) {
	if err := c.validateStructure().Err(); err != nil {
		return nil, err
	}
	m, err := c.toMap()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("daemon.json: %w", err)
	}
	return out.Bytes(), nil
}

// toMap merges the typed keys that are set with Extra.
func (c *DaemonConfig) toMap() (map[string]json.RawMessage, error) {
	var typed bytes.Buffer
	enc := json.NewEncoder(&typed)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("daemon.json: %w", err)
	}
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal(typed.Bytes(), &m); err != nil {
		return nil, fmt.Errorf("daemon.json: %w", err)
	}
	for k, v := range c.Extra {
		m[k] = v
	}
	return m, nil
}

// Keys returns every key the file sets, typed or extra, sorted.
func (c *DaemonConfig) Keys() []string {
	m, err := c.toMap()
	if err != nil {
		// Only an Extra value that is not JSON fails; its key is still set.
		keys := make([]string, 0, len(c.Extra))
		for k := range c.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys
	}
	return slices.Sorted(maps.Keys(m))
}
