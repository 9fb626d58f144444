package kubenode_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// The kubelet's config is built and validated once, by the kubelet
// installer; the node's own checks of it run on the config the caller's
// edit left. Each problem is reported once, at the node's field where the
// node has one, and the config's own problems are not hidden by them.
func TestNodeKubeletConfigProblemsOnce(t *testing.T) {
	tests := []struct {
		name string
		edit func(*v1beta1.KubeletConfiguration)
		want []fieldtest.Matcher
	}{
		{"endpoint override", func(c *v1beta1.KubeletConfiguration) { c.ContainerRuntimeEndpoint = "unix:///run/crio/crio.sock" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "kubeletConfig.containerRuntimeEndpoint")}},
		{"driver override", func(c *v1beta1.KubeletConfiguration) { c.CgroupDriver = "cgroupfs" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "kubeletConfig.cgroupDriver")}},
		{"override and a bad value", func(c *v1beta1.KubeletConfiguration) {
			c.CgroupDriver = "cgroupfs"
			c.ClusterDNS = []string{"10.96.0.300"}
		}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrConflict, "kubeletConfig.cgroupDriver"),
			fieldtest.Match(field.ErrInvalid, "clusterDNS[0]"),
		}},
		{"bad value only", func(c *v1beta1.KubeletConfiguration) { c.ClusterDNS = []string{"10.96.0.300"} },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "clusterDNS[0]")}},
		{"key the release lacks", func(c *v1beta1.KubeletConfiguration) {
			c.DefaultPodSysctls = map[string]string{"net.ipv4.ip_forward": "1"}
		},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "defaultPodSysctls")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := fullNode(kubenode.Containerd, runtime.CgroupSystemd)
			n.KubeletConfig = tt.edit
			_, err := n.Validate()
			fieldtest.RequireExactly(t, err, tt.want...)
			_, err = n.Plan(context.Background())
			fieldtest.RequireExactly(t, err, tt.want...)
		})
	}
}

// The same endpoint the runtime serves, spelled differently, is no
// override; the file gets the node's endpoint once.
func TestNodeKubeletConfigSameEndpoint(t *testing.T) {
	n := fullNode(kubenode.Containerd, runtime.CgroupSystemd)
	n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) {
		c.ContainerRuntimeEndpoint = "unix:/run/containerd/containerd.sock"
	}
	_, err := n.Plan(context.Background())
	require.NoError(t, err)
}

// A kubelet before 1.27 ignores containerRuntimeEndpoint in its file: the
// node refuses the key there, as the kubelet's Validate does.
func TestNodeKubeletConfigEndpointBefore127(t *testing.T) {
	n := fullNode(kubenode.Containerd, runtime.CgroupSystemd)
	n.Kubernetes, n.RuntimeVersion = "1.26", "1.7.30"
	n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) {
		c.ContainerRuntimeEndpoint = "unix:///run/containerd/containerd.sock"
	}
	_, err := n.Plan(context.Background())
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrNotSupported, "containerRuntimeEndpoint"))
	n.KubeletConfig = nil
	_, err = n.Plan(context.Background())
	require.NoError(t, err)
}
