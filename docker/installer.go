package docker

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// Installer plans Docker Engine on a node: daemon.json, docker.service and
// docker.socket under /etc/systemd/system, the docker group, and the unit
// actions that enable and start containerd.service (when dockerd uses it),
// docker.socket and docker.service. It writes no crictl.yaml: the CRI
// endpoint is cri-dockerd's, whose installer writes it.
type Installer struct {
	cfg       *DaemonConfig
	target    runtime.Version
	unitOpts  []UnitOption
	unitDir   string
	optErrors field.ErrorList
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// InstallerOption changes what an Installer plans.
type InstallerOption func(*Installer)

// InstallVersion sets the Docker Engine release (default DefaultVersion).
func InstallVersion(v string) InstallerOption {
	return func(in *Installer) {
		parsed, err := runtime.ParseVersion(v)
		if err != nil {
			in.optErrors = append(in.optErrors, field.Invalid(versionPath, v, err.Error()))
			return
		}
		in.target = parsed
	}
}

// InstallUnitOptions passes options to Service and Socket.
func InstallUnitOptions(opts ...UnitOption) InstallerOption {
	return func(in *Installer) { in.unitOpts = append(in.unitOpts, opts...) }
}

// InstallUnitDir sets where the units go (default /etc/systemd/system,
// where the seed guide puts them and where they override a package's).
func InstallUnitDir(dir string) InstallerOption {
	return func(in *Installer) { in.unitDir = dir }
}

// NewInstaller returns an Installer for cfg: it validates and renders
// everything the plan holds, once, so Plan returns a copy of that plan and
// fails only if the context is done; later changes to cfg do not reach it.
func NewInstaller(cfg *DaemonConfig, opts ...InstallerOption) (*Installer, error) {
	in := &Installer{cfg: cfg, target: DefaultVersion, unitDir: systemd.SystemDir}
	for _, o := range opts {
		o(in)
	}
	if err := in.optErrors.Err(); err != nil {
		return nil, err
	}
	if cfg == nil {
		return nil, field.ErrorList{field.Required(field.NewPath("cfg"), "a DaemonConfig is required")}.Err()
	}
	plan, err := in.render()
	if err != nil {
		return nil, err
	}
	in.plan = plan
	return in, nil
}

// Name returns "docker".
func (in *Installer) Name() string { return "docker" }

// UnitName returns the unit that runs dockerd, "docker.service".
func (in *Installer) UnitName() string { return ServiceName }

// Version returns the Docker Engine release the installer targets.
func (in *Installer) Version() runtime.Version { return in.target }

// Plan returns the files, the docker group and the unit actions, as
// NewInstaller validated (daemon.json against the release and the unit's
// dockerd flags) and rendered them.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, in.plan, "docker")
}

// render validates the config and the units and builds the plan.
func (in *Installer) render() (*runtime.Plan, error) {
	service, err := Service(in.unitOpts...)
	if err != nil {
		return nil, err
	}
	socket, err := Socket(in.unitOpts...)
	if err != nil {
		return nil, err
	}
	if _, err := in.cfg.Validate(in.target, DockerdArgs(service)); err != nil {
		return nil, fmt.Errorf("daemon.json for docker %s: %w", in.target, err)
	}
	daemon, err := in.cfg.Render()
	if err != nil {
		return nil, err
	}
	serviceFile, err := service.PlanFile(in.unitDir)
	if err != nil {
		return nil, err
	}
	socketFile, err := socket.PlanFile(in.unitDir)
	if err != nil {
		return nil, err
	}
	plan := &runtime.Plan{
		Files:  []runtime.File{{Path: DaemonPath, Mode: 0o644, Content: daemon, RestartUnits: []string{ServiceName}}, serviceFile, socketFile},
		Groups: []string{settingsOf(in.unitOpts).socketGroup},
	}
	if contains(service.Unit.Requires, ContainerdService) {
		plan.Units = runtime.EnableAndStart(ContainerdService)
	}
	plan.Units = append(plan.Units, runtime.EnableAndStart(SocketName, ServiceName)...)
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return plan, nil
}
