package capi_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime/render"
)

// fails runs a checker that must refuse its input and returns its stderr.
func fails(t *testing.T, tool string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(harness.Tool(t, tool), args...)
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "%s %v must refuse its input", tool, args)
	return stderr.String()
}

// The checkers refuse what Cluster API and kubeadm refuse: each doctored
// rendering is one problem.
func TestCheckersRefuse(t *testing.T) {
	r := renderNode(t, nodes(t)["containerd"])
	capi := string(r.capi)
	for name, doctored := range map[string]string{
		"unknown field":  strings.Replace(capi, "criSocket:", "criSockett:", 1),
		"duplicate path": strings.Replace(capi, "path: /etc/crictl.yaml", "path: /etc/containerd/config.toml", 1),
		"duplicate flag": strings.Replace(capi, "name: node-labels", "name: node-ip", 1),
		"missing Secret": strings.Replace(capi, "name: e2e-pool-files\n  namespace", "name: other\n  namespace", 1),
	} {
		require.NotEqual(t, capi, doctored, name)
		fails(t, capiChecker, "check", write(t, "capi.yaml", []byte(doctored)))
	}

	join := string(r.joinCfg)
	for name, doctored := range map[string]string{
		"unknown field": strings.Replace(join, "criSocket:", "criSockett:", 1),
		"bad node name": strings.Replace(join, "nodeRegistration:\n", "nodeRegistration:\n  name: Not_A_Name\n", 1),
	} {
		require.NotEqual(t, join, doctored, name)
		fails(t, kubeadmChecker, "join", write(t, "join.yaml", []byte(doctored)))
	}

	// kubeadm's loader refuses an unknown patch type and ignores an
	// unknown target.
	for _, name := range []string{"kubeletconfiguration+bogus.yaml", "kubelet+merge.yaml"} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("maxPods: 50\n"), 0o644))
		fails(t, kubeadmChecker, "kubelet-config", dir)
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, render.KubeletPatchName), []byte("maxPods: [50]\n"), 0o644))
	assert.NotEmpty(t, fails(t, kubeadmChecker, "kubelet-config", dir))
}
