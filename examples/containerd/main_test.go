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

func TestRunPrintsThePlan(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-containerd", "2.2", "-cgroup-driver", "systemd",
		"-sandbox-image", "registry.k8s.io/pause:3.10.1",
		"-mirror", "docker.io=https://mirror.example", "-mirror", "_default=https://all.example"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	files := runtime.TxtarFiles(stdout.Bytes())
	assert.Contains(t, files["/etc/containerd/config.toml"], "SystemdCgroup = true")
	assert.Contains(t, files["/etc/containerd/config.toml"], "sandbox = 'registry.k8s.io/pause:3.10.1'")
	assert.Contains(t, files["/etc/containerd/certs.d/docker.io/hosts.toml"], "[host.'https://mirror.example']")
	assert.Contains(t, files["/etc/containerd/certs.d/_default/hosts.toml"], "[host.'https://all.example']")
	assert.Contains(t, files["/etc/systemd/system/containerd.service"], "ExecStart=/usr/local/bin/containerd")
	assert.Contains(t, files["/etc/crictl.yaml"], "unix:///run/containerd/containerd.sock")
	assert.Contains(t, files["plan.yaml"], "containerd.service")
}

func TestRunRendersEachRelease(t *testing.T) {
	for version, want := range map[string]string{"1.6": "version = 2", "2.0": "version = 3", "2.4": "version = 4"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-containerd", version, "-cgroup-driver", "cgroupfs"}, &stdout, &stderr)
		require.Equal(t, 0, code, stderr.String())
		config := runtime.TxtarFiles(stdout.Bytes())["/etc/containerd/config.toml"]
		assert.True(t, strings.HasPrefix(config, want+"\n"), "%s:\n%s", version, config)
		assert.NotContains(t, config, "SystemdCgroup")
	}
}

func TestRunWritesUnderOut(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-containerd", "1.7", "-mirror", "docker.io=https://mirror.example", "-out", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, p := range []string{"etc/containerd/config.toml", "etc/containerd/certs.d/docker.io/hosts.toml",
		"etc/systemd/system/containerd.service", "etc/crictl.yaml"} {
		_, err := os.Stat(filepath.Join(dir, p))
		assert.NoError(t, err, p)
	}
	config, err := os.ReadFile(filepath.Join(dir, "etc/containerd/config.toml"))
	require.NoError(t, err)
	assert.Contains(t, string(config), "sandbox_image = 'registry.k8s.io/pause:3.10.1'")
}

// Every problem of the input, by sentinel and path.
func TestPlanRefusesInvalidInput(t *testing.T) {
	_, _, err := planOf(cli.Settings{Version: "1.5", CgroupDriver: runtime.CgroupSystemd, SandboxImage: "registry.k8s.io/pause"})
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "target").Value("1.5"),
		fieldtest.Match(field.ErrInvalid, "containerd sandbox-image").Value("registry.k8s.io/pause"))
}

// The command line prints each problem on a line of its own, exits 1 and
// writes nothing; a flag it cannot parse is a usage error.
func TestRunRefusesInvalidInput(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-containerd", "1.5", "-sandbox-image", "registry.k8s.io/pause", "-out", dir}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, 2, strings.Count(stderr.String(), "error: "), stderr.String())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written")
	assert.Empty(t, stdout.String())

	for _, args := range [][]string{{"-cgroup-driver", "systemd-ish"}, {"-mirror", "docker.io"}} {
		assert.Equal(t, 2, run(args, &stdout, io.Discard), "%v", args)
	}
}
