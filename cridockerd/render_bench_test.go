package cridockerd_test

import (
	"testing"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/systemd"
)

func benchFlags(b *testing.B) *cridockerd.Flags {
	b.Helper()
	f, err := cridockerd.New(cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10.1"))
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkRender validates the flags and renders cri-docker.service with
// them.
func BenchmarkRender(b *testing.B) {
	f := benchFlags(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Validate(cridockerd.DefaultVersion); err != nil {
			b.Fatal(err)
		}
		u, err := cridockerd.Service(cridockerd.DefaultBinary, *f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := u.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads the flags back from the rendered unit.
func BenchmarkParse(b *testing.B) {
	u, err := cridockerd.Service(cridockerd.DefaultBinary, *benchFlags(b))
	if err != nil {
		b.Fatal(err)
	}
	data, err := u.Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		parsed, err := systemd.ParseUnitFile(cridockerd.ServiceName, data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := cridockerd.ServiceFlags(parsed); err != nil {
			b.Fatal(err)
		}
	}
}
