package yamlenc

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"
)

// digitKeys has keys the marshaller's comparison orders in a cycle ("a10"
// < "a1b" < "a9" < "a10"): the keys a walk keeps are sorted again.
type digitKeys struct {
	A10 int `json:"a10,omitempty"`
	A1b int `json:"a1b,omitempty"`
	A9  int `json:"a9,omitempty"`
	A2  int `json:"a2,omitempty"`
	B   int `json:"b,omitempty"`
	C1  int `json:"c1,omitempty"`
}

func TestPrunedDocumentSortsKeysOutOfOrder(t *testing.T) {
	require.False(t, infoOf(reflect.TypeFor[digitKeys]()).keysInOrder)
	// The types kubenode writes need no sort.
	require.True(t, infoOf(reflect.TypeFor[v1beta1.KubeletConfiguration]()).keysInOrder)
	for set := range 1 << 6 {
		var v digitKeys
		rv := reflect.ValueOf(&v).Elem()
		for i := range rv.NumField() {
			if set&(1<<i) != 0 {
				rv.Field(i).SetInt(int64(i + 1))
			}
		}
		obj, err := PrunedObject(&v)
		require.NoError(t, err)
		want, err := EncodeObject(obj)
		require.NoError(t, err)
		doc, err := PrunedDocument(&v, nil)
		require.NoError(t, err)
		got, err := doc.Encode()
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "fields %06b", set)
	}
}
