package kubenode

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStronglyConnected(t *testing.T) {
	edges := []orderEdge{{from: "a", to: "b"}, {from: "b", to: "c"}, {from: "c", to: "b"}, {from: "d", to: "a"}}
	assert.Equal(t, [][]string{{"b", "c"}, {"a"}, {"d"}}, stronglyConnected([]string{"a", "b", "c", "d"}, edges))
	in := map[string]bool{"b": true, "c": true}
	assert.Equal(t, []string{"c", "b"}, cyclePath("c", "b", edges, in))
}
