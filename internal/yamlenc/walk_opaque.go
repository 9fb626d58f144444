package yamlenc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
)

// opaqueValue writes a value of an opaque type (see typeInfo) through
// encoding/json: its JSON text decoded, pruned as m says, then read as the
// parser reads it (see yamlValue). A pruned walk compares it with the
// encoding of its type's zero value; one equal to that zero value is left
// out without being encoded.
func opaqueValue(v reflect.Value, ti *typeInfo, m mode) (any, bool, error) {
	if m == pruneZero && v.IsZero() {
		return nil, false, nil
	}
	decoded, err := encodeDecode(v)
	if err != nil {
		return nil, false, err
	}
	if m != exact {
		var zero any
		if m == pruneZero {
			if zero, err = ti.zeroJSON(v.Type()); err != nil {
				return nil, false, err
			}
		}
		keep := true
		if decoded, keep = pruneJSON(decoded, zero); !keep {
			return nil, false, nil
		}
	}
	out, err := yamlValue(decoded)
	return out, err == nil, err
}

// zeroJSON is the decoded encoding of t's zero value, made once.
func (ti *typeInfo) zeroJSON(t reflect.Type) (any, error) {
	ti.zeroOnce.Do(func() {
		ti.zero, ti.zeroErr = encodeDecode(reflect.New(t).Elem())
	})
	return ti.zero, ti.zeroErr
}

// encodeDecode encodes v with encoding/json, as it would be encoded in
// place (through its address where it has one, so that a MarshalJSON with
// a pointer receiver is called as encoding/json calls it), and decodes the
// text with numbers kept as text.
func encodeDecode(v reflect.Value) (any, error) {
	x := v.Interface()
	if v.CanAddr() {
		x = v.Addr().Interface()
	}
	data, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// opaqueZero is the part of typeInfo only opaque types use.
type opaqueZero struct {
	zeroOnce sync.Once
	zero     any
	zeroErr  error
}
