package tomltree

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestKeyChildSharesNothing(t *testing.T) {
	parent := make(Key, 1, 4)
	parent[0] = "plugins"
	a := parent.Child("a")
	b := parent.Child("b")
	assert.Equal(t, Key{"plugins", "a"}, a)
	assert.Equal(t, Key{"plugins", "b"}, b)
	assert.Equal(t, Key{"plugins"}, parent)
}

func TestKeyPath(t *testing.T) {
	tests := []struct {
		key  Key
		want string
	}{
		{nil, ""},
		{Key{"root"}, "root"},
		{Key{"plugins", "io.containerd.grpc.v1.cri", "sandbox_image"}, `plugins."io.containerd.grpc.v1.cri".sandbox_image`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.key.Path().String(), "%q", tt.key)
	}
	assert.Nil(t, Key{}.Path(), "the empty key is the root")
	assert.Equal(t, field.TOML, Key{"a"}.Path().Syntax())
}

// TestGetReach asks Get and Reach for the same keys: they differ only
// where a value that is no table stands on the way.
func TestGetReach(t *testing.T) {
	doc := Tree{"a": Tree{"b": int64(1), "s": "x"}, "top": true}
	tests := []struct {
		name  string
		key   Key
		get   any // nil: Get finds nothing
		reach any // nil: Reach finds nothing
	}{
		{"nested", Key{"a", "b"}, int64(1), int64(1)},
		{"table", Key{"a"}, doc["a"], doc["a"]},
		{"root", nil, doc, doc},
		{"missing", Key{"a", "c"}, nil, nil},
		{"missing table", Key{"z", "b"}, nil, nil},
		{"through a value", Key{"top", "x"}, nil, true},
		{"through a deeper value", Key{"a", "b", "c"}, nil, int64(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Get(doc, tt.key)
			assert.Equal(t, tt.get, got, "Get")
			assert.Equal(t, tt.get != nil, ok, "Get")
			got, ok = Reach(doc, tt.key)
			assert.Equal(t, tt.reach, got, "Reach")
			assert.Equal(t, tt.reach != nil, ok, "Reach")
		})
	}
}

func TestSet(t *testing.T) {
	doc := Tree{"top": "x", "a": Tree{"keep": true}}
	assert.NoError(t, Set(doc, Key{"a", "b", "c"}, int64(1)))
	assert.NoError(t, Set(doc, Key{"new"}, "v"))
	assert.Equal(t, Tree{"top": "x", "new": "v", "a": Tree{"keep": true, "b": Tree{"c": int64(1)}}}, doc)

	err := Set(doc, Key{"top", "x", "y"}, 1)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "top"))
	err = Set(doc, Key{"a", "keep", "y"}, 1)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "a.keep"))
	assert.Error(t, Set(doc, nil, 1), "the empty key names no value")
}

func TestTake(t *testing.T) {
	sample := func() Tree {
		return Tree{"empty": Tree{}, "a": Tree{"b": Tree{"c": int64(1)}}, "other": Tree{"x": "y"}}
	}
	tests := []struct {
		name  string
		key   Key
		want  any // nil: nothing to take, and the tree stays as it was
		after Tree
	}{
		{"leaf, parents emptied", Key{"a", "b", "c"}, int64(1), Tree{"empty": Tree{}, "other": Tree{"x": "y"}}},
		{"leaf, parent keeps others", Key{"other", "x"}, "y", Tree{"empty": Tree{}, "a": Tree{"b": Tree{"c": int64(1)}}}},
		{"empty table of the file stays", Key{"empty", "nope"}, nil, sample()},
		{"through a value", Key{"other", "x", "y"}, nil, sample()},
		{"empty key", nil, nil, sample()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sample()
			got, ok := Take(doc, tt.key)
			assert.Equal(t, tt.want != nil, ok)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.after, doc)
		})
	}
}
