package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
)

const dropIn = "/etc/crio/crio.conf.d/20-kubenode.conf"

func TestRunPrintsThePlan(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crio", "1.34", "-cgroup-driver", "cgroupfs",
		"-sandbox-image", "registry.k8s.io/pause:3.10.1",
		"-mirror", "docker.io=https://mirror.example", "-mirror", "docker.io=http://10.0.0.1:5000"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Empty(t, stderr.String(), "no warnings")
	files := runtime.TxtarFiles(stdout.Bytes())
	assert.Contains(t, files[dropIn], "cgroup_manager = 'cgroupfs'\nconmon_cgroup = 'pod'\n")
	assert.Contains(t, files[dropIn], "pause_image = 'registry.k8s.io/pause:3.10.1'")
	registries := files["/etc/containers/registries.conf.d/20-kubenode.conf"]
	assert.Contains(t, registries, "location = 'mirror.example'")
	assert.Contains(t, registries, "insecure = true\nlocation = '10.0.0.1:5000'")
	assert.Contains(t, files["/etc/crictl.yaml"], "unix:///var/run/crio/crio.sock")
	assert.Contains(t, files["plan.yaml"], "crio.service")
}

func TestRunUsesTheReleasePauseImage(t *testing.T) {
	for version, want := range map[string]string{"1.24": "pause:3.6", "1.30": "pause:3.9", "1.33": "pause:3.10'", "1.34.1": "pause:3.10.1"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-crio", version}, &stdout, &stderr)
		require.Equal(t, 0, code, stderr.String())
		config := runtime.TxtarFiles(stdout.Bytes())[dropIn]
		assert.Contains(t, config, want, version)
		assert.Contains(t, config, "cgroup_manager = 'systemd'", version)
		assert.NotContains(t, runtime.TxtarFiles(stdout.Bytes()), "/etc/containers/registries.conf.d/20-kubenode.conf", "no mirrors")
	}
}

func TestRunWritesUnderOut(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-mirror", "registry.k8s.io=https://k8s.mirror.example", "-out", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, p := range []string{"etc/crio/crio.conf.d/20-kubenode.conf", "etc/containers/registries.conf.d/20-kubenode.conf", "etc/crictl.yaml"} {
		_, err := os.Stat(filepath.Join(dir, p))
		assert.NoError(t, err, p)
	}
	assert.Contains(t, stdout.String(), "wrote 3 files under "+dir)
}

func TestRunRefusesInvalidInput(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crio", "1.23", "-sandbox-image", "registry.k8s.io/pause",
		"-mirror", "_default=https://all.example", "-out", dir}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr.String(), "error: target: unsupported value: \"1.23\"")
	assert.Contains(t, stderr.String(), "error: crio.image.pause_image: invalid value: \"registry.k8s.io/pause\"")
	assert.Contains(t, stderr.String(), "error: mirrors[0].registry: unsupported value: \"_default\"")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written")
	assert.Empty(t, stdout.String())

	stderr.Reset()
	code = run([]string{"-cgroup-driver", "systemd-ish"}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr.String(), "cgroup-driver")

	stderr.Reset()
	code = run([]string{"-mirror", "docker.io"}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr.String(), "REGISTRY=URL")
}
