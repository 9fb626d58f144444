package kubenode_test

import (
	"context"
	"testing"

	"github.com/kubenode/kubenode/internal/plansample"
)

// BenchmarkNodePlan validates and renders every file of a containerd node
// (plansample.ContainerdNode).
func BenchmarkNodePlan(b *testing.B) {
	ctx := context.Background()
	n := plansample.ContainerdNode()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Plan(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
