package containerd

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/runtime/field"
)

// tree is a TOML document or table as go-toml decodes it.
type tree = map[string]any

// key is the path of a TOML key from the document root.
type key []string

// child returns k with more names appended, never sharing k's array.
func (k key) child(names ...string) key {
	return append(slices.Clip(k), names...)
}

// path turns k into a field path in TOML syntax.
func (k key) path() *field.Path {
	if len(k) == 0 {
		return nil
	}
	return field.NewTOMLPath(k[0], k[1:]...)
}

// get returns the value at k and whether it is there.
func get(t tree, k key) (any, bool) {
	var cur any = t
	for _, name := range k {
		m, ok := cur.(tree)
		if !ok {
			return nil, false
		}
		if cur, ok = m[name]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// set puts v at k, creating the tables on the way; a non-table on the way
// is a conflict.
func set(t tree, k key, v any) error {
	cur := t
	for i, name := range k[:len(k)-1] {
		next, ok := cur[name]
		if !ok {
			m := tree{}
			cur[name] = m
			cur = m
			continue
		}
		m, ok := next.(tree)
		if !ok {
			return field.Conflict(k[:i+1].path(), next, "holds a value where a table is needed")
		}
		cur = m
	}
	cur[k[len(k)-1]] = v
	return nil
}

// take removes the value at k and returns it. Tables that this leaves empty
// are removed too, so taking typed keys out of a parsed file does not leave
// empty tables behind in Extra; tables that were empty in the file stay.
func take(t tree, k key) (any, bool) {
	parents := []tree{t}
	cur := t
	for _, name := range k[:len(k)-1] {
		m, ok := cur[name].(tree)
		if !ok {
			return nil, false
		}
		parents = append(parents, m)
		cur = m
	}
	v, ok := cur[k[len(k)-1]]
	if !ok {
		return nil, false
	}
	delete(cur, k[len(k)-1])
	for i := len(parents) - 1; i > 0 && len(parents[i]) == 0; i-- {
		delete(parents[i-1], k[i-1])
	}
	return v, true
}

// merge copies src into dst, descending into tables both hold. A key that
// both hold where one of them is not a table is a conflict: Render must not
// let an unmodelled key overwrite a typed one.
func merge(dst, src tree, at key) field.ErrorList {
	if len(src) == 0 {
		return nil
	}
	var errs field.ErrorList
	for _, name := range slices.Sorted(maps.Keys(src)) {
		sv := src[name]
		dv, ok := dst[name]
		if !ok {
			dst[name] = deepCopy(sv)
			continue
		}
		dm, dIsTable := dv.(tree)
		sm, sIsTable := sv.(tree)
		if dIsTable && sIsTable {
			errs = append(errs, merge(dm, sm, at.child(name))...)
			continue
		}
		errs = append(errs, field.Conflict(at.child(name).path(), sv, "Extra sets a key that a typed field of Config sets"))
	}
	return errs
}

// deepCopy copies tables and arrays so that no two trees share one.
func deepCopy(v any) any {
	switch v := v.(type) {
	case tree:
		out := make(tree, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	default:
		return v
	}
}

// copyTree is deepCopy for a whole tree; nil stays nil.
func copyTree(t tree) tree {
	if t == nil {
		return nil
	}
	return deepCopy(t).(tree)
}

// walk calls fn for every key under t, tables before what they hold, in
// sorted order. fn returns false to skip what a table holds.
func walk(t tree, at key, fn func(k key, v any) bool) {
	if len(t) == 0 {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(t)) {
		k := at.child(name)
		v := t[name]
		if !fn(k, v) {
			continue
		}
		if m, ok := v.(tree); ok {
			walk(m, k, fn)
		}
	}
}

// isZero reports whether v is a zero scalar, an empty array, or a table
// holding only such values: a setting that asks for nothing.
func isZero(v any) bool {
	switch v := v.(type) {
	case tree:
		for _, x := range v {
			if !isZero(x) {
				return false
			}
		}
		return true
	case []any:
		return len(v) == 0
	case nil:
		return true
	default:
		return reflect.ValueOf(v).IsZero()
	}
}

// checkValues reports values in an Extra tree that go-toml would drop or
// refuse: nil, and types that are no TOML value.
func checkValues(t tree, at key) field.ErrorList {
	var errs field.ErrorList
	walk(t, at, func(k key, v any) bool {
		errs = append(errs, checkValue(k, v)...)
		return true
	})
	return errs
}

func checkValue(k key, v any) field.ErrorList {
	switch v := v.(type) {
	case tree, string, bool, int, int8, int16, int32, int64, uint8, uint16, uint32, float32, float64, []string,
		time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime:
		return nil
	case []any:
		var errs field.ErrorList
		for i, x := range v {
			if t, isTable := x.(tree); isTable {
				errs = append(errs, checkValues(t, k)...)
				continue
			}
			if len(checkValue(k, x)) > 0 {
				errs = append(errs, field.Invalid(k.path().Index(i), fmt.Sprintf("%T", x), "not a TOML value"))
			}
		}
		return errs
	}
	return field.ErrorList{field.Invalid(k.path(), fmt.Sprintf("%T", v),
		"not a TOML value (use string, bool, int64, float64, []any or map[string]any)")}
}
