package docker

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// InstallerOption configures NewInstaller: WithVersion, a ConfigOption, a
// UnitOption, or an option of NewInstaller only.
type InstallerOption = options.InstallerOption[*Installer]

// installerOption is an InstallerOption that only NewInstaller takes.
type installerOption = options.InstallerFunc[*Installer]

// Installer plans Docker Engine on a node: daemon.json, docker.service and
// docker.socket under /etc/systemd/system, the docker group, and the unit
// actions that enable and start containerd.service (when dockerd uses it),
// docker.socket and docker.service. It writes no crictl.yaml: the CRI
// endpoint is cri-dockerd's, whose installer writes it.
type Installer struct {
	cfg      *DaemonConfig
	target   runtime.Version
	unitOpts []UnitOption
	unitDir  string
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns an Installer for the daemon.json of WithConfig or,
// when there is none, the one New builds from the ConfigOptions given, for
// the release of WithVersion (default DefaultVersion). A ConfigOption next
// to WithConfig is refused (field.ErrForbidden at "config", the option's
// name as value). It validates and renders everything the plan holds, once:
// Plan returns a copy of that plan and fails only if the context is done.
func NewInstaller(opts ...InstallerOption) (*Installer, error) {
	in := &Installer{target: DefaultVersion, unitDir: systemd.SystemDir}
	if errs := options.Configure(in, opts, &in.cfg, "the whole daemon.json", in.newConfig); len(errs) > 0 {
		return nil, errs.Err()
	}
	plan, err := in.render()
	if err != nil {
		return nil, err
	}
	in.plan = plan
	return in, nil
}

// newConfig is the daemon.json New builds from the settings for the
// target.
func (in *Installer) newConfig(settings []ConfigOption) (*DaemonConfig, error) {
	b := newBuilder(in.target)
	return b.build(options.Apply(b, settings))
}

// WithConfig plans cfg instead of the daemon.json New would build. The plan
// is rendered by NewInstaller, so later changes to cfg do not reach it.
func WithConfig(cfg *DaemonConfig) InstallerOption {
	return installerOption(func(in *Installer) error {
		if cfg == nil {
			return field.Required(options.ConfigPath, "a DaemonConfig, such as New returns")
		}
		in.cfg = cfg
		return nil
	})
}

// WithUnitDir sets where the units go (default /etc/systemd/system, where
// the seed guide puts them and where they override a package's).
func WithUnitDir(dir string) InstallerOption {
	return installerOption(func(in *Installer) error {
		if errs := runtime.ValidateNodePath(field.NewPath("unit-dir"), dir); len(errs) > 0 {
			return errs.Err()
		}
		in.unitDir = dir
		return nil
	})
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
	settings, err := settingsOf(in.unitOpts)
	if err != nil {
		return nil, err
	}
	service, err := settings.service()
	if err != nil {
		return nil, err
	}
	socket, err := settings.socket()
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
		Groups: []string{settings.socketGroup},
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
