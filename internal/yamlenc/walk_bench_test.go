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
	var kc v1beta1.KubeletConfiguration
	kc.CgroupDriver, kc.ClusterDomain, kc.StaticPodPath = "systemd", "cluster.local", "/etc/kubernetes/manifests"
	kc.Authentication.X509.ClientCAFile = "/etc/kubernetes/pki/ca.crt"
	kc.RotateCertificates, kc.ContainerRuntimeEndpoint = true, runtime.ContainerdEndpoint
	b.ReportAllocs()
	for b.Loop() {
		obj, err := yamlenc.PrunedObject(&kc, "evictionHard")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := yamlenc.EncodeObject(obj); err != nil {
			b.Fatal(err)
		}
	}
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
