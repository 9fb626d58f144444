package kubenode_test

import (
	"context"
	"testing"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
)

// benchNode is the node BenchmarkNodePlan plans: containerd with two
// mirrors and a dual-stack node IP, everything else defaulted.
func benchNode() *kubenode.Node {
	return &kubenode.Node{
		Kubernetes: "1.35",
		Mirrors: []runtime.Mirror{
			{Registry: "docker.io", URL: "https://mirror.example.com"},
			{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example.com"},
		},
		NodeIPs: []string{"192.168.1.31", "2001:db8::31"},
	}
}

// BenchmarkNodePlan validates and renders every file of a containerd node.
func BenchmarkNodePlan(b *testing.B) {
	ctx := context.Background()
	n := benchNode()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Plan(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
