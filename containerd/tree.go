package containerd

import (
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// tree is a TOML document or table as go-toml decodes it.
type tree = tomltree.Tree

// key is the path of a TOML key from the document root: a tomltree.Key
// under a type of its own only so that layout.go and rules.go keep their
// short k.child and k.path; convert with tomltree.Key(k) to walk a tree.
type key tomltree.Key

// child returns k with more names appended, never sharing k's array.
func (k key) child(names ...string) key { return key(tomltree.Key(k).Child(names...)) }

// path turns k into a field path in TOML syntax.
func (k key) path() *field.Path { return tomltree.Key(k).Path() }

// isZero reports whether v asks for nothing (tomltree.IsZero); rules.go
// judges harmless values with it.
func isZero(v any) bool { return tomltree.IsZero(v) }
