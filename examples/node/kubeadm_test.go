package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/render"
)

func TestFormatCAPI(t *testing.T) {
	code, out, stderr := runNode(t, "-format", "capi", "-name", "gpu-workers", "-namespace", "fleet", "-node-ip", "10.0.0.5")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "kind: KubeadmConfigTemplate\nmetadata:\n  name: gpu-workers\n  namespace: fleet\n")
	assert.Contains(t, out, "criSocket: "+runtime.ContainerdEndpoint)
	assert.Contains(t, out, "- name: node-ip\n            value: 10.0.0.5\n")
	assert.NotContains(t, out, "path: /var/lib/kubelet/config.yaml", "kubeadm writes it")

	code, out, stderr = runNode(t, "-format", "capi", "-capi-version", "v1beta1")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\n")
	// runtime/render's tests match the problem (kubeadm.capiVersion).
	code, out, _ = runNode(t, "-format", "capi", "-capi-version", "v1alpha4")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)

	dir := t.TempDir()
	code, _, stderr = runNode(t, "-format", "capi-control-plane", "-out", dir)
	require.Equal(t, 0, code, stderr)
	b, err := os.ReadFile(filepath.Join(dir, "kubeadm-control-plane.yaml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "apiVersion: "+render.CAPIControlPlaneAPIVersion+"\nkind: KubeadmControlPlane\n"))
}

// -format kubeadm is the plan of a node kubeadm joins: printed as txtar,
// or applied under -out.
func TestFormatKubeadm(t *testing.T) {
	code, out, stderr := runNode(t, "-format", "kubeadm")
	require.Equal(t, 0, code, stderr)
	files := runtime.TxtarFiles([]byte(out))
	assert.Contains(t, files, render.DefaultJoinConfigPath)
	assert.NotContains(t, files, "/var/lib/kubelet/config.yaml")

	dir := t.TempDir()
	code, _, stderr = runNode(t, "-format", "kubeadm", "-out", dir)
	require.Equal(t, 0, code, stderr)
	join, err := os.ReadFile(filepath.Join(dir, render.DefaultJoinConfigPath))
	require.NoError(t, err)
	assert.Contains(t, string(join), "kind: JoinConfiguration\n")
	_, err = os.Stat(filepath.Join(dir, "var/lib/kubelet/config.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestNameGoesWithCAPI(t *testing.T) {
	_, _, err := planOf(t, "-format", "shell", "-name", "x")
	fieldtest.RequireProblem(t, err, field.ErrForbidden, "node -name")
}
