package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
)

func runNode(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestNoFlagsPrintsAContainerdNode(t *testing.T) {
	code, out, stderr := runNode(t)
	require.Equal(t, 0, code, stderr)
	files := runtime.TxtarFiles([]byte(out))
	assert.Contains(t, files, "/etc/containerd/config.toml")
	assert.Contains(t, files, "/var/lib/kubelet/config.yaml")
	assert.Contains(t, files["/etc/containerd/config.toml"], "registry.k8s.io/pause:3.10.2")
}

func TestEachRuntime(t *testing.T) {
	for _, tt := range []struct {
		args []string
		file string
	}{
		{[]string{"-runtime", "docker", "-kubernetes", "1.33", "-docker", "28.5", "-cri-dockerd", "0.4.0"}, "/etc/docker/daemon.json"},
		{[]string{"-runtime", "crio", "-kubernetes", "1.34", "-crio", "1.34", "-cgroup-driver", "cgroupfs"}, "/etc/crio/crio.conf.d/20-kubenode.conf"},
		{[]string{"-runtime", "containerd", "-kubernetes", "1.31", "-containerd", "1.7.20", "-mirror", "docker.io=https://mirror.example.com", "-node-ip", "10.0.0.1,fd00::1", "-node-label", "zone=a"}, "/etc/containerd/certs.d/docker.io/hosts.toml"},
	} {
		code, out, stderr := runNode(t, tt.args...)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, runtime.TxtarFiles([]byte(out)), tt.file)
	}
}

func TestOutAppliesAndASecondRunChangesNothing(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runNode(t, "-out", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "/etc/containerd/config.toml")
	_, err := os.Stat(filepath.Join(dir, "etc/containerd/config.toml"))
	require.NoError(t, err)
	before, err := os.Stat(filepath.Join(dir, "var/lib/kubelet/config.yaml"))
	require.NoError(t, err)

	code, out, stderr = runNode(t, "-out", dir)
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, out, "created")
	assert.NotContains(t, out, "updated")
	after, err := os.Stat(filepath.Join(dir, "var/lib/kubelet/config.yaml"))
	require.NoError(t, err)
	assert.Equal(t, before.ModTime(), after.ModTime(), "an unchanged file must not be rewritten")
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runNode(t, "-out", dir, "-dry-run", "-runtime", "crio")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "would")
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries)
}

func TestFormats(t *testing.T) {
	code, out, stderr := runNode(t, "-format", "shell")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(out, "#!/bin/sh\n"))

	code, out, stderr = runNode(t, "-format", "cloud-init")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(out, "#cloud-config\n"))

	dir := t.TempDir()
	code, _, stderr = runNode(t, "-format", "ignition", "-out", dir)
	require.Equal(t, 0, code, stderr)
	_, err := os.Stat(filepath.Join(dir, "node.ign"))
	assert.NoError(t, err)
}

func TestInvalidInputPrintsEveryErrorAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runNode(t, "-out", dir,
		"-runtime", "docker", "-kubernetes", "1.31",
		"-cgroup-driver", "systemd-ish",
		"-sandbox-image", "not an image",
		"-mirror", "ghcr.io=https://mirror.example.com",
		"-mirror", "no-equals-sign",
		"-node-ip", "10.0.0.300",
		"-containerd", "2.2")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	for _, want := range []string{"cgroupDriver", "pauseImage", "mirrors[0].registry", "-mirror", "nodeIPs[0]", "-containerd"} {
		assert.Contains(t, stderr, want)
	}
	assert.Equal(t, 6, strings.Count(stderr, "error: "), stderr)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing may be written on bad input")
}

func TestBadFormatIsAnError(t *testing.T) {
	code, _, stderr := runNode(t, "-format", "zip")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "-format")
}

func TestBinariesAddReleaseArtifacts(t *testing.T) {
	code, out, stderr := runNode(t, "-binaries", "-kubernetes", "1.35.2", "-containerd", "2.2.9", "-release-mirror", "https://releases.example.com")
	require.Equal(t, 0, code, stderr)
	summary := runtime.TxtarFiles([]byte(out))[runtime.SummaryName]
	for _, want := range []string{"https://releases.example.com/containerd/containerd/releases/download/v2.2.9/", "path: /usr/bin/kubelet", "path: /usr/local/sbin/runc"} {
		assert.Contains(t, summary, want)
	}
}

func TestBinariesNeedFullVersionsAndPins(t *testing.T) {
	code, _, stderr := runNode(t, "-binaries", "-runtime", "docker", "-kubernetes", "1.35.2", "-docker", "28.5.2", "-cri-dockerd", "0.4.0")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `downloads.sha256."docker-28.5.2.tgz"`)
	assert.Contains(t, stderr, `downloads.sha256."cri-dockerd-0.4.0.amd64.tgz"`)

	code, _, stderr = runNode(t, "-release-mirror", "https://releases.example.com")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "-release-mirror")
}
