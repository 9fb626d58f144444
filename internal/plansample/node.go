package plansample

import (
	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
)

// ContainerdNode is the whole node the benchmarks and the whole-node tests
// plan: containerd with two mirrors and a dual-stack node IP, everything
// else defaulted.
func ContainerdNode() *kubenode.Node {
	return &kubenode.Node{
		Kubernetes: "1.35",
		Mirrors: []runtime.Mirror{
			{Registry: "docker.io", URL: "https://mirror.example.com"},
			{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example.com"},
		},
		NodeIPs: []string{"192.168.1.31", "2001:db8::31"},
	}
}
