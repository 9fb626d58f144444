package jsontree

import (
	"encoding"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// UnknownKeys walks a decoded JSON value along the Go type it will be
// decoded into and reports every object key that type has no field for, as
// an ErrUnknown below p (nil at the top). Names match exactly, as a
// case-sensitive decoder matches them; a type with its own decoder
// (durations, quantities) is a leaf, and a value of the wrong type is left
// to json.Unmarshal to report.
func UnknownKeys(p *field.Path, v any, t reflect.Type) field.ErrorList {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	var errs field.ErrorList
	switch t.Kind() {
	case reflect.Struct:
		obj, _ := v.(map[string]any)
		fields := jsonFields(t)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ft, known := fields[k]
			if !known {
				errs = append(errs, field.Unknown(child(p, k), "no such field in "+t.String()))
				continue
			}
			errs = append(errs, UnknownKeys(child(p, k), obj[k], ft)...)
		}
	case reflect.Map:
		obj, _ := v.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			errs = append(errs, UnknownKeys(p.Key(k), obj[k], t.Elem())...)
		}
	case reflect.Slice, reflect.Array:
		list, _ := v.([]any)
		for i, e := range list {
			errs = append(errs, UnknownKeys(p.Index(i), e, t.Elem())...)
		}
	}
	return errs
}

// child extends p (nil at the top) by a key.
func child(p *field.Path, k string) *field.Path {
	if p == nil {
		return field.NewPath(k)
	}
	return p.Child(k)
}

// jsonFields maps the JSON names of a struct's fields to their types,
// following embedded structs without a name (inline), as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if !f.IsExported() || tag == "-" {
			continue
		}
		if ft := f.Type; f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					fields[k] = v
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}
