package consumer_test

import (
	"context"
	"flag"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/examples/consumer"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/render"
)

// update is this package's own flag: go test ./examples/consumer/ -update
// rewrites the golden files below.
var update = flag.Bool("update", false, "rewrite golden files")

// The whole plan of each kind of worker, pinned byte for byte.
func TestWorkerPlans(t *testing.T) {
	for _, tt := range []struct {
		golden string
		spec   consumer.WorkerSpec
	}{
		{"testdata/worker-containerd.txtar", consumer.WorkerSpec{
			Pool: "general", Kubernetes: "1.35", Runtime: "containerd", RuntimeVersion: "2.2",
			IPv4: "10.0.0.21", HubMirror: "https://hub.mirror.example.com",
		}},
		{"testdata/worker-crio-dualstack-gpu.txtar", consumer.WorkerSpec{
			Pool: "gpu", Kubernetes: "1.34", Runtime: "crio", RuntimeVersion: "1.34",
			IPv4: "10.0.0.22", IPv6: "fd00::22", GPU: true,
		}},
		{"testdata/worker-docker.txtar", consumer.WorkerSpec{
			Pool: "legacy", Kubernetes: "1.33", Runtime: "docker", RuntimeVersion: "28.5",
			IPv4: "10.0.0.23", HubMirror: "https://hub.mirror.example.com",
		}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			plan, err := tt.spec.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, tt.golden, plan, *update)
		})
	}
}

// What the installer ships to a cloud: the same plan as a cloud-config,
// pinned too, so a change of kubenode's cloud-init rendering shows up here.
func TestWorkerCloudConfig(t *testing.T) {
	spec := consumer.WorkerSpec{Pool: "general", Kubernetes: "1.35", RuntimeVersion: "2.2", IPv4: "10.0.0.21"}
	plan, err := spec.Plan(context.Background())
	require.NoError(t, err)
	out, err := render.Render(plan, render.FormatCloudInit)
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/worker.cloud-config", out, *update)
}

// A bad spec fails with every problem, each matched by its sentinel and
// the exact kubenode path, never by message text.
func TestWorkerSpecProblems(t *testing.T) {
	spec := consumer.WorkerSpec{
		Kubernetes: "1.35", RuntimeVersion: "2.2",
		IPv4: "10.0.0.300", HubMirror: "ftp://hub.mirror.example.com",
	}
	_, err := spec.Plan(context.Background())
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrRequired, "pool"),
		fieldtest.Match(field.ErrInvalid, "mirrors[0].url"),
		fieldtest.Match(field.ErrInvalid, "nodeIPs[0]"))
}
