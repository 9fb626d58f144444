package yamlenc

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
)

// typeInfo is what the walk needs to know about one Go type, worked out
// once per type (see infoOf): the reflection it saves is most of what
// encoding/json spends on a struct of a hundred fields.
type typeInfo struct {
	// opaque types are written through encoding/json itself (see
	// opaqueValue): they have their own encoder, or a shape the walk does
	// not follow (see opaqueStruct).
	opaque bool
	// addrOpaque types are opaque only where they are addressable: their
	// MarshalJSON or MarshalText has a pointer receiver, which
	// encoding/json calls only then.
	addrOpaque bool
	// fields of a struct, in the order the marshaller writes their keys.
	fields []fieldInfo
	// keysInOrder: the marshaller's comparison puts every two keys in the
	// order of fields, so it orders any subset of them as fields does and
	// the keys a walk keeps need no sort (see keysInOrder).
	keysInOrder bool
	opaqueZero
}

// fieldInfo is one JSON key of a struct.
type fieldInfo struct {
	fieldSpec
	// key is name as an interface value, made once, so that writing the
	// key allocates nothing.
	key any
	// info is typ's typeInfo, looked up on the first walk that needs it
	// (not when the struct's is built: a type may hold itself).
	info atomic.Pointer[typeInfo]
}

// fieldSpec is what a struct's tags and types say of one field.
type fieldSpec struct {
	name  string
	index []int
	typ   reflect.Type
	// omitEmpty and omitZero are the tag's options.
	omitEmpty, omitZero bool
	// zeroWritten: encoding/json writes this field for the zero value of
	// its struct, so a pruned walk compares the field with its zero (see
	// pruneZero). A field the zero leaves out has nothing to compare with.
	zeroWritten bool
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	// jsonNumber is written as the number it spells, not as a string.
	jsonNumber  = reflect.TypeFor[json.Number]()
	zeroChecker = reflect.TypeFor[interface{ IsZero() bool }]()
	types       sync.Map // reflect.Type -> *typeInfo
)

// infoOf returns t's typeInfo.
func infoOf(t reflect.Type) *typeInfo {
	if ti, ok := types.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := newTypeInfo(t)
	actual, _ := types.LoadOrStore(t, ti)
	return actual.(*typeInfo)
}

// newTypeInfo works out t's typeInfo.
func newTypeInfo(t reflect.Type) *typeInfo {
	// A pointer or an interface is written as what it holds (or null),
	// whose own type then says how.
	indirect := t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface
	if !indirect && (t.Implements(jsonMarshaler) || t.Implements(textMarshaler) || t == jsonNumber) {
		return &typeInfo{opaque: true}
	}
	ti := &typeInfo{}
	if !indirect {
		pt := reflect.PointerTo(t)
		ti.addrOpaque = pt.Implements(jsonMarshaler) || pt.Implements(textMarshaler)
	}
	switch t.Kind() {
	case reflect.Struct:
		fields, ok := structFields(t)
		if !ok {
			ti.opaque = true
			break
		}
		ti.fields = sortFields(fields)
		ti.keysInOrder = keysInOrder(ti.fields)
	case reflect.Map:
		// A key that is not a string is spelled by encoding/json's own
		// rules (MarshalText, then decimal).
		ti.opaque = t.Key().Kind() != reflect.String
	case reflect.Bool, reflect.String, reflect.Pointer, reflect.Interface, reflect.Slice,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
	default:
		// Arrays (their zero is not empty), and what encoding/json refuses:
		// it says why.
		ti.opaque = true
	}
	return ti
}

// typeInfo returns f's type's typeInfo.
func (f *fieldInfo) typeInfo() *typeInfo {
	if ti := f.info.Load(); ti != nil {
		return ti
	}
	ti := infoOf(f.typ)
	f.info.Store(ti)
	return ti
}

// sortFields returns a struct's fields in the marshaller's key order (see
// sortYAMLKeys), so a walk writes them already sorted.
func sortFields(specs []fieldSpec) []fieldInfo {
	names := make([]string, len(specs))
	byName := make(map[string]fieldSpec, len(specs))
	for i, f := range specs {
		names[i] = f.name
		byName[f.name] = f
	}
	sortYAMLKeys(names)
	fields := make([]fieldInfo, len(specs))
	for i, n := range names {
		fields[i].fieldSpec = byName[n]
		fields[i].key = boxKey(n)
	}
	return fields
}

// keysInOrder reports whether compareYAMLKeys puts every two of fields in
// their order, strictly. Then it is a total order on these keys, and
// sortYAMLKeys orders any subset of them as fields does. Otherwise (its
// order is not transitive where digits and letters meet, see
// sortYAMLKeys) a subset may sort in another order than the whole.
func keysInOrder(fields []fieldInfo) bool {
	for i := range fields {
		for j := i + 1; j < len(fields); j++ {
			if compareYAMLKeys(fields[i].name, fields[j].name) >= 0 {
				return false
			}
		}
	}
	return true
}

// keys holds every struct key the walk has met as an interface value,
// made once, so that writing a key allocates nothing, even where it comes
// back as a plain string (see EncodeObject).
var keys = struct {
	sync.RWMutex
	boxed map[string]any
}{boxed: map[string]any{}}

// boxKey returns k as an interface value, kept for boxedKey.
func boxKey(k string) any {
	keys.Lock()
	defer keys.Unlock()
	if b, ok := keys.boxed[k]; ok {
		return b
	}
	keys.boxed[k] = k
	return keys.boxed[k]
}

// boxedKey returns k as an interface value: the one boxKey kept, if any.
func boxedKey(k string) any {
	keys.RLock()
	b, ok := keys.boxed[k]
	keys.RUnlock()
	if ok {
		return b
	}
	return k
}

// structFields lists the JSON keys of struct t as encoding/json names
// them, embedded structs without a name inlined. It reports false for a
// struct the walk leaves to encoding/json (see opaqueStruct).
func structFields(t reflect.Type) ([]fieldSpec, bool) {
	var fields []fieldSpec
	seen := map[string]bool{}
	var collect func(t reflect.Type, index []int) bool
	collect = func(t reflect.Type, index []int) bool {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, hasTag := f.Tag.Lookup("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer || (ft.Kind() == reflect.Struct && !f.IsExported()) {
					return false // opaqueStruct
				}
				if ft.Kind() == reflect.Struct {
					if !collect(ft, idx) {
						return false
					}
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if !hasTag || name == "" {
				name = f.Name
			}
			if !plainName(name) || seen[name] || hasOption(opts, "string") {
				return false // opaqueStruct
			}
			seen[name] = true
			fi := fieldSpec{
				name: name, index: idx, typ: f.Type,
				omitEmpty: hasOption(opts, "omitempty"), omitZero: hasOption(opts, "omitzero"),
			}
			fi.zeroWritten = !fi.omitted(reflect.Zero(f.Type))
			fields = append(fields, fi)
		}
		return true
	}
	return fields, collect(t, nil)
}

// opaqueStruct: the walk leaves to encoding/json a struct that embeds a
// pointer or an unexported struct, repeats a key (encoding/json then picks
// by depth and tags), tags a field ",string", or names a key with
// characters a JSON tag may not hold (encoding/json then uses the Go
// name). None of the types kubenode writes does any of these.

// plainName reports whether a tag name is one encoding/json takes as it
// is: letters, digits and the punctuation keys in Kubernetes and
// containerd files use.
func plainName(name string) bool {
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("-_./", r):
		default:
			return false
		}
	}
	return true
}

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

// isEmptyValue is omitempty's test in encoding/json.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// omitted reports whether encoding/json leaves field f, of value v, out:
// omitempty's test, or omitzero's (the type's IsZero where it has one).
func (f *fieldSpec) omitted(v reflect.Value) bool {
	if f.omitEmpty && isEmptyValue(v) {
		return true
	}
	if !f.omitZero {
		return false
	}
	t := f.typ
	switch {
	case t.Kind() == reflect.Interface && t.Implements(zeroChecker):
		return v.IsNil() || (v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) || isZeroByMethod(v)
	case t.Kind() == reflect.Pointer && t.Implements(zeroChecker):
		return v.IsNil() || isZeroByMethod(v)
	case t.Implements(zeroChecker):
		return isZeroByMethod(v)
	case reflect.PointerTo(t).Implements(zeroChecker):
		if !v.CanAddr() {
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		return isZeroByMethod(v.Addr())
	}
	return v.IsZero()
}

func isZeroByMethod(v reflect.Value) bool {
	return v.Interface().(interface{ IsZero() bool }).IsZero()
}
