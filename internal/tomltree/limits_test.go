package tomltree

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// nested builds a document whose deepest value sits depth levels down, in
// one of the ways TOML nests.
var nested = map[string]func(depth int) string{
	"header": func(d int) string {
		return "[" + strings.Repeat("a.", d-2) + "a]\nk = 1\n"
	},
	"dotted key": func(d int) string {
		return strings.Repeat("a.", d-1) + "k = 1\n"
	},
	"inline tables": func(d int) string {
		return "k = " + strings.Repeat("{a = ", d-1) + "1" + strings.Repeat("}", d-1) + "\n"
	},
	"arrays": func(d int) string {
		return "k = " + strings.Repeat("[", d-1) + "1" + strings.Repeat("]", d-1) + "\n"
	},
	"array tables": func(d int) string {
		return "[[" + strings.Repeat("a.", d-3) + "a]]\nk = 1\n"
	},
	"inline tables in arrays": func(d int) string {
		return "k = " + strings.Repeat("[{a = ", (d-1)/2) + "1" + strings.Repeat("}]", (d-1)/2) + "\n"
	},
}

func TestDecodeDepth(t *testing.T) {
	for name, build := range nested {
		t.Run(name, func(t *testing.T) {
			doc, err := Decode([]byte(build(MaxDepth)))
			require.NoError(t, err, "at the limit")
			if name != "inline tables in arrays" { // two levels a step
				assert.Equal(t, MaxDepth, depthOf(doc), "the test builds what it says")
			}
			_, err = Decode([]byte(build(MaxDepth + 2)))
			fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))
		})
	}
}

// TestDecodeDeepInlineTables is the 40 KB config.toml of 10,000
// nested inline tables, which ran the walk out of memory: refused before
// it is decoded.
func TestDecodeDeepInlineTables(t *testing.T) {
	data := "k=" + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000)
	require.Equal(t, 40_003, len(data))
	_, err := Decode([]byte(data))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))
}

// TestCheckValueDepth: a tree built in Go is held to MaxDepth as a file
// is, with one problem where it goes past.
func TestCheckValueDepth(t *testing.T) {
	deep := func(levels int) Tree {
		tree := Tree{"k": int64(1)}
		for range levels - 1 {
			tree = Tree{"a": tree}
		}
		return tree
	}
	assert.Empty(t, CheckValues(deep(MaxDepth), nil))
	errs := CheckValues(deep(10_000), nil)
	fieldtest.RequireExactly(t, errs.Err(), fieldtest.Match(field.ErrTooLong, strings.TrimSuffix(strings.Repeat("a.", MaxDepth+1), ".")))
	_, err := Decode([]byte(strings.Repeat("a.", MaxDepth-1) + "k = 1\n"))
	require.NoError(t, err, "the same depth as a file")
}

// manyKeys is a document of n keys in one table, the case go-toml's
// duplicate check takes quadratic time for.
func manyKeys(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d = %d\n", i, i)
	}
	return []byte(b.String())
}

func TestDecodeKeys(t *testing.T) {
	doc, err := Decode(manyKeys(MaxKeys))
	require.NoError(t, err, "at the limit")
	assert.Len(t, doc, MaxKeys)

	_, err = Decode(manyKeys(MaxKeys + 1))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))

	for name, data := range map[string]string{
		"dotted key parts":     strings.Repeat("a.", MaxKeys/2) + "k = 1\n",
		"arrays in an array":   "k = [" + strings.Repeat("[],", MaxKeys) + "]\n",
		"inline tables":        "k = [" + strings.Repeat("{},", MaxKeys) + "]\n",
		"array table headers":  strings.Repeat("[[a]]\n", MaxKeys+1),
		"keys of inline table": "k = {" + manyInline(MaxKeys) + "}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Decode([]byte(data))
			fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))
		})
	}
}

// manyInline is the body of an inline table of n keys.
func manyInline(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "k%d = 1", i)
	}
	return b.String()
}

// TestDecodeIsUnmarshal: within the limits Decode is toml.Unmarshal, and a
// document that is no TOML is go-toml's error, not a limit.
func TestDecodeIsUnmarshal(t *testing.T) {
	for _, data := range []string{
		"",
		"version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\nSystemdCgroup = true\n",
		"a = [1, [2, {b = 'x'}]]\n[[t]]\nc = 1\n[[t]]\nc = 2\n",
		"s = '''[[[{{{'''\n# [[[[\n",
	} {
		doc, err := Decode([]byte(data))
		require.NoError(t, err, data)
		var want Tree
		require.NoError(t, toml.Unmarshal([]byte(data), &want))
		assert.Equal(t, want, doc, data)
	}
	_, err := Decode([]byte("a = = 1\n"))
	require.Error(t, err)
	assert.Nil(t, field.AsList(err), "go-toml's own error, not a limit")
}

// depthOf is how deep the deepest value of v sits, as MaxDepth counts:
// a table's keys and an array's elements one level below it.
func depthOf(v any) int {
	deepest := 0
	switch v := v.(type) {
	case Tree:
		for _, x := range v {
			deepest = max(deepest, 1+depthOf(x))
		}
	case []any:
		for _, x := range v {
			deepest = max(deepest, 1+depthOf(x))
		}
	default:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
			for i := range rv.Len() {
				deepest = max(deepest, 1+depthOf(rv.Index(i).Interface()))
			}
		}
	}
	return deepest
}

// FuzzDecode: Decode never panics, accepts only what go-toml accepts and
// then decodes the same tree, and what it accepts is within its limits.
func FuzzDecode(f *testing.F) {
	for _, build := range nested {
		f.Add(build(4))
	}
	f.Add("a = [1, [2, {b = 'x'}]]\n[[t]]\nc = 1\n[t.d]\ne = \"]}\"\n")
	f.Add("x.y = { z = [ { w = 1 } ] }\n")
	f.Fuzz(func(t *testing.T, data string) {
		doc, err := Decode([]byte(data))
		var want Tree
		wantErr := toml.Unmarshal([]byte(data), &want)
		if err != nil {
			if wantErr == nil {
				fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrTooLong, ""))
			}
			return
		}
		require.NoError(t, wantErr, "Decode accepted what go-toml refuses")
		assert.Equal(t, want, doc)
		assert.LessOrEqual(t, depthOf(doc), MaxDepth)
	})
}

// BenchmarkDecodeManyKeys decodes MaxKeys keys in one table, the most
// Decode lets go-toml's quadratic duplicate check see; Beyond is refused
// up front, so its time is the pre-scan's.
func BenchmarkDecodeManyKeys(b *testing.B) {
	for _, tc := range []struct {
		name string
		n    int
	}{{"AtLimit", MaxKeys}, {"Beyond", 8 * MaxKeys}} {
		data := manyKeys(tc.n)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				_, _ = Decode(data)
			}
		})
	}
}
