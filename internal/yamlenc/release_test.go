package yamlenc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

type releaseSample struct {
	Name  string                `json:"name,omitempty"`
	Inner struct{ A, B string } `json:"inner"`
	Token string                `json:"token,omitempty"`
}

// TestReleaseKeepsNoValue: a released document gives back a slab that
// holds nothing of the file (a value may be a credential), the Document
// is empty after, and documents walked after it are written as before.
func TestReleaseKeepsNoValue(t *testing.T) {
	v := releaseSample{Name: "kube", Token: "secret-token"}
	v.Inner.A = "a"
	// Pruned: B is empty, as in a zero releaseSample.
	want := "inner:\n  A: a\nname: kube\ntoken: secret-token\n"
	for range 3 {
		doc, err := PrunedDocument(&v, nil)
		require.NoError(t, err)
		s := doc.slab
		require.NotNil(t, s, "the walk took its slab from the pool")
		b, err := doc.Encode()
		require.NoError(t, err)
		require.Equal(t, want, string(b))
		doc.Release()
		require.Equal(t, Document{}, doc)
		require.Equal(t, slab{}, *s, "the released slab still holds the file")

		b, err = Marshal(&v)
		require.NoError(t, err)
		require.Equal(t, "inner:\n  A: a\n  B: \"\"\nname: kube\ntoken: secret-token\n", string(b))
	}
}
