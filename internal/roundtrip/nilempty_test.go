package roundtrip_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/internal/roundtrip"
)

type inner struct {
	L []string
	M map[string][]int
}

type outer struct {
	In    *inner
	List  []inner
	Map   map[string]inner
	Raw   json.RawMessage
	Any   any
	Empty []string
}

func TestNilEmpty(t *testing.T) {
	v := &outer{
		In:    &inner{L: []string{}, M: map[string][]int{"a": {}}},
		List:  []inner{{L: []string{}}},
		Map:   map[string]inner{"k": {M: map[string][]int{}}},
		Raw:   json.RawMessage{},
		Any:   &inner{L: []string{}},
		Empty: []string{},
	}
	want := &outer{
		In:   &inner{M: map[string][]int{"a": nil}},
		List: []inner{{}},
		Map:  map[string]inner{"k": {}},
		Raw:  nil,
		Any:  &inner{},
	}
	assert.Equal(t, want, roundtrip.NilEmpty(v))
	assert.Equal(t, &outer{Raw: json.RawMessage("{}")}, roundtrip.NilEmpty(&outer{Raw: json.RawMessage("{}")}))
}
