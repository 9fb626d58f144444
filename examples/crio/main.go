// Command crio prints, or writes under -out, the files a Kubernetes node
// needs to run CRI-O: a drop-in for /etc/crio/crio.conf.d validated for the
// given CRI-O release, a registries.conf drop-in with the mirrors, and
// crictl.yaml; the plan enables and starts the packaged crio.service.
//
//	go run ./examples/crio -crio 1.34 -cgroup-driver systemd \
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

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("crio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	version := fs.String("crio", crio.DefaultVersion.String(), "target CRI-O `VERSION` (1.24 to 1.34)")
	driver := runtime.CgroupSystemd
	fs.Var(&driver, "cgroup-driver", "cgroup manager, systemd or cgroupfs; must match the kubelet's")
	sandbox := fs.String("sandbox-image", "", "pause `IMAGE` (default: the CRI-O release's own)")
	var mirrors cli.Mirrors
	fs.Var(&mirrors, "mirror", "registry mirror `REGISTRY=URL` (repeatable)")
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

	opts := []crio.Option{crio.WithVersion(*version), crio.WithCgroupDriver(driver)}
	if *sandbox != "" {
		opts = append(opts, crio.WithSandboxImage(*sandbox))
	}
	// Check the mirrors up front too, so a refused input reports every
	// problem at once, not the installer's only after the config's.
	cfg, err := crio.New(opts...)
	_, mirrorErr := crio.RegistriesFromMirrors(mirrors)
	if err != nil || mirrorErr != nil {
		return cli.Report(stderr, problems(err, mirrorErr))
	}
	installer, err := crio.NewInstaller(crio.WithConfig(cfg), crio.WithVersion(*version), crio.WithMirrors(mirrors))
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

// problems merges the field errors of several steps into one list, so
// cli.Report prints each on its own line.
func problems(errs ...error) error {
	var all field.ErrorList
	for _, err := range errs {
		if err == nil {
			continue
		}
		l := field.AsList(err)
		if l == nil {
			return err
		}
		all = append(all, l...)
	}
	return all.Err()
}
