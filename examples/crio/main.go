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
	"io"
	"os"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("crio", stderr)
	o := cli.Settings{CgroupDriver: runtime.CgroupSystemd}
	fs.StringVar(&o.Version, "crio", crio.DefaultVersion.String(), "target CRI-O `VERSION` (1.24 to 1.34)")
	fs.Var(&o.CgroupDriver, "cgroup-driver", "cgroup manager, systemd or cgroupfs; must match the kubelet's")
	fs.StringVar(&o.SandboxImage, "sandbox-image", "", "pause `IMAGE` (default: the CRI-O release's own)")
	fs.Var(&o.Mirrors, "mirror", "registry mirror `REGISTRY=URL` (repeatable)")
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
	opts := []crio.Option{crio.WithVersion(o.Version), crio.WithCgroupDriver(o.CgroupDriver)}
	if o.SandboxImage != "" {
		opts = append(opts, crio.WithSandboxImage(o.SandboxImage))
	}
	// Check the mirrors up front too, so a refused input reports every
	// problem at once, not the installer's only after the config's.
	cfg, err := crio.New(opts...)
	_, mirrorErr := crio.RegistriesFromMirrors(o.Mirrors)
	if err != nil || mirrorErr != nil {
		return nil, nil, problems(err, mirrorErr)
	}
	installer, err := crio.NewInstaller(crio.WithConfig(cfg), crio.WithVersion(o.Version), crio.WithMirrors(o.Mirrors))
	if err != nil {
		return nil, nil, err
	}
	plan, err := installer.Plan(context.Background())
	return plan, installer.Warnings(), err
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
