package tomltree

import (
	"slices"

	"github.com/kubenode/kubenode/runtime/field"
)

// Tree is a TOML document or table as go-toml/v2 decodes it. It is an alias,
// so a decoded map[string]any is a Tree without conversion.
type Tree = map[string]any

// Key is the path of a TOML key from the document root, one table name per
// element: {"plugins", "io.containerd.grpc.v1.cri", "sandbox_image"}.
type Key []string

// Child returns k with names appended. It never shares k's array, so many
// children of one parent can be built safely.
func (k Key) Child(names ...string) Key {
	return append(slices.Clip(k), names...)
}

// Path returns k as a field path in TOML syntax, quoting names that are no
// bare TOML key; the empty key gives nil, the document root.
func (k Key) Path() *field.Path {
	if len(k) == 0 {
		return nil
	}
	return field.NewTOMLPath(k[0], k[1:]...)
}

// Get returns the value at k and whether it is there. The empty key names
// t itself.
func Get(t Tree, k Key) (any, bool) {
	v, n, ok := descend(t, k)
	if !ok || n < len(k) {
		return nil, false
	}
	return v, true
}

// Reach returns the value at k or, when a value that is not a table stands
// on the way to k, that value: what would keep a table at k from being
// written. It returns false when neither is there.
func Reach(t Tree, k Key) (any, bool) {
	v, _, ok := descend(t, k)
	return v, ok
}

// descend follows k from t as far as tables go. It returns the value where
// it stopped, how many names of k lead there, and false when the next name
// is missing from its table.
func descend(t Tree, k Key) (v any, n int, ok bool) {
	var cur any = t
	for i, name := range k {
		m, isTable := cur.(Tree)
		if !isTable {
			return cur, i, true
		}
		if cur, ok = m[name]; !ok {
			return nil, i, false
		}
	}
	return cur, len(k), true
}

// Set puts v at k, creating the tables on the way. A value that is not a
// table on the way is an ErrConflict problem at its key, and t is left as
// it was below that key.
func Set(t Tree, k Key, v any) error {
	if len(k) == 0 {
		return field.Required(nil, "an empty key names no value to set")
	}
	cur := t
	for i, name := range k[:len(k)-1] {
		next, ok := cur[name]
		if !ok {
			m := Tree{}
			cur[name] = m
			cur = m
			continue
		}
		m, ok := next.(Tree)
		if !ok {
			return field.Conflict(k[:i+1].Path(), next, "holds a value where a table is needed")
		}
		cur = m
	}
	cur[k[len(k)-1]] = v
	return nil
}

// Take removes the value at k and returns it. Tables that this leaves empty
// are removed too, so taking the modelled keys out of a parsed file leaves
// no empty tables behind; tables that were empty in the file stay.
func Take(t Tree, k Key) (any, bool) {
	if len(k) == 0 {
		return nil, false
	}
	parents := []Tree{t}
	cur := t
	for _, name := range k[:len(k)-1] {
		m, ok := cur[name].(Tree)
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
