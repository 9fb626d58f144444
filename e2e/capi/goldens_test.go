package capi_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every Cluster API and kubeadm golden of the repository passes the
// checkers: the renderer's own and the consumer example's three-pool
// fleets (whose Secrets show their keys redacted, in stringData).
func TestGoldensPassClusterAPIAndKubeadm(t *testing.T) {
	capi, err := filepath.Glob("../../runtime/render/testdata/render.capi*.yaml")
	require.NoError(t, err)
	fleets, err := filepath.Glob("../../examples/consumer/testdata/fleet-capi-*.yaml")
	require.NoError(t, err)
	require.Len(t, capi, 3, "v1beta2, its control plane, v1beta1")
	require.Len(t, fleets, 3, "a fleet per runtime")
	for _, f := range append(capi, fleets...) {
		run(t, capiChecker, "check", f)
	}
	run(t, kubeadmChecker, "join", "../../runtime/render/testdata/render.kubeadm.yaml")
}
