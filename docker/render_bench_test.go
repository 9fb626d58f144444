package docker_test

import (
	"testing"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
)

func benchDaemon(b *testing.B) *docker.DaemonConfig {
	b.Helper()
	cfg, err := docker.New(docker.WithMirrors([]runtime.Mirror{{Registry: docker.DockerHub, URL: "https://mirror.example.com"}}))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// BenchmarkRender renders daemon.json.
func BenchmarkRender(b *testing.B) {
	cfg := benchDaemon(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate validates daemon.json for the default release.
func BenchmarkValidate(b *testing.B) {
	cfg := benchDaemon(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Validate(docker.DefaultVersion, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads daemon.json back.
func BenchmarkParse(b *testing.B) {
	data, err := benchDaemon(b).Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docker.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
