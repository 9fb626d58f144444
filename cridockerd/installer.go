package cridockerd

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// InstallerOption configures NewInstaller: WithVersion, a ConfigOption,
// or an option of NewInstaller only.
type InstallerOption = options.InstallerOption[*Installer]

// Installer plans cri-dockerd: cri-docker.service and cri-docker.socket
// under /etc/systemd/system, /etc/crictl.yaml pointing at
// unix:///run/cri-dockerd.sock, the docker group, and the unit actions that
// enable and start the socket and the service. It composes with package
// docker's Installer (which writes no crictl.yaml) through runtime.Compose.
type Installer struct {
	flags   *Flags
	target  runtime.Version
	binary  string
	unitDir string
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns an Installer for the Flags of WithConfig or, when
// there are none, those New builds from the ConfigOptions given, for the
// release of WithVersion (default DefaultVersion). A ConfigOption next to
// WithConfig is refused (field.ErrForbidden at "config", the option's name
// as value). It validates and renders everything the plan holds, once:
// Plan returns a copy of that plan and fails only if the context is done.
func NewInstaller(opts ...InstallerOption) (*Installer, error) {
	in := &Installer{target: DefaultVersion, binary: DefaultBinary, unitDir: systemd.SystemDir}
	return options.Install(in, opts, &in.flags, "all the flags", in.newFlags, in.render)
}

// newFlags are the Flags New builds from the settings for the target.
func (in *Installer) newFlags(settings []ConfigOption) (*Flags, error) {
	return options.Build(newBuilder(in.target), settings)
}

// WithConfig plans flags instead of those New would build. The plan is
// rendered by NewInstaller, so later changes to flags do not reach it.
func WithConfig(flags *Flags) InstallerOption {
	return options.WithConfig(flags, "cri-dockerd Flags, such as New returns",
		func(in *Installer, f *Flags) { in.flags = f })
}

// WithBinary sets the cri-dockerd binary the unit starts (default
// DefaultBinary). It must be a program path as runtime.ValidateExecPath
// takes it.
func WithBinary(path string) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
		if errs := runtime.ValidateExecPath(field.NewPath("binary"), path); len(errs) > 0 {
			return errs.Err()
		}
		in.binary = path
		return nil
	})
}

// WithUnitDir sets where the units go (default /etc/systemd/system).
func WithUnitDir(dir string) InstallerOption {
	return options.NodePath(field.NewPath("unit-dir"), dir, func(in *Installer) { in.unitDir = dir })
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
func (in *Installer) render() error {
	if _, err := in.flags.Validate(in.target); err != nil {
		return fmt.Errorf("cri-dockerd %s: %w", in.target, err)
	}
	service, err := Service(in.binary, *in.flags)
	if err != nil {
		return err
	}
	socket, err := Socket()
	if err != nil {
		return err
	}
	var files []runtime.File
	for _, u := range []*systemd.UnitFile{service, socket} {
		f, err := u.PlanFile(in.unitDir)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	in.plan, err = options.CRIPlan(runtime.Plan{Files: files, Groups: []string{Group},
		Units: runtime.EnableAndStart(SocketName, ServiceName)}, in.Endpoint())
	return err
}
