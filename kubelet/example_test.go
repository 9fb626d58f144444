package kubelet_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
)

// New starts from kubeadm's KubeletConfiguration; Render writes only what
// is set, keys sorted.
func ExampleNew() {
	maxPods := int32(200)
	cfg, err := kubelet.New(
		kubelet.WithCgroupDriver(runtime.CgroupSystemd),
		kubelet.WithRuntimeEndpoint(runtime.CRIOEndpoint),
		kubelet.WithClusterDNS("10.96.0.10"),
		kubelet.WithEdit(func(c *kubelet.Config) {
			c.MaxPods = maxPods
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := cfg.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// apiVersion: kubelet.config.k8s.io/v1beta1
	// authentication:
	//   x509:
	//     clientCAFile: /etc/kubernetes/pki/ca.crt
	// cgroupDriver: systemd
	// clusterDNS:
	// - 10.96.0.10
	// clusterDomain: cluster.local
	// containerRuntimeEndpoint: unix:///var/run/crio/crio.sock
	// kind: KubeletConfiguration
	// maxPods: 200
	// rotateCertificates: true
	// staticPodPath: /etc/kubernetes/manifests
}

// The single-unit style is the hand-written guides' kubelet.service: every
// flag in ExecStart=, no drop-in and no env file.
func ExampleNewInstaller() {
	in, err := kubelet.NewInstaller(
		kubelet.WithVersion("1.35"),
		kubelet.WithUnitStyle(kubelet.StyleSingle),
		kubelet.WithBinary("/usr/local/bin/kubelet"),
		kubelet.WithRuntime("crio.service", runtime.CRIOEndpoint),
		kubelet.WithNodeIPs([]string{"10.0.0.5"}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := in.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	unit := plan.File("/etc/systemd/system/kubelet.service")
	fmt.Print(string(unit.Content))
	for _, u := range plan.Units {
		fmt.Println(u.Action, u.Unit)
	}
	// Output:
	// [Unit]
	// Description=kubelet: The Kubernetes Node Agent
	// Documentation=https://kubernetes.io/docs/
	// Wants=network-online.target
	// Wants=crio.service
	// After=network-online.target
	// After=crio.service
	// StartLimitIntervalSec=0
	//
	// [Service]
	// ExecStart=/usr/local/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --node-ip=10.0.0.5
	// Restart=always
	// RestartSec=10
	//
	// [Install]
	// WantedBy=multi-user.target
	// enable kubelet.service
	// start kubelet.service
}
