package kubelet_test

import (
	"context"
	"testing"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
)

func benchConfig(b *testing.B) *kubelet.Config {
	b.Helper()
	c, err := kubelet.New(kubelet.WithRuntimeEndpoint(runtime.ContainerdEndpoint), kubelet.WithClusterDNS("10.96.0.10"))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func benchFlags() *kubelet.Flags {
	return &kubelet.Flags{
		BootstrapKubeconfig: kubelet.DefaultBootstrapKubeconfig,
		Kubeconfig:          kubelet.DefaultKubeconfig,
		Config:              kubelet.DefaultConfigPath,
		NodeIPs:             []string{"192.168.1.31", "2001:db8::31"},
		NodeLabels:          []kubelet.Label{{Key: "topology.kubernetes.io/zone", Value: "a"}},
	}
}

// BenchmarkConfigRender validates and renders the KubeletConfiguration.
func BenchmarkConfigRender(b *testing.B) {
	c := benchConfig(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConfigValidate validates the KubeletConfiguration for 1.35.
func BenchmarkConfigValidate(b *testing.B) {
	c := benchConfig(b)
	v := runtime.MustParseVersion("1.35")
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConfigParse reads the KubeletConfiguration back, strictly.
func BenchmarkConfigParse(b *testing.B) {
	data, err := benchConfig(b).Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kubelet.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlagsRender validates the flags for 1.35 and renders
// kubeadm-flags.env.
func BenchmarkFlagsRender(b *testing.B) {
	f := benchFlags()
	v := runtime.MustParseVersion("1.35")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Validate(v); err != nil {
			b.Fatal(err)
		}
		if _, err := kubelet.KubeadmFlagsEnv(f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlagsParse reads kubeadm-flags.env back.
func BenchmarkFlagsParse(b *testing.B) {
	data, err := kubelet.KubeadmFlagsEnv(benchFlags())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kubelet.ParseKubeadmFlagsEnv(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstaller builds an Installer for 1.35 (which validates and
// renders the config, kubelet.service, its drop-in and
// kubeadm-flags.env) and takes its plan.
func BenchmarkInstaller(b *testing.B) {
	c := benchConfig(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		in, err := kubelet.NewInstaller(kubelet.WithVersion("1.35"), kubelet.WithConfig(c), kubelet.WithNodeIPs([]string{"192.168.1.31", "2001:db8::31"}))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := in.Plan(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
