package tomltree

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWalk(t *testing.T) {
	doc := Tree{
		"b":    Tree{"y": int64(1), "x": Tree{"deep": true}},
		"a":    "v",
		"skip": Tree{"hidden": true},
		"arr":  []any{Tree{"in": "array"}},
	}
	var seen []string
	Walk(doc, Key{"root"}, func(k Key, v any) bool {
		seen = append(seen, strings.Join(k, "."))
		return k[len(k)-1] != "skip"
	})
	assert.Equal(t, []string{"root.a", "root.arr", "root.b", "root.b.x", "root.b.x.deep", "root.b.y", "root.skip"}, seen,
		"sorted, tables before what they hold, skipped tables and arrays not entered")
}

func TestIsZero(t *testing.T) {
	tests := []struct {
		v    any
		want bool
	}{
		{nil, true},
		{"", true},
		{false, true},
		{int64(0), true},
		{0.0, true},
		{time.Time{}, true},
		{[]any{}, true},
		{[]any(nil), true},
		{[]string{}, true},
		{[]int{}, true},
		{Tree{}, true},
		{Tree{"a": "", "b": Tree{"c": false, "d": []any{}}}, true},
		{"x", false},
		{true, false},
		{int64(1), false},
		{uint64(1), false},
		{[]any{""}, false},
		{[]int{0}, false},
		{Tree{"a": Tree{"b": "x"}}, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IsZero(tt.v), "%#v", tt.v)
	}
}
