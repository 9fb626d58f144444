package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
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

// Every problem of both installers, by sentinel and path.
func TestPlanRefusesInvalidInput(t *testing.T) {
	o := options{docker: "22.0", criDockerd: "0.4.0", driver: runtime.CgroupSystemd, sandbox: "pause",
		mirrors: cli.Mirrors{{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example"}}}
	_, err := o.plan()
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "docker-version").Value("22.0"),
		fieldtest.Match(field.ErrNotSupported, "mirrors[0].registry").Value("registry.k8s.io"),
		fieldtest.Match(field.ErrInvalid, "cri-dockerd --pod-infra-container-image").Value("pause"))
}

// The command line prints each problem on a line of its own, exits 1 and
// writes nothing; a flag it cannot parse is a usage error.
func TestInvalidInputWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-docker", "22.0", "-sandbox-image", "pause", "-mirror", "registry.k8s.io=https://k8s.mirror.example", "-out", dir}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, 3, strings.Count(stderr.String(), "error: "), stderr.String())
	_, err := os.Stat(dir)
	assert.True(t, os.IsNotExist(err), "nothing may be written")
	assert.Empty(t, stdout.String())

	assert.Equal(t, 2, run([]string{"-cgroup-driver", "foo"}, &stdout, io.Discard))
	assert.Equal(t, 2, run([]string{"extra"}, &stdout, io.Discard))
}
