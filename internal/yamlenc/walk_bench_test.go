package yamlenc_test

import (
	"testing"

	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// BenchmarkPrunedObject writes the KubeletConfiguration kubeadm starts
// from, as the kubelet package does: pruned, then encoded.
func BenchmarkPrunedObject(b *testing.B) {
	kc := benchKubeletConfig()
	b.ReportAllocs()
	for b.Loop() {
		obj, err := yamlenc.PrunedObject(kc, "evictionHard")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := yamlenc.EncodeObject(obj); err != nil {
			b.Fatal(err)
		}
	}
}

// benchKubeletConfig is the KubeletConfiguration kubeadm starts from.
func benchKubeletConfig() *v1beta1.KubeletConfiguration {
	var kc v1beta1.KubeletConfiguration
	kc.CgroupDriver, kc.ClusterDomain, kc.StaticPodPath = "systemd", "cluster.local", "/etc/kubernetes/manifests"
	kc.Authentication.X509.ClientCAFile = "/etc/kubernetes/pki/ca.crt"
	kc.RotateCertificates, kc.ContainerRuntimeEndpoint = true, runtime.ContainerdEndpoint
	return &kc
}

// BenchmarkMarshal writes crictl.yaml.
func BenchmarkMarshal(b *testing.B) {
	c := &crictl.Config{RuntimeEndpoint: runtime.ContainerdEndpoint, ImageEndpoint: runtime.ContainerdEndpoint, Timeout: 10}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := yamlenc.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrunedDocument writes the same KubeletConfiguration as the
// kubelet package does: straight into the items the encoder takes, with
// apiVersion and kind set.
func BenchmarkPrunedDocument(b *testing.B) {
	kc := benchKubeletConfig()
	set := []yamlenc.Field{{Name: "apiVersion", Value: "kubelet.config.k8s.io/v1beta1"}, {Name: "kind", Value: "KubeletConfiguration"}}
	b.ReportAllocs()
	for b.Loop() {
		doc, err := yamlenc.PrunedDocument(kc, set, "evictionHard")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := doc.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrunedWalk is BenchmarkPrunedDocument without the encoder: the
// walk alone.
func BenchmarkPrunedWalk(b *testing.B) {
	kc := benchKubeletConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := yamlenc.PrunedDocument(kc, nil, "evictionHard"); err != nil {
			b.Fatal(err)
		}
	}
}
