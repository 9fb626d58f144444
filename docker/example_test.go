package docker_test

import (
	"fmt"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func ExampleNew() {
	cfg, err := docker.New(
		docker.WithVersion("28.5"),
		docker.WithCgroupDriver(runtime.CgroupSystemd),
		docker.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}),
	)
	if err != nil {
		panic(err)
	}
	out, err := cfg.Render()
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// {
	//   "exec-opts": [
	//     "native.cgroupdriver=systemd"
	//   ],
	//   "log-driver": "json-file",
	//   "log-opts": {
	//     "max-file": "3",
	//     "max-size": "10m"
	//   },
	//   "registry-mirrors": [
	//     "https://mirror.example"
	//   ],
	//   "storage-driver": "overlay2"
	// }
}

func ExampleDaemonConfig_Validate() {
	cfg, err := docker.Parse([]byte(`{
  "hosts": ["unix:///var/run/docker.sock"],
  "exec-opts": ["native.cgroupdriver=systemd"],
  "graph": "/data/docker",
  "log-opts": {"max-size": "100"}
}`))
	if err != nil {
		panic(err)
	}
	// The packaged docker.service starts dockerd -H fd:// --containerd=...
	_, err = cfg.Validate(runtime.MustParseVersion("23.0"), []string{"-H", "fd://", "--containerd=/run/containerd/containerd.sock"})
	for _, e := range field.AsList(err) {
		fmt.Println(e.Path, "|", e.Type)
	}
	// Output:
	// graph | removed
	// hosts | conflict
}
