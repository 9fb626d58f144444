// Command docker prints (or writes under -out) what a node needs to run
// Kubernetes on Docker Engine with cri-dockerd: daemon.json, docker.service,
// docker.socket, cri-docker.service, cri-docker.socket and crictl.yaml, with
// the docker group and the unit actions.
//
//	go run ./examples/docker -docker 28.5 -cri-dockerd 0.4.0 \
//	    -cgroup-driver systemd -sandbox-image registry.k8s.io/pause:3.10 \
//	    -mirror docker.io=https://mirror.example [-out DIR]
//
// Docker mirrors Docker Hub only: a -mirror of another registry is refused.
package main

import (
	"context"
	"io"
	"os"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("docker", stderr)
	o := options{driver: runtime.CgroupSystemd}
	fs.StringVar(&o.docker, "docker", docker.DefaultVersion.String(), "Docker Engine `VERSION` (20.10, 23.0 to 29.7)")
	fs.StringVar(&o.criDockerd, "cri-dockerd", cridockerd.DefaultVersion.String(), "cri-dockerd `VERSION` (0.3.x, 0.4.x)")
	fs.Var(&o.driver, "cgroup-driver", "cgroup driver: systemd or cgroupfs")
	fs.StringVar(&o.sandbox, "sandbox-image", "registry.k8s.io/pause:3.10", "pause `IMAGE` of every pod")
	fs.Var(&o.mirrors, "mirror", "a Docker Hub mirror as docker.io=URL (repeatable)")
	out := fs.String("out", "", "write the files under `DIR` instead of printing them")
	if code, ok := cli.Parse(fs, args, stderr); !ok {
		return code
	}
	plan, err := o.plan()
	return cli.Finish(stdout, stderr, *out, plan, nil, err)
}

// options are the command line's settings of Docker and cri-dockerd.
type options struct {
	docker, criDockerd string
	driver             runtime.CgroupDriver
	sandbox            string
	mirrors            cli.Mirrors
}

// plan builds both installers and composes them, collecting the problems
// of both before giving up.
func (o options) plan() (*runtime.Plan, error) {
	var errs field.ErrorList
	var installers []runtime.Installer
	dk, err := docker.NewInstaller(docker.WithVersion(o.docker), docker.WithCgroupDriver(o.driver), docker.WithMirrors(o.mirrors))
	if err == nil {
		installers = append(installers, dk)
	}
	errs = append(errs, asList(err)...)
	cd, err := cridockerd.NewInstaller(cridockerd.WithVersion(o.criDockerd), cridockerd.WithSandboxImage(o.sandbox))
	if err == nil {
		installers = append(installers, cd)
	}
	errs = append(errs, asList(err)...)
	if len(errs) > 0 {
		return nil, errs
	}
	return runtime.Compose(context.Background(), installers...)
}

// asList keeps every problem of err, wrapping a plain error as one.
func asList(err error) field.ErrorList {
	if err == nil {
		return nil
	}
	if l := field.AsList(err); len(l) > 0 {
		return l
	}
	return field.ErrorList{field.Invalid(nil, nil, err.Error())}
}
