package kubenode_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
)

// A containerd node for Kubernetes 1.35 with a Docker Hub mirror: one
// description, every file the node needs.
func ExampleNode_Plan() {
	node := &kubenode.Node{
		Kubernetes: "1.35",
		Runtime:    kubenode.Containerd,
		Mirrors:    []runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}},
		NodeIPs:    []string{"10.0.0.7"},
	}
	plan, err := node.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range plan.Files {
		fmt.Println(f.Path)
	}
	for _, u := range plan.Units {
		fmt.Println(u.Action, u.Unit)
	}
	// Output:
	// /etc/modules-load.d/kubenode.conf
	// /etc/sysctl.d/99-kubenode.conf
	// /etc/containerd/config.toml
	// /etc/containerd/certs.d/docker.io/hosts.toml
	// /etc/systemd/system/containerd.service
	// /etc/crictl.yaml
	// /var/lib/kubelet/config.yaml
	// /etc/systemd/system/kubelet.service
	// /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
	// /var/lib/kubelet/kubeadm-flags.env
	// restart systemd-modules-load.service
	// restart systemd-sysctl.service
	// enable containerd.service
	// start containerd.service
	// enable kubelet.service
	// start kubelet.service
}

// Validate reports every problem at the field it concerns.
func ExampleNode_Validate() {
	node := &kubenode.Node{Kubernetes: "1.36", CgroupDriver: "systemd-ish", PauseImage: "registry.k8s.io/pause"}
	_, err := node.Validate()
	fmt.Println(err)
	// Output:
	// cgroupDriver: unsupported value: "systemd-ish": supported values: "systemd", "cgroupfs"
	// pauseImage: invalid value: "registry.k8s.io/pause": must name a tag or a digest
}
