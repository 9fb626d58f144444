package yamlenc

import (
	"fmt"
	"reflect"

	"go.yaml.in/yaml/v2"
)

// Field is a top-level key that PrunedDocument writes with a fixed value.
type Field struct {
	Name  string
	Value any
}

// Document is the object PrunedObject returns, kept as the marshaller
// takes it: its items in key order, so that encoding it needs no map, no
// sort and no copy. The zero Document is the empty object.
type Document struct {
	// obj is the walk's top-level object, a pointer the marshaller takes
	// as it is (a slice would be copied to the heap to be boxed).
	obj *yaml.MapSlice
	// slab is what the walk cut obj from, given back by Release.
	slab *slab
}

// PrunedDocument is PrunedObject as a Document, with each top-level key
// named in set written with set's value, whatever v holds (apiVersion and
// kind, for a file whose Go value leaves them empty). Every name of set
// must be a key of v's type. Given a pointer, the document may point into
// *v: encode it before v changes.
func PrunedDocument(v any, set []Field, keepEmpty ...string) (Document, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct || infoOf(rv.Type()).opaque {
		return Document{}, fmt.Errorf("yamlenc: a pruned object is made from a struct that has no encoder of its own, not %T", v)
	}
	ti := infoOf(rv.Type())
	return walk(keepEmpty, set, func(w *walker) (Document, error) {
		out, _, err := w.value(rv, pruneZero, true)
		if err != nil {
			return Document{}, err
		}
		if w.setUsed != len(set) {
			return Document{}, fmt.Errorf("yamlenc: a key to set is not a key of %s, or is set twice: %v", rv.Type(), set)
		}
		switch out := out.(type) {
		case *yaml.MapSlice:
			if !ti.keysInOrder {
				// The fields' order may not be the order of the keys
				// kept: sort them as EncodeObject does.
				sortItems(*out)
			}
			return Document{obj: out, slab: w.first}, nil
		case yaml.MapSlice: // from encoding/json, see opaqueValue
			return Document{obj: &out}, nil
		}
		return Document{}, nil
	})
}

// items are the document's items, in key order.
func (d Document) items() yaml.MapSlice {
	if d.obj == nil {
		return nil
	}
	return *d.obj
}

// Len is the number of top-level keys.
func (d Document) Len() int { return len(d.items()) }

// Has reports whether key is a top-level key of the document.
func (d Document) Has(key string) bool {
	for _, it := range d.items() {
		if it.Key.(string) == key {
			return true
		}
	}
	return false
}

// Release gives the document's storage back for the next document, when
// it will not be used again: a config file's document is dead once it is
// encoded. The Document, and every copy of it, must not be used after. A
// document never released is simply collected.
func (d *Document) Release() {
	releaseSlab(d.slab)
	*d = Document{}
}

// Encode writes the document as YAML, byte for byte as EncodeObject
// writes the same object.
func (d Document) Encode() ([]byte, error) {
	if d.obj == nil {
		return yaml.Marshal(yaml.MapSlice{})
	}
	return yaml.Marshal(d.obj)
}
