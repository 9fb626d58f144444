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

func TestRunRefusesInvalidInput(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-kubernetes", "1.23", "-node-ip", "10.0.0.1,10.0.0.2", "-out", dir}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr.String(), `error: kubernetes: unsupported value: "1.23"`)
	assert.Empty(t, stdout.String())

	stderr.Reset()
	code = run([]string{"-node-ip", "10.0.0.1,10.0.0.2", "-node-label", "node-role.kubernetes.io/worker=",
		"-node-label", "example.com/a=b c", "-runtime-endpoint", "tcp://10.0.0.1:2375", "-out", dir}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	for _, want := range []string{
		"error: runtimeEndpoint: invalid value",
		"error: kubelet --node-ip: invalid value",
		`error: kubelet --node-labels example.com/a: invalid value: "b c"`,
		`error: kubelet --node-labels node-role.kubernetes.io/worker: forbidden: "node-role.kubernetes.io/worker"`,
	} {
		assert.Contains(t, stderr.String(), want)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written")
	assert.Empty(t, stdout.String())

	stderr.Reset()
	code = run([]string{"-node-label", "novalue", "-node-label", "a=1", "-node-label", "a=2"}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr.String(), `error: kubelet -node-label[0]: invalid value: "novalue"`)
	assert.Contains(t, stderr.String(), `error: kubelet -node-label[2]: duplicate value: "a"`)

	stderr.Reset()
	code = run([]string{"-cgroup-driver", "systemd-ish"}, &stdout, &stderr)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr.String(), "cgroup-driver")
}
