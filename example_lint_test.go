package kubenode_test

import (
	"fmt"
	"testing/fstest"

	"github.com/kubenode/kubenode"
)

// Lint a node whose kubelet and containerd disagree on the cgroup driver.
// On a real node, kubenode.LintDir("/", targets) reads the machine itself.
func ExampleLint() {
	node := fstest.MapFS{
		"etc/containerd/config.toml": {Data: []byte(`version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    SystemdCgroup = true
`)},
		"etc/systemd/system/kubelet.service": {Data: []byte(`[Unit]
Description=kubelet
After=containerd.service

[Service]
ExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml \
  --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock
Restart=always
`)},
		"var/lib/kubelet/config.yaml": {Data: []byte(`apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
`)},
	}
	findings, err := kubenode.Lint(node, kubenode.Targets{Kubernetes: "1.30", Containerd: "1.7.22"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	// Output:
	// warning /etc/systemd/system/kubelet.service: kubelet --container-runtime-endpoint: deprecated: "unix:///var/run/containerd/containerd.sock": deprecated in the 1.30 kubelet; use containerRuntimeEndpoint in the config file
	// error /var/lib/kubelet/config.yaml: cgroupDriver: conflict: "cgroupfs": containerd uses systemd (/etc/containerd/config.toml: plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options.SystemdCgroup) and the 1.30 kubelet does not ask the runtime (KubeletCgroupDriverFromCRI is on from 1.31): the kubelet and the runtime would manage pod cgroups two ways
}
