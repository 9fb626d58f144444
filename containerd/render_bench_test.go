package containerd_test

import (
	"context"
	"testing"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
)

// benchMirrors are the mirrors of the benchmarks: two registries.
var benchMirrors = []runtime.Mirror{
	{Registry: "docker.io", URL: "https://mirror.example.com"},
	{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example.com"},
}

func benchConfig(b *testing.B) (*containerd.Config, runtime.Version) {
	b.Helper()
	cfg, err := containerd.New(containerd.WithVersion("2.2"))
	if err != nil {
		b.Fatal(err)
	}
	return cfg, runtime.MustParseVersion("2.2")
}

// BenchmarkRender validates and renders a node's config.toml.
func BenchmarkRender(b *testing.B) {
	cfg, target := benchConfig(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Render(target); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads a node's config.toml back.
func BenchmarkParse(b *testing.B) {
	cfg, target := benchConfig(b)
	data, err := cfg.Render(target)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := containerd.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstaller builds an Installer (which validates and renders
// config.toml, two hosts.toml, containerd.service and crictl.yaml) and
// takes its plan.
func BenchmarkInstaller(b *testing.B) {
	cfg, _ := benchConfig(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		in, err := containerd.NewInstaller(containerd.WithConfig(cfg), containerd.WithVersion("2.2"), containerd.WithMirrors(benchMirrors))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := in.Plan(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
