package tomltree

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// copySample holds every shape DeepCopy must copy; each call builds a new
// one.
func copySample() Tree {
	return Tree{
		"t":       Tree{"s": "x"},
		"any":     []any{Tree{"a": int64(1)}, []any{"n"}},
		"strings": []string{"a"},
		"ints":    []int{1},
		"tables":  []Tree{{"k": "v"}},
		"nested":  [][]string{{"a"}},
		"nilAny":  []any(nil),
		"nilStr":  []string(nil),
		"empty":   []string{},
		"scalar":  int64(3),
	}
}

func TestDeepCopy(t *testing.T) {
	orig := copySample()
	cp := Copy(orig)
	assert.Equal(t, orig, cp, "a copy equals its original, nil and empty slices kept apart")

	cp["t"].(Tree)["s"] = "changed"
	cp["any"].([]any)[0].(Tree)["a"] = "changed"
	cp["any"].([]any)[1].([]any)[0] = "changed"
	cp["strings"].([]string)[0] = "changed"
	cp["ints"].([]int)[0] = 9
	cp["tables"].([]Tree)[0]["k"] = "changed"
	cp["nested"].([][]string)[0][0] = "changed"
	assert.Equal(t, copySample(), orig, "changing the copy leaves the original alone")
}

func TestCopyNil(t *testing.T) {
	assert.Nil(t, Copy(nil))
	assert.Nil(t, DeepCopy(nil))
}
