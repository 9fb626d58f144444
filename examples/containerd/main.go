// Command containerd prints, or writes under -out, the files a Kubernetes
// node needs to run containerd: config.toml for the given containerd
// release, a hosts.toml per mirrored registry, containerd.service and
// crictl.yaml.
//
//	go run ./examples/containerd -containerd 2.2 -cgroup-driver systemd \
//		-sandbox-image registry.k8s.io/pause:3.10.1 \
//		-mirror docker.io=https://mirror.example [-out DIR]
package main

import (
	"context"
	"io"
	"os"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("containerd", stderr)
	o := cli.Settings{CgroupDriver: runtime.CgroupSystemd}
	fs.StringVar(&o.Version, "containerd", containerd.DefaultVersion.String(), "target containerd `VERSION` (1.6 to 2.4)")
	fs.Var(&o.CgroupDriver, "cgroup-driver", "cgroup driver, systemd or cgroupfs; must match the kubelet's")
	fs.StringVar(&o.SandboxImage, "sandbox-image", containerd.DefaultSandboxImage, "pause `IMAGE`")
	fs.Var(&o.Mirrors, "mirror", "registry mirror `REGISTRY=URL` (repeatable; _default for every registry)")
	out := fs.String("out", "", "write the files under `DIR` instead of printing them")
	if code, ok := cli.Parse(fs, args, stderr); !ok {
		return code
	}

	plan, warnings, err := planOf(o)
	return cli.Finish(stdout, stderr, *out, plan, warnings, err)
}

// planOf is the plan of the settings with the installer's warnings, or
// every problem of them.
func planOf(o cli.Settings) (*runtime.Plan, field.ErrorList, error) {
	installer, err := containerd.NewInstaller(
		containerd.WithVersion(o.Version),
		containerd.WithCgroupDriver(o.CgroupDriver),
		containerd.WithSandboxImage(o.SandboxImage),
		containerd.WithMirrors(o.Mirrors),
	)
	if err != nil {
		return nil, nil, err
	}
	plan, err := installer.Plan(context.Background())
	return plan, installer.Warnings(), err
}
