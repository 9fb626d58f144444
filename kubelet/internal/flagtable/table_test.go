package flagtable

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
)

// Lookup derives a config flag's deprecation: on creation for one added
// after 1.24, from 1.27 for the endpoint flags, never for the few the
// kubelet keeps, and 1.23 for the rest.
func TestLookupDeprecation(t *testing.T) {
	for name, want := range map[string]runtime.Version{
		"log-text-split-stream":      v1(30),
		"fail-cgroupv1":              {},
		"container-runtime-endpoint": v1(27),
		"max-pods":                   v1(23),
		"config-dir":                 {},
	} {
		s, ok := Lookup(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, s.Deprecated, name)
	}
	_, ok := Lookup("no-such-flag")
	assert.False(t, ok)
	assert.True(t, slices.IsSorted(Names()))
	assert.Equal(t, len(Names()), len(slices.Compact(Names())), "a flag in both tables is listed once")
}
