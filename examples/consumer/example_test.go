package consumer_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/examples/consumer"
)

func ExampleWorkerSpec_Plan() {
	spec := consumer.WorkerSpec{Pool: "general", Kubernetes: "1.34", Runtime: "crio", RuntimeVersion: "1.34", IPv4: "10.0.0.21"}
	plan, err := spec.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(plan.File("/var/lib/kubelet/kubeadm-flags.env").Content))
	// Output:
	// KUBELET_KUBEADM_ARGS="--node-ip=10.0.0.21 --node-labels=example.com/pool=general"
}
