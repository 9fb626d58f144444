package docker

import (
	"context"
	"fmt"
	"slices"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// InstallerOption configures NewInstaller: WithVersion, a ConfigOption, a
// UnitOption, or an option of NewInstaller only.
type InstallerOption = options.InstallerOption[*Installer]

// Installer plans Docker Engine on a node: daemon.json, docker.service and
// docker.socket under /etc/systemd/system, the registries' files under
// CertsDir (WithRegistryHosts), the docker group, and the unit
// actions that enable and start containerd.service (when dockerd uses it),
// docker.socket and docker.service. It writes no crictl.yaml: the CRI
// endpoint is cri-dockerd's, whose installer writes it.
type Installer struct {
	cfg      *DaemonConfig
	target   runtime.Version
	unitOpts []UnitOption
	unitDir  string
	// registries is what WithRegistryHosts made of its registries.
	registries *registryHosts
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
	return options.Install(in, opts, &in.cfg, "the whole daemon.json", in.newConfig, in.render)
}

// newConfig is the daemon.json New builds from the settings for the
// target.
func (in *Installer) newConfig(settings []ConfigOption) (*DaemonConfig, error) {
	if in.registries != nil {
		// After every other setting, so that none drops what the
		// registries need.
		settings = append(slices.Clone(settings), in.registries.setting())
	}
	return options.Build(newBuilder(in.target), settings)
}

// WithConfig plans cfg instead of the daemon.json New would build. The plan
// is rendered by NewInstaller, so later changes to cfg do not reach it.
func WithConfig(cfg *DaemonConfig) InstallerOption {
	return options.WithConfig(cfg, "a DaemonConfig, such as New returns",
		func(in *Installer, c *DaemonConfig) { in.cfg = c })
}

// WithUnitDir sets where the units go (default /etc/systemd/system, where
// the seed guide puts them and where they override a package's).
func WithUnitDir(dir string) InstallerOption {
	return options.NodePath(field.NewPath("unit-dir"), dir, func(in *Installer) { in.unitDir = dir })
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
func (in *Installer) render() error {
	settings, err := settingsOf(in.unitOpts)
	if err != nil {
		return err
	}
	service, err := settings.service()
	if err != nil {
		return err
	}
	socket, err := settings.socket()
	if err != nil {
		return err
	}
	if _, err := in.cfg.Validate(in.target, DockerdArgs(service)); err != nil {
		return fmt.Errorf("daemon.json for docker %s: %w", in.target, err)
	}
	var certs []runtime.File
	if in.registries != nil {
		if errs := in.registries.check(in.cfg); len(errs) > 0 {
			return fmt.Errorf("daemon.json for docker %s: %w", in.target, errs.Err())
		}
		certs = in.registries.files
	}
	daemon, err := in.cfg.Render()
	if err != nil {
		return err
	}
	serviceFile, err := service.PlanFile(in.unitDir)
	if err != nil {
		return err
	}
	socketFile, err := socket.PlanFile(in.unitDir)
	if err != nil {
		return err
	}
	plan := runtime.Plan{
		Files:  append([]runtime.File{{Path: DaemonPath, Mode: 0o644, Content: daemon, RestartUnits: []string{ServiceName}}, serviceFile, socketFile}, certs...),
		Groups: []string{settings.socketGroup},
	}
	if contains(service.Unit.Wants, ContainerdService) {
		plan.Units = runtime.EnableAndStart(ContainerdService)
	}
	plan.Units = append(plan.Units, runtime.EnableAndStart(SocketName, ServiceName)...)
	in.plan, err = runtime.NewPlan(plan)
	return err
}
