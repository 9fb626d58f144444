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

func TestPrintsPlan(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-docker", "28.5", "-cri-dockerd", "0.4.0", "-cgroup-driver", "systemd",
		"-sandbox-image", "registry.k8s.io/pause:3.10", "-mirror", "docker.io=https://mirror.example"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	files := runtime.TxtarFiles(stdout.Bytes())
	for _, p := range []string{"/etc/docker/daemon.json", "/etc/systemd/system/docker.service", "/etc/systemd/system/docker.socket",
		"/etc/systemd/system/cri-docker.service", "/etc/systemd/system/cri-docker.socket", "/etc/crictl.yaml"} {
		assert.Contains(t, files, p)
	}
	assert.Contains(t, string(files["/etc/docker/daemon.json"]), "https://mirror.example")
	assert.Contains(t, string(files["/etc/systemd/system/cri-docker.service"]), "--pod-infra-container-image=registry.k8s.io/pause:3.10")
}

func TestWritesUnderOut(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-cgroup-driver", "cgroupfs", "-out", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	b, err := os.ReadFile(filepath.Join(dir, "etc", "docker", "daemon.json"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "native.cgroupdriver=cgroupfs")
	_, err = os.Stat(filepath.Join(dir, "etc", "crictl.yaml"))
	assert.NoError(t, err)
}

func TestInvalidInputWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-docker", "22.0", "-sandbox-image", "pause", "-mirror", "registry.k8s.io=https://k8s.mirror.example", "-out", dir}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	assert.Len(t, lines, 3, stderr.String())
	for _, want := range []string{"docker-version", "mirrors[0].registry", "--pod-infra-container-image"} {
		assert.Contains(t, stderr.String(), want)
	}
	_, err := os.Stat(dir)
	assert.True(t, os.IsNotExist(err), "nothing may be written")
	assert.Empty(t, stdout.String())
}

func TestBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.NotEqual(t, 0, run([]string{"-cgroup-driver", "foo"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "cgroup-driver")
	assert.NotEqual(t, 0, run([]string{"extra"}, &stdout, &stderr))
}
