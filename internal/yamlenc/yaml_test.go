package yamlenc_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// decodeJSON decodes as Encode's callers do: numbers kept as text.
func decodeJSON(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// sameAsSigsYAML checks that Encode writes what sigs.k8s.io/yaml writes
// for v's JSON text, byte for byte.
//
// JSONToYAML reads the JSON text with a YAML parser first. For one kind of
// text that parse goes wrong: a string holding U+0085 (NEL), which
// encoding/json leaves raw and YAML takes for a line break, so JSONToYAML
// folds it to a space in a value and fails on it in a key. Encode does
// not parse, so it keeps the character (TestEncodeYAMLKeepsNEL); such a
// value is left out of the byte comparison, and any other misread fails
// the test.
func sameAsSigsYAML(t *testing.T, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	got, err := yamlenc.Encode(decodeJSON(t, data))
	require.NoError(t, err)
	if !yamlReadsJSON(t, data) {
		require.Contains(t, string(data), "\u0085", "the YAML parser misread JSON %s for another reason than NEL", data)
		return
	}
	want, err := yaml.JSONToYAML(data)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "JSON %s", data)
}

// yamlReadsJSON reports whether the YAML parser reads a JSON text as the
// value encoding/json reads.
func yamlReadsJSON(t *testing.T, data []byte) bool {
	t.Helper()
	back, err := yaml.YAMLToJSON(data)
	if err != nil {
		return false
	}
	var a, b any
	require.NoError(t, json.Unmarshal(data, &a))
	require.NoError(t, json.Unmarshal(back, &b))
	return assert.ObjectsAreEqual(a, b)
}

func TestEncodeYAMLKeepsNEL(t *testing.T) {
	for _, v := range []any{
		map[string]any{"v": "a\u0085b"},
		map[string]any{"a\u0085b": "v"},
	} {
		got, err := yamlenc.Encode(v)
		require.NoError(t, err)
		var back any
		require.NoError(t, yaml.Unmarshal(got, &back), "%q", got)
		assert.Equal(t, v, back)
	}
}

// The values most likely to be written differently: strings a YAML parser
// would read as something else, keys the marshaller orders by their digits,
// long and multi-line strings, and numbers of every kind.
func TestEncodeYAMLTrickyValues(t *testing.T) {
	strs := []string{
		"", " ", "a b", " lead", "trail ", "yes", "no", "on", "off", "y", "n", "Y", "N", "true", "True", "FALSE",
		"null", "Null", "~", "1", "-1", "0x1F", "0o17", "0b101", "1_000", "1e3", ".5", "+.inf", "-.Inf", ".nan", "1:30",
		"190:20:30", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "<<", "=", "- a", "-", "?", ":", "a: b", "a #b", "#c",
		"@x", "`x", "!tag", "&anchor", "*alias", "|", ">", "%", "'q'", `"dq"`, "{a}", "[a]", "a,b", "tab\there",
		"line\nbreak", "two\n\nbreaks\n", "trailing\n", "\n", "cr\rhere", "nul\x00", "bell\a", "\u2028sep", "\ufeffbom",
		"é", "日本語", "emoji 🙂", "\u0085next", strings.Repeat("word ", 30), strings.Repeat("x", 200),
		strings.Repeat("long line with spaces ", 8) + "\nand a second line", "unix:///run/containerd/containerd.sock",
		"/etc/kubernetes/pki/ca.crt", "10.96.0.10", "2001:db8::1", "memory.available<100Mi", "5%", "100Mi", "0s", "1h2m3s",
	}
	values := map[string]any{}
	for i, s := range strs {
		values[fmt.Sprintf("s%d", i)] = s
		values[s] = i // the same strings as keys
	}
	values["numbers"] = []any{0, -0.0, 1, -1, 110, math.MaxInt32, math.MinInt64, math.MaxInt64, uint64(math.MaxUint64),
		0.5, -0.25, 0.9, 1e-7, 1e20, 1e21, 1.5e300, math.SmallestNonzeroFloat64, math.MaxFloat64, 2.0, float32(0.1)}
	values["keys"] = map[string]any{"a10": 1, "a9": 2, "a1": 3, "A": 4, "b": 5, "_x": 6, "-y": 7, "10": 8, "9": 9, "0": 10, "a-b": 11, "a_b": 12, "a.b": 13, "ab": 14, "a": 15, "é": 16}
	values["nested"] = []any{[]any{}, map[string]any{}, []any{[]any{"a", 1}, map[string]any{"k": []any{true, false, nil}}}, nil}
	values["empty"] = map[string]any{}
	for k, v := range values {
		t.Run(fmt.Sprintf("%.20q", k), func(t *testing.T) { sameAsSigsYAML(t, map[string]any{"v": v}) })
	}
	sameAsSigsYAML(t, values)
}

// Random documents: nested objects and arrays of random keys, strings
// drawn from a YAML-hostile alphabet, numbers and booleans.
func TestEncodeYAMLRandomValues(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for i := range 2000 {
		v := randomJSON(r, 0)
		t.Run(fmt.Sprint(i), func(t *testing.T) { sameAsSigsYAML(t, v) })
	}
}

const hostile = "abzAZ09_-.:#'\"!&*?|>%@`{}[], \t\n\\/éü日🙂~=<+\u0085"

// keyRunes leaves the digits out of random keys: go.yaml.in/yaml/v2 orders
// keys by a comparison that reads runs of digits as numbers and is not
// transitive when digits and letters meet at one position ("10" < "1a" <
// "9" < "10"), so for such keys the order sigs.k8s.io/yaml writes depends
// on Go's random map order (Encode's does not). Keys with digits are
// compared in yaml_keys_test.go, where their order is consistent.
var keyRunes = []rune(strings.Map(func(r rune) rune {
	if r >= '0' && r <= '9' {
		return -1
	}
	return r
}, hostile))

func randomString(r *rand.Rand, runes []rune) string {
	var b strings.Builder
	n := r.IntN(12)
	if r.IntN(20) == 0 {
		n = 60 + r.IntN(100) // past the 80 columns a plain scalar folds at
	}
	for range n {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}

func randomJSON(r *rand.Rand, depth int) any {
	k := r.IntN(9)
	if depth >= 4 && k < 2 {
		k += 2
	}
	switch k {
	case 0:
		m := map[string]any{}
		for range r.IntN(6) {
			m[randomString(r, keyRunes)] = randomJSON(r, depth+1)
		}
		return m
	case 1:
		l := make([]any, r.IntN(5))
		for i := range l {
			l[i] = randomJSON(r, depth+1)
		}
		return l
	case 2:
		return r.IntN(2) == 0
	case 3:
		return r.Int64() - r.Int64()
	case 4:
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(60)-30))
	case 5:
		return nil
	case 6:
		return r.Uint64()
	default:
		return randomString(r, []rune(hostile))
	}
}

// Marshal is sigs.k8s.io/yaml's Marshal, byte for byte.
func TestMarshalYAMLMatchesSigsYAML(t *testing.T) {
	for _, c := range []crictl.Config{
		{},
		{RuntimeEndpoint: runtime.ContainerdEndpoint, ImageEndpoint: runtime.ContainerdEndpoint, Timeout: 10},
		{RuntimeEndpoint: runtime.CRIOEndpoint, Timeout: 2, Debug: true, PullImageOnCreate: true, DisablePullOnRun: true},
	} {
		want, err := yaml.Marshal(&c)
		require.NoError(t, err)
		got, err := yamlenc.Marshal(&c)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}

func TestEncodeYAMLRefusesWhatJSONCannotHold(t *testing.T) {
	_, err := yamlenc.Encode(map[string]any{"v": 1.5})
	assert.Error(t, err, "a float64 is not what encoding/json decodes with UseNumber")
	_, err = yamlenc.Encode(json.Number("1e400"))
	assert.Error(t, err)
}
