package crio_test

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
)

func ExampleNew() {
	cfg, err := crio.New(
		crio.WithVersion("1.34"),
		crio.WithCgroupDriver(runtime.CgroupSystemd),
		crio.WithSandboxImage("registry.k8s.io/pause:3.10.1"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	data, err := cfg.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(data))
	// Output:
	// [crio]
	// [crio.image]
	// pause_image = 'registry.k8s.io/pause:3.10.1'
	//
	// [crio.runtime]
	// cgroup_manager = 'systemd'
	// conmon_cgroup = 'pod'
}

func ExampleNewInstaller() {
	in, err := crio.NewInstaller(
		crio.WithCgroupDriver(runtime.CgroupCgroupfs),
		crio.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}),
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
	for _, f := range plan.Files {
		fmt.Println(f.Path)
	}
	fmt.Println(in.Endpoint())
	fmt.Print(string(plan.File(in.RegistriesPath()).Content))
	// Output:
	// /etc/crio/crio.conf.d/20-kubenode.conf
	// /etc/containers/registries.conf.d/20-kubenode.conf
	// /etc/crictl.yaml
	// unix:///var/run/crio/crio.sock
	// [[registry]]
	// location = 'docker.io'
	// prefix = 'docker.io'
	//
	// [[registry.mirror]]
	// location = 'mirror.example'
}

func ExampleConfig_Validate() {
	cfg, err := crio.Parse([]byte(`
[crio.runtime]
cgroup_manager = "cgroupfs"
conmon_cgroup = "system.slice"
pids_limit = 1024
no_such_key = true
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	warnings, err := cfg.Validate(runtime.MustParseVersion("1.34"))
	fmt.Println("error:", err)
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// error: <nil>
	// warning: crio.runtime.conmon_cgroup: invalid value: "system.slice": with cgroup_manager "cgroupfs" CRI-O treats this systemd default as empty; write "pod" or nothing
	// warning: crio.runtime.no_such_key: unknown key: CRI-O 1.34 does not know it and ignores it
	// warning: crio.runtime.pids_limit: deprecated: deprecated since CRI-O 1.24: use the kubelet's podPidsLimit
}
