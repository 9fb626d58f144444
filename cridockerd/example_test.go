package cridockerd_test

import (
	"fmt"

	"github.com/kubenode/kubenode/cridockerd"
)

func ExampleNew() {
	flags, err := cridockerd.New(
		cridockerd.WithVersion("0.4.0"),
		cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10"),
	)
	if err != nil {
		panic(err)
	}
	unit, err := cridockerd.Service("", *flags)
	if err != nil {
		panic(err)
	}
	fmt.Println(unit.Service.ExecStart[0])
	// Output:
	// /usr/bin/cri-dockerd --container-runtime-endpoint=fd:// --network-plugin=cni --pod-infra-container-image=registry.k8s.io/pause:3.10
}
