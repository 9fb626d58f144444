package yamlenc_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
)

// FuzzWalk: whatever a sample decodes from, Marshal writes it as
// sigs.k8s.io/yaml does, and PrunedObject as sigs.k8s.io/yaml writes its
// encoding pruned (see sigsYAMLPruned), wherever sigs.k8s.io/yaml has one
// answer (see keyOrderIsConsistent).
func FuzzWalk(f *testing.F) {
	f.Add([]byte(`{"s":"x","p":0,"pb":false,"in":{"c":[]},"m":{"a":null,"b":{"e":true}},"z":{"V":1}}`))
	f.Add([]byte(`{"x":1,"kind":"K","ps":{},"l":[{}],"lp":[null],"bytes":"AAE=","ms":{"k":[]},"mi":{"1":"a"}}`))
	f.Add([]byte(`{"any":{"k":[1.5,null,"y"]},"vm":{"N":2},"pvm":{"N":0},"pm":{"S":"s"},"mpm":{"k":{"S":"t"}}}`))
	f.Add([]byte(`{"tm":{"V":3},"num":12,"raw":{"r":[]},"q":{"n":"7"},"nested":{"e":{},"n":{"x":null}},"NoTag":"\u0000é"}`))
	f.Add([]byte(`{"f32":0.1,"f64":-0,"u":18446744073709551615,"i":-128,"inz":{"a":"a"},"ino":{},"arr":[0,1]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s sample
		if json.Unmarshal(data, &s) != nil {
			return
		}
		text, err := json.Marshal(&s)
		if err != nil {
			_, err := yamlenc.Marshal(&s)
			require.Error(t, err, "encoding/json refuses %q", data)
			return
		}
		if !yamlReadsJSON(t, text) || !keyOrderIsConsistent(t, decodeJSON(t, text)) {
			return
		}
		want, err := yaml.Marshal(&s)
		require.NoError(t, err)
		got, err := yamlenc.Marshal(&s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))

		want, ok := sigsYAMLPruned(t, &s, &sample{})
		if !ok {
			return
		}
		obj, err := yamlenc.PrunedObject(&s)
		require.NoError(t, err)
		got, err = yamlenc.EncodeObject(obj)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	})
}

// keyOrderIsConsistent reports whether sigs.k8s.io/yaml orders the keys
// of every object in v one way only (see consistentOrder); the pruned
// objects hold subsets of those keys. An object of more than 16 keys is
// not checked (the check takes the cube of their number): false.
func keyOrderIsConsistent(t *testing.T, v any) bool {
	switch v := v.(type) {
	case map[string]any:
		if len(v) > 16 || !consistentOrder(t, v) {
			return false
		}
		for _, e := range v {
			if !keyOrderIsConsistent(t, e) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !keyOrderIsConsistent(t, e) {
				return false
			}
		}
	}
	return true
}
