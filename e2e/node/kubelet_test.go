package node_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// checkKubelet loads and validates the node's KubeletConfiguration with
// the kubelet's own code and gives the kubelet's own flag set the node's
// effective kubelet command line.
func (n *nodeUnderTest) checkKubelet(t *testing.T) {
	loaded := realcheck.LoadKubeletConfig(t, n.file(t, kubelet.DefaultConfigPath), nil)
	driver, _ := loaded["cgroupDriver"].(string)
	endpoint, _ := loaded["containerRuntimeEndpoint"].(string)
	n.seen.kubeletDriver = reading{driver, "kubelet-checker " + realcheck.KubeletCheckerVersion + " (the kubelet's config loader)"}
	n.seen.kubeletEndpoint = reading{endpoint, "kubelet-checker " + realcheck.KubeletCheckerVersion + " (the kubelet's config loader)"}
	assert.Equal(t, []any{map[string]any{"key": "dedicated", "value": "infra", "effect": "NoSchedule"}}, loaded["registerWithTaints"])

	args := realcheck.KubeletArgs(t, n.plan)
	res := realcheck.KubeletFlags(t, args)
	require.Equal(t, 0, res.Code, "the kubelet refused %v:\n%s%s", args, res.Stdout, res.Stderr)
	assert.Contains(t, res.Stdout, "Kubernetes v"+realcheck.KubeletCheckerVersion)
	assert.NotContains(t, res.Stderr, "deprecated")
	assert.Contains(t, args, "--config="+kubelet.DefaultConfigPath, "the kubelet reads the config checked above")
	assert.Contains(t, args, "--node-ip="+strings.Join(nodeIPs, ","))
	assert.Contains(t, args, "--node-labels=node.kubernetes.io/pool=e2e,topology.kubernetes.io/zone=a")
	// The flags hold none the node's own kubelet release lacks.
	flags, err := kubelet.ParseFlags(args)
	require.NoError(t, err)
	warnings, err := flags.Validate(runtime.MustParseVersion(n.node.Kubernetes))
	assert.NoError(t, err)
	assert.Empty(t, warnings)

	u := n.unit(t, kubelet.UnitName)
	n.seen.kubeletWants, n.seen.kubeletAfter = u.Unit.Wants, u.Unit.After
}

// checkCrictl reads the node's crictl.yaml: its endpoints are one socket.
func (n *nodeUnderTest) checkCrictl(t *testing.T) {
	cc, err := crictl.Parse(n.file(t, crictl.Path))
	require.NoError(t, err)
	require.NoError(t, cc.Validate())
	assert.True(t, runtime.SameSocket(cc.RuntimeEndpoint, cc.ImageEndpoint), "crictl's image-endpoint is its runtime-endpoint")
	n.seen.crictlEndpoint = reading{cc.RuntimeEndpoint, crictl.Path + " (parsed)"}
}
