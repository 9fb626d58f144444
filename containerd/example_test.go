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
		containerd.WithVersion("2.2"),
		containerd.WithCgroupDriver(runtime.CgroupSystemd),
		containerd.WithBinary("/usr/bin/containerd"),
		containerd.WithMirrors([]runtime.Mirror{
			{Registry: "docker.io", URL: "https://mirror.example"},
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
	fmt.Print(string(plan.File("/etc/containerd/certs.d/docker.io/hosts.toml").Content))
	// Output:
	// /etc/containerd/config.toml [containerd.service]
	// /etc/containerd/certs.d/docker.io/hosts.toml []
	// /etc/containerd/certs.d/_default/hosts.toml []
	// /etc/systemd/system/containerd.service []
	// /etc/crictl.yaml []
	// enable containerd.service
	// start containerd.service
	// server = 'https://registry-1.docker.io'
	//
	// [host]
	//   [host.'https://mirror.example']
	//     capabilities = ['pull', 'resolve']
}

// The seed guide's mistake, found before containerd 2.x would refuse it.
func ExampleConfig_Validate() {
	cfg, err := containerd.New(containerd.WithVersion("1.7"))
	if err != nil {
		panic(err)
	}
	cfg.Runtime.Runtimes["runc"] = containerd.Runtime{
		Type:    "io.containerd.runtime.v1.linux",
		Options: containerd.RuncOptions{SystemdCgroup: true},
	}
	warnings, err := cfg.Validate(runtime.MustParseVersion("1.7"))
	fmt.Println("1.7 warns:", warnings)
	_, err = cfg.Validate(runtime.MustParseVersion("2.2"))
	fmt.Println("2.2 refuses:", err)
	// Output:
	// 1.7 warns: plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.runtime_type: deprecated: "io.containerd.runtime.v1.linux": deprecated since containerd 1.4: use io.containerd.runc.v2
	// 2.2 refuses: plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.runtime_type: removed: "io.containerd.runtime.v1.linux": containerd 2.0 removed it: use io.containerd.runc.v2
}

// Parse keeps what kubenode does not model; Render migrates it.
func ExampleParse() {
	cfg, err := containerd.Parse([]byte(`version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.9"
  enable_selinux = true
`))
	if err != nil {
		panic(err)
	}
	out, err := cfg.Render(runtime.MustParseVersion("2.2"))
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// version = 3
	//
	// [plugins]
	//   [plugins.'io.containerd.cri.v1.images']
	//     [plugins.'io.containerd.cri.v1.images'.pinned_images]
	//       sandbox = 'registry.k8s.io/pause:3.9'
	//
	//   [plugins.'io.containerd.cri.v1.runtime']
	//     enable_selinux = true
}
