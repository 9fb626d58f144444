package tomltree

import (
	"math"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// matchAt matches one problem with the sentinel at each path.
func matchAt(sentinel error, paths []string) []fieldtest.Matcher {
	ms := make([]fieldtest.Matcher, len(paths))
	for i, p := range paths {
		ms[i] = fieldtest.Match(sentinel, p)
	}
	return ms
}

// checkTests are the values CheckValue judges, each under the key "k" of
// the table at "t", and the paths of the problems it reports.
var checkTests = []struct {
	name    string
	v       any
	invalid []string
}{
	{"string", "x", nil},
	{"bool", true, nil},
	{"int", -1, nil},
	{"int8", int8(-8), nil},
	{"int32", int32(32), nil},
	{"int64", int64(math.MinInt64), nil},
	{"uint8", uint8(8), nil},
	{"uint32", uint32(math.MaxUint32), nil},
	{"uint", uint(7), nil},
	{"uint64 at MaxInt64", uint64(math.MaxInt64), nil},
	{"uint64 above MaxInt64", uint64(math.MaxInt64) + 1, []string{"t.k"}},
	{"uint above MaxInt64", uint(math.MaxUint), []string{"t.k"}},
	{"float64", 1.5, nil},
	{"float32", float32(0.5), nil},
	{"date-time", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), nil},
	{"local date", toml.LocalDate{Year: 2024, Month: 1, Day: 2}, nil},
	{"local time", toml.LocalTime{Hour: 3}, nil},
	{"local date-time", toml.LocalDateTime{LocalDate: toml.LocalDate{Year: 2024, Month: 1, Day: 2}}, nil},
	{"table", Tree{"a": "x", "b": Tree{"c": int64(1)}}, nil},
	{"array", []any{"a", int64(1), []any{true}}, nil},
	{"empty array", []any{}, nil},
	{"strings", []string{"a", "b"}, nil},
	{"ints", []int{1, 2}, nil},
	{"int64s", []int64{1}, nil},
	{"uint64s", []uint64{1, math.MaxInt64}, nil},
	{"uint64s too large", []uint64{1, math.MaxUint64}, []string{"t.k[1]"}},
	{"float64s", []float64{1.5}, nil},
	{"bools", []bool{true}, nil},
	{"array of tables", []any{Tree{"a": "x"}, Tree{"b": int64(2)}}, nil},
	{"typed array of tables", []Tree{{"a": "x"}}, nil},
	{"nil", nil, []string{"t.k"}},
	{"struct", struct{}{}, []string{"t.k"}},
	{"pointer", new(string), []string{"t.k"}},
	{"map that is no Tree", map[string]string{"a": "b"}, []string{"t.k"}},
	{"duration", time.Second, []string{"t.k"}},
	{"channel", make(chan int), []string{"t.k"}},
	{"nil in an array", []any{"a", nil}, []string{"t.k[1]"}},
	{"bad value in a table", Tree{"ok": "x", "bad": struct{}{}}, []string{"t.k.bad"}},
	{"bad value in an array of tables", []any{Tree{"a": "x"}, Tree{"bad": nil}}, []string{"t.k[1].bad"}},
	{"bad value in a typed array of tables", []Tree{{"bad": uint64(math.MaxUint64)}}, []string{"t.k[0].bad"}},
	{"bad value in a nested array", []any{[]any{"a", struct{}{}}}, []string{"t.k[0][1]"}},
}

func TestCheckValue(t *testing.T) {
	for _, tt := range checkTests {
		t.Run(tt.name, func(t *testing.T) {
			fieldtest.RequireExactly(t, CheckValue(tt.v, field.NewTOMLPath("t", "k")).Err(), matchAt(field.ErrInvalid, tt.invalid)...)
		})
	}
}

// TestCheckValueMatchesGoTOML grounds the checker in the encoder both
// components render with: what CheckValue accepts, go-toml/v2 writes and
// reads back; an unsigned integer above MaxInt64 it refuses to write.
func TestCheckValueMatchesGoTOML(t *testing.T) {
	for _, tt := range checkTests {
		if tt.invalid != nil {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			out, err := toml.Marshal(Tree{"k": tt.v})
			require.NoError(t, err)
			var back Tree
			require.NoError(t, toml.Unmarshal(out, &back), "%s", out)
			assert.Contains(t, back, "k")
		})
	}
	_, err := toml.Marshal(Tree{"k": uint64(math.MaxInt64) + 1})
	assert.Error(t, err, "go-toml/v2 writes no integer above MaxInt64")
	var back Tree
	assert.Error(t, toml.Unmarshal([]byte("k = 9223372036854775808\n"), &back), "nor reads one")
}

func TestCheckValues(t *testing.T) {
	doc := Tree{
		"z":   nil,
		"a":   Tree{"ok": int64(1), "bad": uint64(math.MaxUint64)},
		"arr": []any{struct{}{}},
	}
	for _, tt := range []struct {
		at    *field.Path
		paths []string
	}{
		{nil, []string{"a.bad", "arr[0]", "z"}},
		{field.NewTOMLPath("registry").Index(2), []string{"registry[2].a.bad", "registry[2].arr[0]", "registry[2].z"}},
	} {
		errs := CheckValues(doc, tt.at)
		fieldtest.RequireExactly(t, errs.Err(), matchAt(field.ErrInvalid, tt.paths)...)
		for i, p := range tt.paths {
			assert.Equal(t, p, errs[i].Path.String(), "keys in sorted order")
		}
	}
	assert.Equal(t, field.TOML, CheckValues(doc, nil)[0].Path.Syntax(), "a nil root gives TOML paths")
	assert.Empty(t, CheckValues(nil, nil))
}
