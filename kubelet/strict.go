package kubelet

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"

	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/runtime/field"
)

var configType = reflect.TypeFor[v1beta1.KubeletConfiguration]()

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// unknownKeys walks a decoded JSON value along the Go type it will be
// decoded into and reports every object key that type has no field for,
// matching names exactly as the kubelet's case-sensitive decoder does. A
// type with its own decoder (durations, quantities) is a leaf.
func unknownKeys(p *field.Path, v any, t reflect.Type) field.ErrorList {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	var errs field.ErrorList
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil // a type error, which json.Unmarshal reports
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			ft, known := fields[k]
			if !known {
				errs = append(errs, field.Unknown(childPath(p, k), "the kubelet has no such field"))
				continue
			}
			errs = append(errs, unknownKeys(childPath(p, k), obj[k], ft)...)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		for _, k := range sortedKeys(obj) {
			errs = append(errs, unknownKeys(p.Key(k), obj[k], t.Elem())...)
		}
	case reflect.Slice, reflect.Array:
		list, ok := v.([]any)
		if !ok {
			return nil
		}
		for i, e := range list {
			errs = append(errs, unknownKeys(p.Index(i), e, t.Elem())...)
		}
	}
	return errs
}

// childPath extends p (nil at the top) by a key.
func childPath(p *field.Path, k string) *field.Path {
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
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
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
