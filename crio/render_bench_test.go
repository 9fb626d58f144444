package crio_test

import (
	"testing"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
)

func benchConfig(b *testing.B) *crio.Config {
	b.Helper()
	cfg, err := crio.New(crio.WithVersion("1.34"), crio.WithSandboxImage("registry.k8s.io/pause:3.10.1"))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

func benchRegistries(b *testing.B) *crio.RegistriesConfig {
	b.Helper()
	rc, err := crio.RegistriesFromMirrors([]runtime.Mirror{
		{Registry: "docker.io", URL: "https://mirror.example.com"},
		{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example.com"},
	})
	if err != nil {
		b.Fatal(err)
	}
	return rc
}

// BenchmarkRender renders the CRI-O drop-in.
func BenchmarkRender(b *testing.B) {
	cfg := benchConfig(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads the drop-in back.
func BenchmarkParse(b *testing.B) {
	data, err := benchConfig(b).Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := crio.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistriesRender renders the registries.conf drop-in of two
// mirrors.
func BenchmarkRegistriesRender(b *testing.B) {
	rc := benchRegistries(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rc.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistriesParse reads the registries.conf drop-in back.
func BenchmarkRegistriesParse(b *testing.B) {
	data, err := benchRegistries(b).Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := crio.ParseRegistries(data); err != nil {
			b.Fatal(err)
		}
	}
}
