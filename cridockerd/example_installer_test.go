package cridockerd_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// cri-dockerd is half of a Docker node: its Installer composes with
// Docker's, and the kubelet and crictl talk to its socket.
func ExampleNewInstaller() {
	criDockerd, err := cridockerd.NewInstaller(cridockerd.WithVersion("0.4.0"),
		cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10.1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	dockerd, err := docker.NewInstaller()
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := runtime.Compose(context.Background(), dockerd, criDockerd)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("CRI endpoint:", criDockerd.Endpoint())
	for _, f := range plan.Files {
		fmt.Println(f.Path)
	}
	fmt.Print(string(plan.File(crictl.Path).Content))
	// Output:
	// CRI endpoint: unix:///run/cri-dockerd.sock
	// /etc/docker/daemon.json
	// /etc/systemd/system/docker.service
	// /etc/systemd/system/docker.socket
	// /etc/systemd/system/cri-docker.service
	// /etc/systemd/system/cri-docker.socket
	// /etc/crictl.yaml
	// image-endpoint: unix:///run/cri-dockerd.sock
	// runtime-endpoint: unix:///run/cri-dockerd.sock
	// timeout: 10
}
