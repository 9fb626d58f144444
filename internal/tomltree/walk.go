package tomltree

import (
	"reflect"
	"slices"
)

// Walk calls fn for every key under t, whose own key is at: a table before
// what it holds, names in sorted order, so problems come out in the same
// order every time. fn returns false to skip what a table holds. Walk does
// not descend into arrays, not even arrays of tables.
func Walk(t Tree, at Key, fn func(k Key, v any) bool) {
	for _, name := range sortedNames(t) {
		k := at.Child(name)
		v := t[name]
		if !fn(k, v) {
			continue
		}
		if m, ok := v.(Tree); ok {
			Walk(m, k, fn)
		}
	}
}

// IsZero reports whether v asks for nothing: nil, a zero scalar, an empty
// slice, or a table holding only such values.
func IsZero(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case Tree:
		for _, x := range v {
			if !IsZero(x) {
				return false
			}
		}
		return true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		return rv.Len() == 0
	}
	return rv.IsZero()
}

// sortedNames are t's keys in order: one allocation, none for an empty
// table, which Validate and Render meet on every Config without Extra
// (slices.Sorted(maps.Keys(t)) costs three even then).
func sortedNames(t Tree) []string {
	if len(t) == 0 {
		return nil
	}
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
