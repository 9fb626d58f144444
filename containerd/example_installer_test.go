package containerd_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
)

// New starts from what the target release needs and validates before it
// returns: containerd 1.7 reads config version 2, with the CRI plugin's
// keys under io.containerd.grpc.v1.cri; registry hosts come from
// certs.d, where mirrors are written (see NewInstaller).
func ExampleNew() {
	cfg, err := containerd.New(
		containerd.WithVersion("1.7"),
		containerd.WithCgroupDriver(runtime.CgroupCgroupfs),
		containerd.WithSandboxImage("registry.k8s.io/pause:3.10"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := cfg.Render(runtime.MustParseVersion("1.7"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// version = 2
	//
	// [plugins]
	//   [plugins.'io.containerd.grpc.v1.cri']
	//     sandbox_image = 'registry.k8s.io/pause:3.10'
	//
	//     [plugins.'io.containerd.grpc.v1.cri'.containerd]
	//       [plugins.'io.containerd.grpc.v1.cri'.containerd.runtimes]
	//         [plugins.'io.containerd.grpc.v1.cri'.containerd.runtimes.runc]
	//           runtime_type = 'io.containerd.runc.v2'
	//
	//     [plugins.'io.containerd.grpc.v1.cri'.registry]
	//       config_path = '/etc/containerd/certs.d'
}

// The Installer plans config.toml, a hosts.toml per mirrored registry,
// containerd.service and crictl.yaml; a changed config.toml restarts
// containerd, a changed hosts.toml restarts nothing (containerd reads it at
// each pull).
func ExampleNewInstaller() {
	in, err := containerd.NewInstaller(
		containerd.WithVersion("2.1"),
		containerd.WithBinary("/usr/bin/containerd"),
		containerd.WithMirrors([]runtime.Mirror{
			{Registry: "registry.k8s.io", URL: "https://k8s.mirror.example"},
			{Registry: runtime.DefaultRegistry, URL: "http://10.0.0.1:5000"},
		}))
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
		fmt.Println(f.Path, f.RestartUnits)
	}
	for _, u := range plan.Units {
		fmt.Println(u.Action, u.Unit)
	}
	// Output:
	// /etc/containerd/config.toml [containerd.service]
	// /etc/containerd/certs.d/registry.k8s.io/hosts.toml []
	// /etc/containerd/certs.d/_default/hosts.toml []
	// /etc/systemd/system/containerd.service []
	// /etc/crictl.yaml []
	// enable containerd.service
	// start containerd.service
}
