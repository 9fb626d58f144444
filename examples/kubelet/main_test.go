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
	code := run([]string{"-kubernetes", "1.37", "-runtime-endpoint", runtime.ContainerdEndpoint,
		"-cgroup-driver", "systemd", "-node-label", "node.kubernetes.io/node=", "-node-label", "example.com/pool=blue",
		"-node-ip", "192.168.1.31,2408:822a:245:8c01::fab"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	files := runtime.TxtarFiles(stdout.Bytes())
	assert.Contains(t, files["/var/lib/kubelet/config.yaml"], "cgroupDriver: systemd\n")
	assert.Contains(t, files["/var/lib/kubelet/config.yaml"], "containerRuntimeEndpoint: unix:///run/containerd/containerd.sock\n")
	assert.Contains(t, files["/etc/systemd/system/kubelet.service"], "After=containerd.service\n")
	assert.Contains(t, files["/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"], "ExecStart=\n")
	assert.Equal(t, "KUBELET_KUBEADM_ARGS=\"--node-ip=192.168.1.31,2408:822a:245:8c01::fab --node-labels=example.com/pool=blue,node.kubernetes.io/node=\"\n",
		files["/var/lib/kubelet/kubeadm-flags.env"])
	assert.Contains(t, files["plan.yaml"], "kubelet.service")
}

func TestRunFollowsTheTarget(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-kubernetes", "1.26", "-runtime-endpoint", runtime.CRIDockerdEndpoint, "-cgroup-driver", "cgroupfs"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	files := runtime.TxtarFiles(stdout.Bytes())
	assert.Contains(t, files["/var/lib/kubelet/kubeadm-flags.env"], "--container-runtime-endpoint=unix:///run/cri-dockerd.sock")
	assert.NotContains(t, files["/var/lib/kubelet/config.yaml"], "containerRuntimeEndpoint")
	assert.Contains(t, files["/var/lib/kubelet/config.yaml"], "cgroupDriver: cgroupfs\n")
	assert.Contains(t, files["/etc/systemd/system/kubelet.service"], "Wants=cri-docker.service\n")
}

func TestRunWritesUnderOut(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-node-ip", "10.0.0.5", "-out", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, p := range []string{"var/lib/kubelet/config.yaml", "etc/systemd/system/kubelet.service",
		"etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "var/lib/kubelet/kubeadm-flags.env"} {
		_, err := os.Stat(filepath.Join(dir, p))
		assert.NoError(t, err, p)
	}
	env, err := os.ReadFile(filepath.Join(dir, "var/lib/kubelet/kubeadm-flags.env"))
	require.NoError(t, err)
	assert.Contains(t, string(env), "--node-ip=10.0.0.5")
}

// Every problem of the input, by sentinel and path.
func TestPlanRefusesInvalidInput(t *testing.T) {
	base := options{version: "1.37", endpoint: runtime.ContainerdEndpoint, driver: runtime.CgroupSystemd}

	o := base
	o.version, o.nodeIP = "1.23", "10.0.0.1,10.0.0.2"
	_, err := o.plan()
	// Nothing else is judged without a release to judge for.
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrNotSupported, "kubernetes").Value("1.23"))

	o = base
	o.nodeIP, o.endpoint = "10.0.0.1,10.0.0.2", "tcp://10.0.0.1:2375"
	o.labels = cli.Strings{"node-role.kubernetes.io/worker=", "example.com/a=b c"}
	_, err = o.plan()
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "runtimeEndpoint"),
		fieldtest.Match(field.ErrInvalid, "kubelet --node-ip"),
		fieldtest.Match(field.ErrInvalid, "kubelet --node-labels example.com/a").Value("b c"),
		fieldtest.Match(field.ErrForbidden, "kubelet --node-labels node-role.kubernetes.io/worker").Value("node-role.kubernetes.io/worker"))

	o = base
	o.labels = cli.Strings{"novalue", "a=1", "a=2"}
	_, err = o.plan()
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "kubelet -node-label[0]").Value("novalue"),
		fieldtest.Match(field.ErrDuplicate, "kubelet -node-label[2]").Value("a"))
}

// The command line prints each problem on a line of its own, exits 1 and
// writes nothing; a flag it cannot parse is a usage error.
func TestRunRefusesInvalidInput(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-node-label", "novalue", "-node-label", "a=1", "-node-label", "a=2", "-out", dir}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, 2, strings.Count(stderr.String(), "error: "), stderr.String())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written")
	assert.Empty(t, stdout.String())

	assert.Equal(t, 2, run([]string{"-cgroup-driver", "systemd-ish"}, &stdout, io.Discard))
}
