package node_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
)

// reading is one value a program reported about the node, and which
// program (or, where no program reports it, which parsed file) said so.
type reading struct {
	value, source string
}

// reported is what the checks read about the values that cross components.
type reported struct {
	runtimeDriver, kubeletDriver    reading
	pauseImage                      reading
	runtimeSocket                   reading
	kubeletEndpoint, crictlEndpoint reading
	kubeletWants, kubeletAfter      []string
	runtimeUnit                     string
}

// checkAgreement checks that the node's components, as the real programs
// read them, agree: one cgroup driver in the runtime and the kubelet, the
// node's pause image in the runtime, and one CRI socket served by the
// runtime and used by the kubelet and crictl.
func (n *nodeUnderTest) checkAgreement(t *testing.T) {
	s := n.seen
	for name, r := range map[string]reading{
		"runtime cgroup driver": s.runtimeDriver, "kubelet cgroup driver": s.kubeletDriver,
		"pause image": s.pauseImage, "runtime socket": s.runtimeSocket,
		"kubelet endpoint": s.kubeletEndpoint, "crictl endpoint": s.crictlEndpoint,
	} {
		assert.NotEmpty(t, r.source, "no check read the %s", name)
		t.Logf("%s: %s, by %s", name, r.value, r.source)
	}
	driver := string(n.node.CgroupDriver)
	assert.Equal(t, driver, s.runtimeDriver.value, "the runtime's cgroup driver, by %s", s.runtimeDriver.source)
	assert.Equal(t, driver, s.kubeletDriver.value, "the kubelet's cgroup driver, by %s", s.kubeletDriver.source)
	assert.Equal(t, n.pause, s.pauseImage.value, "the runtime's pause image, by %s", s.pauseImage.source)
	assert.True(t, runtime.SameSocket(s.kubeletEndpoint.value, s.runtimeSocket.value),
		"the kubelet's endpoint %s (by %s) is the runtime's socket %s (by %s)",
		s.kubeletEndpoint.value, s.kubeletEndpoint.source, s.runtimeSocket.value, s.runtimeSocket.source)
	assert.True(t, runtime.SameSocket(s.crictlEndpoint.value, s.runtimeSocket.value),
		"crictl's endpoint %s (by %s) is the runtime's socket %s (by %s)",
		s.crictlEndpoint.value, s.crictlEndpoint.source, s.runtimeSocket.value, s.runtimeSocket.source)
	assert.Contains(t, s.kubeletWants, s.runtimeUnit, "kubelet.service Wants= the runtime's unit")
	assert.Contains(t, s.kubeletAfter, s.runtimeUnit, "kubelet.service is ordered After= the runtime's unit")
}
