// Package roundtrip helps the parsers' round-trip tests compare a value
// with what its rendering parses back to.
package roundtrip

import "reflect"

// NilEmpty sets every empty slice and map reachable from v (a pointer) to
// nil, in place, and returns v, so values that differ only there compare
// equal: a renderer leaves out an empty list or map as it leaves out an
// unset one, and the parser then reads it back as nil. Byte slices (such
// as a json.RawMessage) are left as they are.
func NilEmpty[T any](v T) T {
	clearEmpty(reflect.ValueOf(v))
	return v
}

func clearEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearEmpty(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				clearEmpty(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if !v.IsNil() && v.CanSet() {
				v.SetZero()
			}
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			clearEmpty(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			if !v.IsNil() && v.CanSet() {
				v.SetZero()
			}
			return
		}
		// Map values are not addressable: clear a copy and store it back.
		for _, k := range v.MapKeys() {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(v.MapIndex(k))
			clearEmpty(val)
			v.SetMapIndex(k, val)
		}
	}
}
