package docker_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
)

// An Installer turns a validated daemon.json into Docker's part of a node:
// the file, docker.service and docker.socket, the docker group and the
// systemd actions, checked against the dockerd release it targets. It
// builds daemon.json with New from the options that set its keys (or takes
// one from WithConfig). A change of daemon.json restarts docker.service;
// Apply reloads systemd and restarts a unit whose own file changed.
func ExampleNewInstaller() {
	in, err := docker.NewInstaller(docker.WithVersion("28.5"), docker.WithCgroupDriver(runtime.CgroupSystemd))
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := in.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range plan.Files {
		fmt.Printf("%s %04o restarts %v\n", f.Path, f.Mode.Perm(), f.RestartUnits)
	}
	fmt.Println("groups:", plan.Groups)
	for _, u := range plan.Units {
		fmt.Println(u.Action, u.Unit)
	}
	// Output:
	// /etc/docker/daemon.json 0644 restarts [docker.service]
	// /etc/systemd/system/docker.service 0644 restarts []
	// /etc/systemd/system/docker.socket 0644 restarts []
	// groups: [docker]
	// enable containerd.service
	// start containerd.service
	// enable docker.socket
	// start docker.socket
	// enable docker.service
	// start docker.service
}
