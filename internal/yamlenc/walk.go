package yamlenc

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v2"

	"github.com/kubenode/kubenode/internal/scratch"
)

// mode is what a walk leaves out of the value it writes.
type mode uint8

const (
	// exact writes what encoding/json writes: nulls, empty objects and
	// lists included. Elements of a list are always exact: their position
	// is their meaning.
	exact mode = iota
	// pruneEmpty leaves out nulls, and objects and lists that are empty
	// once pruned: below a pointer, an interface or a map, where the zero
	// value of the whole has nothing to compare with.
	pruneEmpty
	// pruneZero also leaves out every value equal to the one encoding/json
	// writes at the same place for the zero value of the whole: at the top,
	// and in the struct fields reached from there through structs only.
	pruneZero
)

// walker writes one value; its stack holds the keys of the objects being
// built, so that each object takes its final size at once.
type walker struct {
	stack yaml.MapSlice
	// keepEmpty names the top-level keys written as {} or [] when the
	// field holds an empty, non-nil map or slice (see PrunedObject).
	keepEmpty []string
	// set holds the top-level keys written with a fixed value (see
	// PrunedDocument); setUsed counts those the walk met.
	set     []Field
	setUsed int
	// items and objects are where the objects of one walk are cut from,
	// one allocation for a config file's objects instead of two per object
	// (its items, and its slice header boxed in an interface). They
	// belong to the value written, so each walk starts new ones.
	items   yaml.MapSlice
	objects []yaml.MapSlice
	// first is the walk's first slab, from the pool: the value written
	// owns it, and whoever encodes that value last may give it back
	// (releaseSlab).
	first *slab
}

// How many items, and objects, one slab holds: a config file's usual
// size.
const (
	itemSlab   = 16
	objectSlab = 8
)

// slab is the first items and objects of a walk, in one allocation.
type slab struct {
	objects [objectSlab]yaml.MapSlice
	items   [itemSlab]yaml.MapItem
}

var walkers = sync.Pool{New: func() any { return &walker{stack: make(yaml.MapSlice, 0, 32)} }}

// slabs keeps the first slabs of walks whose value has been encoded (see
// releaseSlab): a config file's objects are dead once it is written.
var slabs scratch.Pool[slab]

// releaseSlab clears s, so that the pool holds no value of the file, and
// gives it back to the pool; s may be nil. Nothing cut from s may be used
// after.
func releaseSlab(s *slab) {
	if s != nil {
		slabs.Put(s)
	}
}

// walk runs fn with a walker from the pool. The walk's first slab belongs
// to the value fn returns; fn may take it (w.first) to release it later.
func walk[T any](keepEmpty []string, set []Field, fn func(w *walker) (T, error)) (T, error) {
	w := walkers.Get().(*walker)
	w.keepEmpty, w.set = keepEmpty, set
	out, err := fn(w)
	w.stack, w.keepEmpty, w.set, w.setUsed, w.items, w.objects, w.first = w.stack[:0], nil, nil, 0, nil, nil, nil
	walkers.Put(w)
	return out, err
}

// newObject returns an object of n items, as a pointer the marshaller
// follows: cut from the walk's slabs, it costs no allocation of its own.
func (w *walker) newObject(n int) *yaml.MapSlice {
	if w.objects == nil {
		s := slabs.Get()
		w.first = s
		w.objects, w.items = s.objects[:0], s.items[:0]
	}
	if cap(w.items)-len(w.items) < n {
		w.items = make(yaml.MapSlice, 0, max(itemSlab, n))
	}
	if len(w.objects) == cap(w.objects) {
		w.objects = make([]yaml.MapSlice, 0, objectSlab)
	}
	l := len(w.items)
	w.items = w.items[:l+n]
	w.objects = append(w.objects, w.items[l:l+n:l+n])
	return &w.objects[len(w.objects)-1]
}

// value returns v as go.yaml.in/yaml/v2's parser reads the JSON text
// encoding/json writes for it (see the package documentation, "Walk"),
// with what m leaves out; keep is false when m leaves out v itself.
func (w *walker) value(v reflect.Value, m mode, top bool) (out any, keep bool, err error) {
	return w.typedValue(v, infoOf(v.Type()), m, top)
}

// typedValue is value with v's typeInfo at hand.
func (w *walker) typedValue(v reflect.Value, ti *typeInfo, m mode, top bool) (out any, keep bool, err error) {
	t := v.Type()
	if ti.opaque || (ti.addrOpaque && v.CanAddr()) {
		return opaqueValue(v, ti, m)
	}
	switch t.Kind() {
	case reflect.String:
		s := v.String()
		if m == pruneZero && s == "" {
			return nil, false, nil
		}
		if t == stringType && v.CanAddr() && utf8.ValidString(s) {
			// The marshaller follows the pointer; boxing the string itself
			// would copy its header to the heap. Only a plain string: a
			// named type may have a MarshalYAML the marshaller would call.
			return v.Addr().Interface(), true, nil
		}
		return validUTF8(s), true, nil
	case reflect.Bool:
		b := v.Bool()
		return b, m != pruneZero || b, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		return yamlInt(i), m != pruneZero || i != 0, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := v.Uint()
		if u > math.MaxInt64 {
			return u, true, nil
		}
		return yamlInt(int64(u)), m != pruneZero || u != 0, nil
	case reflect.Float32, reflect.Float64:
		if m == pruneZero && v.IsZero() {
			return nil, false, nil
		}
		out, err := yamlFloat(v)
		return out, true, err
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, m == exact, nil
		}
		return w.value(v.Elem(), min(m, pruneEmpty), false)
	case reflect.Slice:
		if v.IsNil() {
			return nil, m == exact, nil
		}
		if t.Elem().Kind() == reflect.Uint8 && !infoOf(t.Elem()).opaque && !infoOf(t.Elem()).addrOpaque {
			return base64.StdEncoding.EncodeToString(v.Bytes()), true, nil
		}
		if v.Len() == 0 {
			return []any{}, m == exact, nil
		}
		list := make([]any, v.Len())
		for i := range list {
			if list[i], _, err = w.value(v.Index(i), exact, false); err != nil {
				return nil, false, err
			}
		}
		return list, true, nil
	case reflect.Map:
		if v.IsNil() {
			return nil, m == exact, nil
		}
		return w.mapValue(v, min(m, pruneEmpty))
	case reflect.Struct:
		if m == pruneZero && !top && v.IsZero() {
			// Equal to its zero value, so to the zero's encoding: all of
			// it would be pruned. Most nested structs of a config are.
			return nil, false, nil
		}
		return w.structValue(v, ti, m, top)
	}
	return nil, false, fmt.Errorf("yamlenc: unexpected %s", t) // newTypeInfo made it opaque
}

// mapValue writes a map with string keys, in the marshaller's key order.
func (w *walker) mapValue(v reflect.Value, m mode) (any, bool, error) {
	keys := make([]string, 0, v.Len())
	type entry struct {
		key string // as in the map
		val reflect.Value
	}
	byKey := make(map[string]entry, v.Len())
	for it := v.MapRange(); it.Next(); {
		orig := it.Key().String()
		k := validUTF8(orig)
		if prev, ok := byKey[k]; ok {
			// Two keys that differ only in bytes that are not UTF-8:
			// encoding/json writes both, in the order of the keys as they
			// are, and a decoder keeps the last.
			if prev.key > orig {
				continue
			}
		} else {
			keys = append(keys, k)
		}
		byKey[k] = entry{orig, it.Value()}
	}
	sortYAMLKeys(keys)
	start := len(w.stack)
	for _, k := range keys {
		val, keep, err := w.value(byKey[k].val, m, false)
		if err != nil {
			return nil, false, err
		}
		if keep {
			w.stack = append(w.stack, yaml.MapItem{Key: k, Value: val})
		}
	}
	return w.pop(start, m, false)
}

// structValue writes a struct's fields, already in key order.
func (w *walker) structValue(v reflect.Value, ti *typeInfo, m mode, top bool) (any, bool, error) {
	start := len(w.stack)
	for i := range ti.fields {
		f := &ti.fields[i]
		var fv reflect.Value
		if len(f.index) == 1 {
			fv = v.Field(f.index[0])
		} else {
			fv = v.FieldByIndex(f.index)
		}
		if top && len(w.set) > 0 {
			if val, ok := w.setValue(f.name); ok {
				w.stack = append(w.stack, yaml.MapItem{Key: f.key, Value: val})
				continue
			}
		}
		// Only a map or a slice is kept empty: the kind is checked here,
		// where it costs no call, for the hundred other fields of a config.
		if k := fv.Kind(); top && (k == reflect.Map || k == reflect.Slice) && w.keptEmpty(f.name, fv) {
			w.stack = append(w.stack, yaml.MapItem{Key: f.key, Value: emptyLike(fv)})
			continue
		}
		if f.omitted(fv) {
			continue
		}
		fm := m
		if m == pruneZero && !f.zeroWritten {
			fm = pruneEmpty
		}
		val, keep, err := w.typedValue(fv, f.typeInfo(), fm, false)
		if err != nil {
			return nil, false, err
		}
		if keep {
			w.stack = append(w.stack, yaml.MapItem{Key: f.key, Value: val})
		}
	}
	return w.pop(start, m, top)
}

// pop takes the items an object pushed from the stack, as that object.
func (w *walker) pop(start int, m mode, keepWhenEmpty bool) (any, bool, error) {
	n := len(w.stack) - start
	if n == 0 && m != exact && !keepWhenEmpty {
		return nil, false, nil
	}
	obj := w.newObject(n)
	copy(*obj, w.stack[start:])
	clear(w.stack[start:])
	w.stack = w.stack[:start]
	return obj, true, nil
}

// keptEmpty reports whether a top-level field is one of keepEmpty holding
// an empty, non-nil map or slice.
func (w *walker) keptEmpty(name string, v reflect.Value) bool {
	k := v.Kind()
	return (k == reflect.Map || k == reflect.Slice) && !v.IsNil() && v.Len() == 0 && slices.Contains(w.keepEmpty, name)
}

// setValue returns the fixed value of a top-level key, if set names it.
func (w *walker) setValue(name string) (any, bool) {
	for _, f := range w.set {
		if f.Name == name {
			w.setUsed++
			return f.Value, true
		}
	}
	return nil, false
}

// emptyLike is {} for a map, [] for a slice.
func emptyLike(v reflect.Value) any {
	if v.Kind() == reflect.Map {
		return yaml.MapSlice{}
	}
	return []any{}
}

var stringType = reflect.TypeFor[string]()

// yamlInt is an integer as the parser reads it: an int where it fits.
func yamlInt(i int64) any {
	if i == int64(int(i)) {
		return int(i)
	}
	return i
}

// yamlFloat is a float as the parser reads the text encoding/json writes
// for it (1e-7, 100, 0.5): the shortest text that reads back as the value,
// which for a float32 is not that of the same float64.
func yamlFloat(v reflect.Value) (any, error) {
	var x any = v.Float()
	if v.Kind() == reflect.Float32 {
		x = float32(v.Float())
	}
	data, err := json.Marshal(x) // refuses NaN and the infinities
	if err != nil {
		return nil, err
	}
	return yamlNumber(string(data))
}

// validUTF8 is s as encoding/json writes it: each byte that is not UTF-8
// becomes U+FFFD.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	data, _ := json.Marshal(s) // a string always encodes
	_ = json.Unmarshal(data, &s)
	return s
}
