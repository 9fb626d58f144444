package tomltree

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestMerge(t *testing.T) {
	tests := []struct {
		name      string
		dst, src  Tree
		at        Key
		want      Tree
		conflicts []string
	}{
		{"disjoint", Tree{"a": "x"}, Tree{"b": int64(1)}, nil,
			Tree{"a": "x", "b": int64(1)}, nil},
		{"into a shared table", Tree{"t": Tree{"a": "x"}}, Tree{"t": Tree{"b": "y"}}, nil,
			Tree{"t": Tree{"a": "x", "b": "y"}}, nil},
		{"value on value", Tree{"a": "x"}, Tree{"a": "y"}, nil,
			Tree{"a": "x"}, []string{"a"}},
		{"table on value", Tree{"t": Tree{"a": "x"}}, Tree{"t": Tree{"a": Tree{"b": "y"}}}, nil,
			Tree{"t": Tree{"a": "x"}}, []string{"t.a"}},
		{"value on table, below at", Tree{"t": Tree{"a": "x"}}, Tree{"t": "y"}, Key{"plugins", "io.x"},
			Tree{"t": Tree{"a": "x"}}, []string{`plugins."io.x".t`}},
		{"empty src", Tree{"a": "x"}, nil, nil, Tree{"a": "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := Merge(tt.dst, tt.src, tt.at)
			fieldtest.RequireExactly(t, errs.Err(), matchAt(field.ErrConflict, tt.conflicts)...)
			assert.Equal(t, tt.want, tt.dst)
		})
	}
}

func TestMergeCopies(t *testing.T) {
	src := Tree{"t": Tree{"list": []any{"a"}}}
	dst := Tree{}
	assert.Empty(t, Merge(dst, src, nil))
	dst["t"].(Tree)["list"].([]any)[0] = "changed"
	assert.Equal(t, "a", src["t"].(Tree)["list"].([]any)[0], "dst shares nothing with src")
}
