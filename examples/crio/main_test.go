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

// Every problem of the input, by sentinel and path.
func TestPlanRefusesInvalidInput(t *testing.T) {
	o := cli.Settings{Version: "1.23", CgroupDriver: runtime.CgroupSystemd, SandboxImage: "registry.k8s.io/pause",
		Mirrors: cli.Mirrors{{Registry: "_default", URL: "https://all.example"}}}
	_, _, err := planOf(o)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "target").Value("1.23"),
		fieldtest.Match(field.ErrInvalid, "crio.image.pause_image").Value("registry.k8s.io/pause"),
		fieldtest.Match(field.ErrNotSupported, "mirrors[0].registry").Value("_default"))
}

// The command line prints each problem on a line of its own, exits 1 and
// writes nothing; a flag it cannot parse is a usage error.
func TestRunRefusesInvalidInput(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-crio", "1.23", "-sandbox-image", "registry.k8s.io/pause",
		"-mirror", "_default=https://all.example", "-out", dir}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, 3, strings.Count(stderr.String(), "error: "), stderr.String())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written")
	assert.Empty(t, stdout.String())

	for _, args := range [][]string{{"-cgroup-driver", "systemd-ish"}, {"-mirror", "docker.io"}} {
		assert.Equal(t, 2, run(args, &stdout, io.Discard), "%v", args)
	}
}
