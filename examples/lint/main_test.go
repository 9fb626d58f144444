package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/render"
)

func runLint(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSeedNodeHasErrors(t *testing.T) {
	code, out, stderr := runLint(t, "-kubernetes", "1.31", "-containerd", "1.7.22", "-docker", "26.1.4", "-cri-dockerd", "0.3.15", "../../testdata/seednode")
	assert.Equal(t, 1, code, stderr)
	assert.Empty(t, stderr)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines {
		assert.True(t, strings.HasPrefix(l, "error /") || strings.HasPrefix(l, "warning /"), "not a finding line: %q", l)
	}
	// Every finding the library's seed test pins is printed as it is
	// there (the fixture there adds the tarball's containerd.service, so
	// this run has two more warnings about it).
	golden, err := os.ReadFile("../../testdata/lint/seednode.findings")
	require.NoError(t, err)
	for _, l := range strings.Split(strings.TrimSuffix(string(golden), "\n"), "\n") {
		assert.Contains(t, lines, l)
	}
	assert.Len(t, lines, len(strings.Split(strings.TrimSuffix(string(golden), "\n"), "\n"))+2)
}

func TestCleanNodeExitsZero(t *testing.T) {
	n := kubenode.Node{Kubernetes: "1.35", Runtime: kubenode.Containerd, RuntimeVersion: "2.2.1"}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, render.WriteDir(plan, dir))

	code, out, stderr := runLint(t, "-kubernetes", "1.35", "-containerd", "2.2.1", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, out)
	assert.Empty(t, stderr)
}

func TestWarningsAloneExitZero(t *testing.T) {
	n := kubenode.Node{Kubernetes: "1.35", Runtime: kubenode.Containerd, RuntimeVersion: "2.2.1"}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, render.WriteDir(plan, dir))

	// No releases given: each assumption is a warning.
	code, out, stderr := runLint(t, dir)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "warning /etc/containerd/config.toml: version: required value: no containerd release given")
	assert.Contains(t, out, "warning /etc/systemd/system/kubelet.service: required value: no Kubernetes release given")
	assert.NotContains(t, out, "error ")
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"a", "b"},
		{"-nonsense", "."},
		{"-kubernetes", "1.12", "."},
		{"-containerd", "latest", "."},
		{"/does/not/exist"},
	} {
		code, out, stderr := runLint(t, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Empty(t, out, "%v", args)
		assert.NotEmpty(t, stderr, "%v", args)
	}
	_, _, stderr := runLint(t, "-kubernetes", "1.12", "-crio", "0.1", ".")
	assert.Contains(t, stderr, "error: kubernetes: ")
	assert.Contains(t, stderr, "error: crio: ")
}
