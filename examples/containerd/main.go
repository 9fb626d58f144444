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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("containerd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	version := fs.String("containerd", containerd.DefaultVersion.String(), "target containerd `VERSION` (1.6 to 2.4)")
	driver := runtime.CgroupSystemd
	fs.Var(&driver, "cgroup-driver", "cgroup driver, systemd or cgroupfs; must match the kubelet's")
	sandbox := fs.String("sandbox-image", containerd.DefaultSandboxImage, "pause `IMAGE`")
	var mirrors cli.Mirrors
	fs.Var(&mirrors, "mirror", "registry mirror `REGISTRY=URL` (repeatable; _default for every registry)")
	out := fs.String("out", "", "write the files under `DIR` instead of printing them")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "error: unexpected arguments: %v\n", fs.Args())
		return 2
	}

	installer, err := containerd.NewInstaller(
		containerd.WithVersion(*version),
		containerd.WithCgroupDriver(driver),
		containerd.WithSandboxImage(*sandbox),
		containerd.WithMirrors(mirrors),
	)
	if err != nil {
		return cli.Report(stderr, err)
	}
	for _, w := range installer.Warnings() {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	plan, err := installer.Plan(context.Background())
	if err != nil {
		return cli.Report(stderr, err)
	}
	if err := cli.Emit(stdout, plan, *out); err != nil {
		return cli.Report(stderr, err)
	}
	return 0
}
