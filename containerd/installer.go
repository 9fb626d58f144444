package containerd

import (
	"context"
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// InstallerOption configures NewInstaller.
type InstallerOption interface {
	applyToInstaller(*Installer) error
}

// installerOption is an InstallerOption that only NewInstaller takes.
type installerOption func(*Installer) error

func (f installerOption) applyToInstaller(in *Installer) error { return f(in) }

// Installer plans containerd on a node: its config.toml, a hosts.toml per
// mirrored registry, containerd.service, crictl.yaml for its socket, and
// enabling and starting the unit.
type Installer struct {
	cfg        *Config
	target     runtime.Version
	binaryPath string
	mirrors    []runtime.Mirror
	warnings   field.ErrorList
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns an Installer for cfg (copied, so later changes to cfg
// do not reach it), rendering for the target release of WithVersion
// (default DefaultVersion: pass the same version as to New). It validates
// and renders everything the plan will hold, once: Plan returns a copy of
// that plan and fails only if the context is done.
func NewInstaller(cfg *Config, opts ...InstallerOption) (*Installer, error) {
	if cfg == nil {
		return nil, field.Required(field.NewPath("config"), "a containerd Config, such as New returns")
	}
	in := &Installer{cfg: cfg.Clone(), target: runtime.MustParseVersion(DefaultVersion), binaryPath: DefaultBinaryPath}
	var errs field.ErrorList
	for _, opt := range opts {
		if err := opt.applyToInstaller(in); err != nil {
			errs = append(errs, field.ErrorsAt(nil, err)...)
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	warnings, err := in.cfg.Validate(in.target)
	if err != nil {
		return nil, err
	}
	in.warnings = warnings
	if in.plan, err = in.render(); err != nil {
		return nil, err
	}
	return in, nil
}

// WithBinaryPath sets the containerd binary the unit starts (default
// DefaultBinaryPath; Debian's package installs /usr/bin/containerd).
func WithBinaryPath(path string) InstallerOption {
	return installerOption(func(in *Installer) error {
		if errs := runtime.ValidateNodePath(field.NewFlagPath("containerd").Child("binary-path"), path); len(errs) > 0 {
			return errs.Err()
		}
		in.binaryPath = path
		return nil
	})
}

// WithMirrors sets the registry mirrors, written as hosts.toml files under
// the Config's registry.config_path.
func WithMirrors(mirrors []runtime.Mirror) InstallerOption {
	return installerOption(func(in *Installer) error {
		if errs := runtime.ValidateMirrors(field.NewPath("mirrors"), mirrors); len(errs) > 0 {
			return errs.Err()
		}
		in.mirrors = append([]runtime.Mirror(nil), mirrors...)
		return nil
	})
}

// Name implements runtime.Installer.
func (in *Installer) Name() string { return "containerd" }

// UnitName is the unit the plan enables and starts.
func (in *Installer) UnitName() string { return UnitName }

// Endpoint is the CRI endpoint of the planned containerd, for the kubelet
// and crictl: unix:// and the grpc address.
func (in *Installer) Endpoint() string {
	addr := in.cfg.GRPCAddress
	if addr == "" {
		return runtime.ContainerdEndpoint
	}
	return "unix://" + addr
}

// Warnings are what Validate warned about the Config for the target.
func (in *Installer) Warnings() field.ErrorList { return in.warnings }

// Plan implements runtime.Installer.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, in.plan, "containerd")
}

// render builds the plan of a validated Config.
func (in *Installer) render() (*runtime.Plan, error) {
	files, err := in.files()
	if err != nil {
		return nil, err
	}
	plan := &runtime.Plan{
		Files: files,
		Units: runtime.EnableAndStart(UnitName),
	}
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return plan, nil
}

func (in *Installer) files() ([]runtime.File, error) {
	config, err := in.cfg.render(in.target)
	if err != nil {
		return nil, err
	}
	// containerd reads config.toml only at start; hosts.toml files it reads
	// per pull, so they restart nothing.
	files := []runtime.File{{Path: ConfigFile, Mode: 0o644, Content: config, RestartUnits: []string{UnitName}}}

	hosts, err := hostsFromMirrors(in.mirrors) // WithMirrors validated them
	if err != nil {
		return nil, err
	}
	if len(hosts) > 0 && in.cfg.Images.ConfigPath == "" {
		cv, _ := ConfigVersion(in.target)
		return nil, field.Required(layouts[cv].configPath().path(), "mirrors are written as hosts.toml files under registry.config_path")
	}
	for _, h := range hosts {
		// HostsFromMirrors has validated each.
		f, err := h.planFile(in.cfg.Images.ConfigPath, h.render)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Registry, err)
		}
		files = append(files, f)
	}

	unit, err := Service(in.binaryPath).PlanFile(systemd.SystemDir)
	if err != nil {
		return nil, err
	}
	files = append(files, unit)

	crictl, err := crictl.New(in.Endpoint())
	if err != nil {
		return nil, err
	}
	f, err := crictl.PlanFile()
	if err != nil {
		return nil, err
	}
	return append(files, f), nil
}
