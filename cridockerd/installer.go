package cridockerd

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Installer plans cri-dockerd: cri-docker.service and cri-docker.socket
// under /etc/systemd/system, /etc/crictl.yaml pointing at
// unix:///run/cri-dockerd.sock, the docker group, and the unit actions that
// enable and start the socket and the service. It composes with package
// docker's Installer (which writes no crictl.yaml) through runtime.Compose.
type Installer struct {
	flags     *Flags
	target    runtime.Version
	binary    string
	unitDir   string
	optErrors field.ErrorList
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// InstallerOption changes what an Installer plans.
type InstallerOption func(*Installer)

// InstallVersion sets the cri-dockerd release (default DefaultVersion).
func InstallVersion(v string) InstallerOption {
	return func(in *Installer) {
		parsed, err := runtime.ParseVersion(v)
		if err != nil {
			in.optErrors = append(in.optErrors, field.Invalid(field.NewPath("cri-dockerd-version"), v, err.Error()))
			return
		}
		in.target = parsed
	}
}

// InstallBinary sets the cri-dockerd binary (default /usr/bin/cri-dockerd).
func InstallBinary(path string) InstallerOption { return func(in *Installer) { in.binary = path } }

// InstallUnitDir sets where the units go (default /etc/systemd/system).
func InstallUnitDir(dir string) InstallerOption { return func(in *Installer) { in.unitDir = dir } }

// NewInstaller returns an Installer for flags: it validates and renders
// everything the plan holds, once, so Plan returns a copy of that plan and
// fails only if the context is done; later changes to flags do not reach
// it.
func NewInstaller(flags *Flags, opts ...InstallerOption) (*Installer, error) {
	in := &Installer{flags: flags, target: DefaultVersion, binary: DefaultBinary, unitDir: systemd.SystemDir}
	for _, o := range opts {
		o(in)
	}
	if err := in.optErrors.Err(); err != nil {
		return nil, err
	}
	if flags == nil {
		return nil, field.ErrorList{field.Required(field.NewFlagPath("cri-dockerd"), "Flags are required")}.Err()
	}
	plan, err := in.render()
	if err != nil {
		return nil, err
	}
	in.plan = plan
	return in, nil
}

// Name returns "cri-dockerd".
func (in *Installer) Name() string { return "cri-dockerd" }

// UnitName returns "cri-docker.service".
func (in *Installer) UnitName() string { return ServiceName }

// Endpoint returns the CRI endpoint the kubelet and crictl use:
// unix:///run/cri-dockerd.sock.
func (in *Installer) Endpoint() string { return runtime.CRIDockerdEndpoint }

// Plan returns the files, the docker group and the unit actions, as
// NewInstaller validated and rendered them.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, in.plan, "cri-dockerd")
}

// render validates the flags and builds the plan.
func (in *Installer) render() (*runtime.Plan, error) {
	if _, err := in.flags.Validate(in.target); err != nil {
		return nil, fmt.Errorf("cri-dockerd %s: %w", in.target, err)
	}
	service, err := Service(in.binary, *in.flags)
	if err != nil {
		return nil, err
	}
	socket, err := Socket()
	if err != nil {
		return nil, err
	}
	crictl, err := crictl.New(in.Endpoint())
	if err != nil {
		return nil, err
	}
	var files []runtime.File
	for _, u := range []*systemd.UnitFile{service, socket} {
		f, err := u.PlanFile(in.unitDir)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	cf, err := crictl.PlanFile()
	if err != nil {
		return nil, err
	}
	plan := &runtime.Plan{
		Files:  append(files, cf),
		Groups: []string{Group},
		Units:  runtime.EnableAndStart(SocketName, ServiceName),
	}
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return plan, nil
}
