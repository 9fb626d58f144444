package yamlenc_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/randfill"

	"github.com/kubenode/kubenode/internal/yamlenc"
)

// A Document writes what EncodeObject writes for PrunedObject's map, and
// holds the same keys.
func TestPrunedDocumentMatchesPrunedObject(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	for seed, nilChance := range []float64{0.2, 0, 0.7} {
		f := randfill.NewWithSeed(int64(seed+20)).NilChance(nilChance).NumElements(0, 2)
		for i := range 300 {
			s := fillSample(f, r)
			obj, err := yamlenc.PrunedObject(s, "m", "l")
			doc, docErr := yamlenc.PrunedDocument(s, nil, "m", "l")
			if err != nil {
				require.Error(t, docErr, "seed %d, value %d", seed, i)
				continue
			}
			require.NoError(t, docErr)
			want, err := yamlenc.EncodeObject(obj)
			require.NoError(t, err)
			got, err := doc.Encode()
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "seed %d, value %d", seed, i)
			require.Equal(t, len(obj), doc.Len())
			for k := range obj {
				require.True(t, doc.Has(k), k)
			}
			require.False(t, doc.Has("not a key"))
		}
	}
}

// set writes its values at their keys, in key order, whatever the value
// holds; a key of set the type lacks, or one set twice, is refused.
func TestPrunedDocumentSets(t *testing.T) {
	s := &sample{Meta: Meta{Kind: "Other"}, S: "s"}
	doc, err := yamlenc.PrunedDocument(s, []yamlenc.Field{{Name: "kind", Value: "Sample"}, {Name: "b", Value: true}})
	require.NoError(t, err)
	got, err := doc.Encode()
	require.NoError(t, err)
	require.Equal(t, "b: true\nkind: Sample\ns: s\n", string(got))
	require.True(t, doc.Has("kind"))

	for _, set := range [][]yamlenc.Field{
		{{Name: "apiVersion", Value: "v1"}},
		{{Name: "kind", Value: "A"}, {Name: "kind", Value: "B"}},
	} {
		_, err := yamlenc.PrunedDocument(s, set)
		require.Error(t, err, "%v", set)
	}
}

func TestZeroDocumentIsEmpty(t *testing.T) {
	var doc yamlenc.Document
	got, err := doc.Encode()
	require.NoError(t, err)
	require.Equal(t, "{}\n", string(got))
	require.Zero(t, doc.Len())
	require.False(t, doc.Has(""))
}
