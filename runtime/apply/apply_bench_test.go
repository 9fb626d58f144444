package apply_test

import (
	"context"
	"testing"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/systemd/manager"
)

// BenchmarkApplyUnchanged re-applies a containerd node's plan to a temp
// root where it is applied already: the lock, every file read and compared,
// the units' states asked, and nothing written.
func BenchmarkApplyUnchanged(b *testing.B) {
	ctx := context.Background()
	plan := nodePlanOf(b, plansample.ContainerdNode())
	opts := apply.Options{Root: b.TempDir(), Manager: manager.NewRecorder()}
	if _, err := apply.Apply(ctx, plan, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := apply.Apply(ctx, plan, opts)
		if err != nil {
			b.Fatal(err)
		}
		if res.Changed() {
			b.Fatal("the plan changed the node")
		}
	}
}

// BenchmarkCrictlRender validates and renders crictl.yaml.
func BenchmarkCrictlRender(b *testing.B) {
	c, err := crictl.New(runtime.ContainerdEndpoint)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Render(); err != nil {
			b.Fatal(err)
		}
	}
}
