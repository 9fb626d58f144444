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

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func runNode(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// planOf is the plan of a command line, or its problems.
func planOf(t *testing.T, args ...string) (options, *runtime.Plan, error) {
	t.Helper()
	o, err := parse(args, io.Discard)
	require.NoError(t, err)
	plan, _, _, err := o.plan()
	return o, plan, err
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
	code, _, stderr := runNode(t, "-out", dir)
	require.Equal(t, 0, code, stderr)
	_, err := os.Stat(filepath.Join(dir, "etc/containerd/config.toml"))
	require.NoError(t, err)
	before, err := os.Stat(filepath.Join(dir, "var/lib/kubelet/config.yaml"))
	require.NoError(t, err)
	// The units are enabled in the image root, as systemctl --root would.
	for _, unit := range []string{"containerd.service", "kubelet.service"} {
		target, err := os.Readlink(filepath.Join(dir, "etc/systemd/system/multi-user.target.wants", unit))
		require.NoError(t, err, "%s is enabled", unit)
		assert.Equal(t, "/etc/systemd/system/"+unit, target)
	}

	o, plan, err := planOf(t, "-out", dir)
	require.NoError(t, err)
	res, err := o.applyUnder(plan, nil)
	require.NoError(t, err)
	assert.False(t, res.Changed(), "a second run changes nothing")
	after, err := os.Stat(filepath.Join(dir, "var/lib/kubelet/config.yaml"))
	require.NoError(t, err)
	assert.Equal(t, before.ModTime(), after.ModTime(), "an unchanged file must not be rewritten")
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runNode(t, "-out", dir, "-dry-run", "-runtime", "crio")
	require.Equal(t, 0, code, stderr)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries)

	o, plan, err := planOf(t, "-out", dir, "-dry-run", "-runtime", "crio")
	require.NoError(t, err)
	res, err := o.applyUnder(plan, nil)
	require.NoError(t, err)
	assert.True(t, res.DryRun)
	require.NotEmpty(t, res.Files)
	for _, f := range res.Files {
		assert.Equal(t, apply.ChangeCreated, f.Change, "a dry run says what it would create: %s", f.Path)
	}
	entries, _ = os.ReadDir(dir)
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

// invalidInput is a command line with six problems.
var invalidInput = []string{
	"-runtime", "docker", "-kubernetes", "1.31",
	"-cgroup-driver", "systemd-ish",
	"-sandbox-image", "not an image",
	"-mirror", "ghcr.io=https://mirror.example.com",
	"-mirror", "no-equals-sign",
	"-node-ip", "10.0.0.300",
	"-containerd", "2.2",
}

func TestInvalidInputHasEveryProblem(t *testing.T) {
	_, _, err := planOf(t, invalidInput...)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "cgroupDriver").Value("systemd-ish"),
		fieldtest.Match(field.ErrInvalid, "pauseImage").Value("not an image"),
		fieldtest.Match(field.ErrNotSupported, "mirrors[0].registry").Value("ghcr.io"),
		fieldtest.Match(field.ErrInvalid, "node -mirror").Value("no-equals-sign"),
		fieldtest.Match(field.ErrInvalid, "nodeIPs[0]").Value("10.0.0.300"),
		fieldtest.Match(field.ErrForbidden, "node -containerd").Value("2.2"))
}

// The command line prints each problem on a line of its own, exits 1 and
// writes nothing.
func TestInvalidInputPrintsEveryErrorAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runNode(t, append([]string{"-out", dir}, invalidInput...)...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, 6, strings.Count(stderr, "error: "), stderr)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing may be written on bad input")
}

func TestBadFormatIsAnError(t *testing.T) {
	_, _, err := planOf(t, "-format", "zip")
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "node -format").Value("zip"))
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
	_, _, err := planOf(t, "-binaries", "-runtime", "docker", "-kubernetes", "1.35.2", "-docker", "28.5.2", "-cri-dockerd", "0.4.0")
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrRequired, `downloads.sha256."docker-28.5.2.tgz"`),
		fieldtest.Match(field.ErrRequired, `downloads.sha256."cri-dockerd-0.4.0.amd64.tgz"`))

	_, _, err = planOf(t, "-release-mirror", "https://releases.example.com")
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrForbidden, "node -release-mirror").Value("https://releases.example.com"))
}

// The host's preparation is in every plan unless -no-host-prep leaves it
// out.
func TestHostPrepFiles(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{{nil, true}, {[]string{"-no-host-prep"}, false}} {
		_, plan, err := planOf(t, tc.args...)
		require.NoError(t, err)
		for _, p := range []string{"/etc/modules-load.d/kubenode.conf", "/etc/sysctl.d/99-kubenode.conf"} {
			assert.Equal(t, tc.want, plan.File(p) != nil, "%v: %s", tc.args, p)
		}
	}
}
