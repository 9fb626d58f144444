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

func ExampleWithRuntimeHandlers() {
	cfg, err := crio.New(
		crio.WithVersion("1.34"),
		crio.WithRuntimeHandlers([]runtime.RuntimeHandler{
			{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
			{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", PrivilegedWithoutHostDevices: true},
		}),
		crio.WithStorage("/data/containers/storage", ""),
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
	// root = '/data/containers/storage'
	//
	// [crio.image]
	// pause_image = 'registry.k8s.io/pause:3.10.1'
	//
	// [crio.runtime]
	// cgroup_manager = 'systemd'
	// conmon_cgroup = 'pod'
	// default_runtime = 'nvidia'
	//
	// [crio.runtime.runtimes]
	// [crio.runtime.runtimes.kata]
	// privileged_without_host_devices = true
	// runtime_path = '/usr/bin/containerd-shim-kata-v2'
	// runtime_type = 'vm'
	//
	// [crio.runtime.runtimes.nvidia]
	// runtime_path = '/usr/bin/nvidia-container-runtime'
	// runtime_type = 'oci'
}

func ExampleWithRegistryHosts() {
	in, err := crio.NewInstaller(crio.WithRegistryHosts([]runtime.Registry{
		{Host: "dev-registry.corp.example:5000", PlainHTTP: true},
		{Host: "quay.io", Auth: &runtime.RegistryAuth{Username: "robot", Password: "not-printed"}},
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
		fmt.Printf("%s %04o %v\n", f.Path, f.Mode, f.RestartUnits)
	}
	fmt.Print(string(plan.File(in.RegistriesPath()).Content))
	// Output:
	// /etc/crio/crio.conf.d/20-kubenode.conf 0644 [crio.service]
	// /etc/containers/registries.conf.d/20-kubenode.conf 0644 [crio.service]
	// /etc/crio/auth.json 0600 []
	// /etc/crictl.yaml 0644 []
	// [[registry]]
	// insecure = true
	// location = 'dev-registry.corp.example:5000'
	// prefix = 'dev-registry.corp.example:5000'
}
