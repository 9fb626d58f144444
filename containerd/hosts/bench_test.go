package hosts_test

import (
	"testing"

	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/runtime"
)

var benchMirrors = []runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}}

// BenchmarkRender validates and renders the hosts.toml of a mirror.
func BenchmarkRender(b *testing.B) {
	files, err := hosts.FromMirrors(benchMirrors)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := files[0].Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads a mirror's hosts.toml back.
func BenchmarkParse(b *testing.B) {
	files, err := hosts.FromMirrors(benchMirrors)
	if err != nil {
		b.Fatal(err)
	}
	data, err := files[0].Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := hosts.Parse("docker.io", data); err != nil {
			b.Fatal(err)
		}
	}
}
