package yamlenc_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/randfill"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
)

// The walk against encoding/json: a type with every shape encoding/json
// treats in its own way.

type inner struct {
	A string         `json:"a"`
	B *int           `json:"b,omitempty"`
	C []string       `json:"c"`
	D map[string]int `json:"d,omitempty"`
	E bool           `json:"e"`
}

// Embedded is inlined.
type Embedded struct {
	X int    `json:"x"`
	Y string `json:"y,omitempty"`
}

// Meta is inlined through its tag, as Kubernetes' TypeMeta is.
type Meta struct {
	Kind string `json:"kind,omitempty"`
}

// valueMarshaler writes an object, equal to its zero's when N is 0.
type valueMarshaler struct{ N int }

func (v valueMarshaler) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"n":%d,"zero":0,"list":[]}`, v.N), nil
}

// ptrMarshaler's encoder is called only where it is addressable.
type ptrMarshaler struct{ S string }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) { return json.Marshal("p:" + p.S) }

// textMarshaler is written as a string.
type textMarshaler struct{ V int }

func (t textMarshaler) MarshalText() ([]byte, error) { return fmt.Appendf(nil, "t%d", t.V), nil }

// zeroer is zero, for omitzero, when V is 1.
type zeroer struct{ V int }

func (z zeroer) IsZero() bool { return z.V == 1 }

// quoted has a ",string" field: the walk leaves its struct to encoding/json.
type quoted struct {
	N int  `json:"n,string"`
	B bool `json:"b,string,omitempty"`
}

type sample struct {
	Embedded
	Meta `json:",inline"`

	S       string                    `json:"s"`
	SO      string                    `json:"so,omitempty"`
	I       int8                      `json:"i"`
	U       uint64                    `json:"u"`
	F32     float32                   `json:"f32"`
	F64     float64                   `json:"f64,omitempty"`
	B       bool                      `json:"b"`
	P       *int                      `json:"p"`
	PB      *bool                     `json:"pb,omitempty"`
	PS      *inner                    `json:"ps,omitempty"`
	In      inner                     `json:"in"`
	InO     inner                     `json:"ino,omitempty"`
	InZ     inner                     `json:"inz,omitzero"`
	Z       zeroer                    `json:"z,omitzero"`
	L       []inner                   `json:"l"`
	LP      []*inner                  `json:"lp,omitempty"`
	Bytes   []byte                    `json:"bytes"`
	M       map[string]*inner         `json:"m"`
	MS      map[string][]string       `json:"ms,omitempty"`
	MI      map[int]string            `json:"mi"`
	Arr     [2]int                    `json:"arr"`
	Any     any                       `json:"any"`
	VM      valueMarshaler            `json:"vm"`
	PVM     *valueMarshaler           `json:"pvm"`
	PM      ptrMarshaler              `json:"pm"`
	MPM     map[string]ptrMarshaler   `json:"mpm"`
	TM      textMarshaler             `json:"tm"`
	Num     json.Number               `json:"num,omitempty"`
	Raw     json.RawMessage           `json:"raw,omitempty"`
	Q       quoted                    `json:"q"`
	Nested  map[string]map[string]any `json:"nested"`
	NoTag   string
	Skip    string `json:"-"`
	Dash    string `json:"-,"`
	private int
}

// fillSample fills a sample at random, with the values randfill cannot
// make (numbers as text, raw JSON, interfaces).
func fillSample(f *randfill.Filler, r *rand.Rand) *sample {
	var s sample
	f.Funcs(func(a *any, c randfill.Continue) { *a = c.String(4) }).Fill(&s)
	s.Num, s.Raw = "", nil
	if r.IntN(2) == 0 {
		s.Num = json.Number(fmt.Sprint(r.IntN(2000) - 1000))
		s.Raw = json.RawMessage(`{"r": [1, {}], "e": {}}`)
	}
	switch r.IntN(4) {
	case 0:
		s.Any = map[string]any{"k": []any{nil, 1.5, "x"}, "z": map[string]any{}}
	case 1:
		s.Any = &inner{}
	case 2:
		s.Any = ""
	}
	if r.IntN(3) == 0 {
		s.Nested = map[string]map[string]any{"e": {}, "n": {"x": nil}, "v": {"x": 0}}
	}
	return &s
}

// sigsYAMLPruned is the pruning the walk does, spelled on encoding/json's
// text: decoded, pruned against the zero's encoding, written by
// sigs.k8s.io/yaml. ok is false where JSONToYAML misreads the text (a raw
// U+0085, see TestEncodeYAMLKeepsNEL).
func sigsYAMLPruned(t *testing.T, v, zero any) ([]byte, bool) {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	zdata, err := json.Marshal(zero)
	require.NoError(t, err)
	pruned, _ := yamlenc.PruneJSON(decodeJSON(t, data), decodeJSON(t, zdata))
	if pruned == nil {
		pruned = map[string]any{}
	}
	out, err := json.Marshal(pruned)
	require.NoError(t, err)
	if !yamlReadsJSON(t, out) {
		return nil, false
	}
	want, err := yaml.JSONToYAML(out)
	require.NoError(t, err)
	return want, true
}

func TestPrunedObjectMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for seed, nilChance := range []float64{0.2, 0, 0.7} {
		// At most two elements per map: see TestRenderYAMLMatchesRandomConfigs
		// in the kubelet package.
		f := randfill.NewWithSeed(int64(seed)).NilChance(nilChance).NumElements(0, 2)
		for i := range 300 {
			s := fillSample(f, r)
			want, ok := sigsYAMLPruned(t, s, &sample{})
			if !ok {
				continue
			}
			obj, err := yamlenc.PrunedObject(s)
			require.NoError(t, err)
			got, err := yamlenc.EncodeObject(obj)
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "seed %d, value %d", seed, i)
		}
	}
}

// What is left out where, by hand. Z is set where it is zero by its
// IsZero, which is not Go's zero value.
func TestPrunedObjectLeavesOutZeros(t *testing.T) {
	one, f := 1, false
	z := zeroer{V: 1}
	for _, c := range []struct {
		name string
		s    sample
		want string
	}{
		{"zero", sample{Z: z}, "{}\n"},
		{"zero by Go, not by omitzero's IsZero", sample{}, "{}\n"},
		{"zero by omitzero's IsZero, not by Go", sample{Z: zeroer{V: 2}}, "z:\n  V: 2\n"},
		{"set through a pointer", sample{Z: z, P: &one, PB: &f}, "p: 1\npb: false\n"},
		{"zeros behind a pointer kept", sample{Z: z, PS: &inner{C: []string{}}}, "ps:\n  a: \"\"\n  e: false\n"},
		{"zero string in an interface kept", sample{Z: z, Any: ""}, "any: \"\"\n"},
		{"omitzero kept with its zeros", sample{Z: z, InZ: inner{E: true}}, "inz:\n  a: \"\"\n  e: true\n"},
		{"zeros of a field that omitempty keeps", sample{Z: z, InO: inner{A: "x"}}, "ino:\n  a: x\n"},
		{"opaque object against its zero", sample{Z: z, VM: valueMarshaler{N: 2}}, "vm:\n  \"n\": 2\n"},
		{"pointer receiver where addressable", sample{Z: z, PM: ptrMarshaler{S: "s"}}, "pm: p:s\n"},
		{"not in a map", sample{Z: z, MPM: map[string]ptrMarshaler{"k": {S: "s"}}}, "mpm:\n  k:\n    S: s\n"},
		{"map entries empty once pruned", sample{Z: z, M: map[string]*inner{"a": nil}, MS: map[string][]string{"b": {}}}, "{}\n"},
		{"list elements exact", sample{Z: z, L: []inner{{}}}, "l:\n- a: \"\"\n  c: null\n  e: false\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			obj, err := yamlenc.PrunedObject(&c.s)
			require.NoError(t, err)
			got, err := yamlenc.EncodeObject(obj)
			require.NoError(t, err)
			require.Equal(t, c.want, string(got))
			want, ok := sigsYAMLPruned(t, &c.s, &sample{})
			require.True(t, ok)
			require.Equal(t, string(want), string(got))
		})
	}
}

func TestPrunedObjectKeepsEmpty(t *testing.T) {
	s := sample{Z: zeroer{V: 1}, M: map[string]*inner{}, L: []inner{}, MS: map[string][]string{}}
	obj, err := yamlenc.PrunedObject(&s, "m", "l")
	require.NoError(t, err)
	got, err := yamlenc.EncodeObject(obj)
	require.NoError(t, err)
	require.Equal(t, "l: []\nm: {}\n", string(got))
}

func TestPrunedObjectRefuses(t *testing.T) {
	for _, v := range []any{map[string]any{}, "x", nil, &quoted{}, &sample{F32: float32(nan())}} {
		_, err := yamlenc.PrunedObject(v)
		require.Error(t, err, "%#v", v)
	}
}

func nan() float64 {
	var zero float64
	return zero / zero
}

// Marshal writes any value as sigs.k8s.io/yaml's Marshal: samples, by
// pointer and by value (where a pointer-receiver encoder is not called),
// and the random JSON-like values of TestEncodeYAMLRandomValues.
func TestMarshalMatchesSigsYAML(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	f := randfill.NewWithSeed(7).NilChance(0.3).NumElements(0, 2)
	var values []any
	for range 300 {
		s := fillSample(f, r)
		values = append(values, s, *s)
	}
	for range 1000 {
		values = append(values, randomJSON(r, 0))
	}
	for i, v := range values {
		data, err := json.Marshal(v)
		require.NoError(t, err)
		if !yamlReadsJSON(t, data) {
			continue
		}
		want, err := yaml.Marshal(v)
		require.NoError(t, err)
		got, err := yamlenc.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "value %d: %s", i, data)
	}
	_, err := yamlenc.Marshal(map[string]any{"f": nan()})
	require.Error(t, err)
}

// Walks share the per-type cache, the key cache and the walkers' pool:
// concurrent ones write what one alone writes (run with -race).
func TestWalksRunConcurrently(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	f := randfill.NewWithSeed(9).NilChance(0.3).NumElements(0, 2)
	samples := make([]*sample, 40)
	want := make([]string, len(samples))
	for i := range samples {
		samples[i] = fillSample(f, r)
		out, err := yamlenc.Marshal(samples[i])
		require.NoError(t, err)
		want[i] = string(out)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range samples {
				s := samples[(i+g*7)%len(samples)]
				out, err := yamlenc.Marshal(s)
				assert.NoError(t, err)
				assert.Equal(t, want[(i+g*7)%len(samples)], string(out))
				obj, err := yamlenc.PrunedObject(s)
				assert.NoError(t, err)
				_, err = yamlenc.EncodeObject(obj)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}

// Map keys that differ only in bytes that are not UTF-8 become one key,
// with the value a decoder of encoding/json's text keeps.
func TestMarshalInvalidUTF8Keys(t *testing.T) {
	m := map[string]int{"a\xff": 1, "a\xfe": 2, "b": 3}
	for range 20 {
		want, err := yaml.Marshal(m)
		require.NoError(t, err)
		got, err := yamlenc.Marshal(m)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
}
