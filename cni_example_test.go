package kubenode_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode"
)

// A single-node test cluster's node with the bridge pod network of
// containerd's cri-containerd-cni bundle.
func ExampleBridgeCNI() {
	n := &kubenode.Node{
		Kubernetes: "1.37",
		CNI:        &kubenode.BridgeCNI{Subnets: []string{"10.88.0.0/16"}},
	}
	plan, err := n.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	f := plan.File(kubenode.BridgeCNIFile)
	fmt.Println(f.Path, f.Mode, len(f.RestartUnits))
	// Output: /etc/cni/net.d/10-containerd-net.conflist -rw-r--r-- 0
}
