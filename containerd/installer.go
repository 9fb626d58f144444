package containerd

import (
	"context"
	"io/fs"

	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// InstallerOption configures NewInstaller: WithVersion, a ConfigOption,
// or an option of NewInstaller only.
type InstallerOption = options.InstallerOption[*Installer]

// Installer plans containerd on a node: its config.toml, a hosts.toml per
// mirrored registry, containerd.service, crictl.yaml for its socket, and
// enabling and starting the unit.
type Installer struct {
	cfg     *Config
	target  runtime.Version
	binary  string
	unitDir string
	mirrors []runtime.Mirror
	// registries are WithRegistryHosts'.
	registries []runtime.Registry
	// dropIn is WithDropIn's file name, or "".
	dropIn   string
	warnings field.ErrorList
	// validated: newConfig has validated cfg for target (and set
	// warnings).
	validated bool
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns an Installer for the Config of WithConfig or, when
// there is none, the one New builds from the ConfigOptions given, rendered
// for the target release of WithVersion (default DefaultVersion). A
// ConfigOption next to WithConfig is refused (field.ErrForbidden at
// "config", the option's name as value). It validates and renders
// everything the plan holds, once: Plan returns a copy of that plan and
// fails only if the context is done.
func NewInstaller(opts ...InstallerOption) (*Installer, error) {
	in := &Installer{target: DefaultVersion, binary: DefaultBinaryPath, unitDir: systemd.SystemDir}
	return options.Install(in, opts, &in.cfg, "the whole Config", in.newConfig, in.render)
}

// newConfig is the Config New builds from the settings for the target,
// validated as New validates it. The warnings are kept and the Config
// marked validated, so render does not validate it a second time: nothing
// changes it in between.
func (in *Installer) newConfig(settings []ConfigOption) (*Config, error) {
	b := newBuilder(in.target)
	if errs := options.Apply(b, settings); len(errs) > 0 {
		return nil, errs.Err()
	}
	warnings, err := b.cfg.validate(in.target, b.image)
	if err != nil {
		return nil, err
	}
	in.warnings, in.validated = warnings, true
	return b.cfg, nil
}

// WithConfig plans cfg (copied, so later changes to it do not reach the
// Installer) instead of the Config New would build. Pass NewInstaller the
// WithVersion cfg was built for.
func WithConfig(cfg *Config) InstallerOption {
	return options.WithConfig(cfg, "a containerd Config, such as New returns",
		func(in *Installer, c *Config) { in.cfg = c.Clone() })
}

// WithBinary sets the containerd binary the unit starts (default
// DefaultBinaryPath; Debian's package installs /usr/bin/containerd). It
// must be a program path as runtime.ValidateExecPath takes it.
func WithBinary(path string) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
		if errs := runtime.ValidateExecPath(optionPath("binary"), path); len(errs) > 0 {
			return errs.Err()
		}
		in.binary = path
		return nil
	})
}

// WithUnitDir sets where containerd.service goes (default
// /etc/systemd/system, where it overrides a package's unit).
func WithUnitDir(dir string) InstallerOption {
	return options.NodePath(optionPath("unit-dir"), dir, func(in *Installer) { in.unitDir = dir })
}

// WithMirrors sets the registry mirrors, written as hosts.toml files under
// the Config's registry.config_path.
func WithMirrors(mirrors []runtime.Mirror) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
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

// render validates the Config for the target and renders the plan.
func (in *Installer) render() (err error) {
	if !in.validated {
		if in.warnings, err = in.cfg.Validate(in.target); err != nil {
			return err
		}
	}
	cfg, secret, err := withAuths(in.cfg, in.target, in.registries)
	if err != nil {
		return err
	}
	if secret {
		// The credentials' table is deprecated: Validate says so.
		if in.warnings, err = cfg.Validate(in.target); err != nil {
			return err
		}
	}
	config, err := cfg.render(in.target)
	if err != nil {
		return err
	}
	// containerd reads config.toml only at start; hosts.toml files it reads
	// per pull, so they restart nothing. With credentials it is a secret's
	// file.
	var mode fs.FileMode = 0o644
	if secret {
		mode = 0o600
	}
	// One array for the whole plan: config.toml, a hosts.toml per
	// registry, the unit and crictl.yaml, which CRIPlan appends; only
	// certificate files and a drop-in grow it.
	files := make([]runtime.File, 0, 3+len(in.mirrors)+len(in.registries))
	files = append(files, runtime.File{Path: ConfigFile, Mode: mode, Content: config, RestartUnits: []string{UnitName}})
	if in.dropIn != "" {
		if files, err = dropInFiles(in.target, in.dropIn, config, files[0]); err != nil {
			return err
		}
	}

	if len(in.mirrors)+len(in.registries) > 0 && in.cfg.Images.ConfigPath == "" {
		cv, _ := ConfigVersion(in.target)
		return field.Required(layouts[cv].configPath().Path(), "mirrors and registries are written as hosts.toml files under registry.config_path")
	}
	hostsFiles, err := hosts.PlanFiles(in.cfg.Images.ConfigPath, in.mirrors)
	if err != nil {
		return err
	}
	regFiles, err := registryFiles(in.cfg.Images.ConfigPath, in.registries)
	if err != nil {
		return err
	}
	files = append(append(files, hostsFiles...), regFiles...)

	unit, err := planService(in.binary, in.unitDir)
	if err != nil {
		return err
	}
	in.plan, err = options.CRIPlan(runtime.Plan{Files: append(files, unit), Units: runtime.EnableAndStart(UnitName)}, in.Endpoint())
	return err
}
