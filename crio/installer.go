package crio

import (
	"context"
	"fmt"
	"path"
	"regexp"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Where CRI-O's files live on a node.
const (
	// DropInDir is where CRI-O reads its configuration drop-ins, after
	// /etc/crio/crio.conf, in lexical order.
	DropInDir = "/etc/crio/crio.conf.d"
	// DefaultDropInName is the name of the drop-in the Installer writes in
	// DropInDir, and of its registries.conf drop-in in
	// RegistriesDropInDir: "20-" sorts it after the packaged 10-crio.conf,
	// whose keys it therefore overrides.
	DefaultDropInName = "20-kubenode.conf"
	// UnitName is the unit the CRI-O packages ship and the plan enables and
	// starts; kubenode writes no unit of its own, as none is needed.
	UnitName = "crio.service"
)

// dropInName is a file name both CRI-O (which reads every file of
// DropInDir) and containers/image (which reads only *.conf) take.
var dropInName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*\.conf$`)

// InstallerOption configures NewInstaller: WithVersion, a ConfigOption,
// or an option of NewInstaller only.
type InstallerOption = options.InstallerOption[*Installer]

// installerOption is an InstallerOption that only NewInstaller takes.
type installerOption = options.InstallerFunc[*Installer]

// Installer plans CRI-O on a node: its drop-in, a registries.conf drop-in
// when there are mirrors, the TLS material and credentials of
// WithRegistryHosts, crictl.yaml for its socket, and enabling and starting
// crio.service.
type Installer struct {
	cfg        *Config
	registries *RegistriesConfig
	hosts      []runtime.Registry
	target     runtime.Version
	name       string
	warnings   field.ErrorList
	// plan is what NewInstaller rendered; Plan hands out copies of it.
	plan *runtime.Plan
}

var _ runtime.Installer = (*Installer)(nil)

// NewInstaller returns an Installer for the Config of WithConfig or, when
// there is none, the one New builds from the ConfigOptions given,
// validated for the target release of WithVersion (default
// DefaultVersion). A ConfigOption next to WithConfig is refused
// (field.ErrForbidden at "config", the option's name as value). It renders
// everything the plan holds, once, so Plan returns a copy of that plan and
// fails only if the context is done.
func NewInstaller(opts ...InstallerOption) (*Installer, error) {
	in := &Installer{target: DefaultVersion, name: DefaultDropInName}
	return options.Install(in, opts, &in.cfg, "the whole Config", in.newConfig, in.render)
}

// newConfig is the Config New builds from the settings for the target.
func (in *Installer) newConfig(settings []ConfigOption) (*Config, error) {
	return options.Build(newBuilder(in.target), settings)
}

// WithConfig plans cfg (copied, so later changes to it do not reach the
// Installer) instead of the Config New would build.
func WithConfig(cfg *Config) InstallerOption {
	return options.WithConfig(cfg, "a crio Config, such as New returns",
		func(in *Installer, c *Config) { in.cfg = c.Clone() })
}

// WithMirrors writes the mirrors as a registries.conf drop-in
// (RegistriesFromMirrors); it replaces WithRegistries.
func WithMirrors(mirrors []runtime.Mirror) InstallerOption {
	return installerOption(func(in *Installer) error {
		rc, err := RegistriesFromMirrors(mirrors)
		if err != nil {
			return err
		}
		in.registries = rc
		return nil
	})
}

// WithRegistries writes rc (copied) as the registries.conf drop-in; it
// replaces WithMirrors.
func WithRegistries(rc *RegistriesConfig) InstallerOption {
	return installerOption(func(in *Installer) error {
		if rc == nil {
			in.registries = nil
			return nil
		}
		if err := rc.Validate(); err != nil {
			return err
		}
		data, err := rc.Render()
		if err != nil {
			return err
		}
		copied, err := ParseRegistries(data)
		if err != nil {
			return err
		}
		in.registries = copied
		return nil
	})
}

// WithDropInName sets the file name of both drop-ins (default
// DefaultDropInName). It must end in .conf; pick one that sorts after
// every drop-in whose keys it should override.
func WithDropInName(name string) InstallerOption {
	return installerOption(func(in *Installer) error {
		if !dropInName.MatchString(name) {
			return field.Invalid(field.NewPath("drop-in-name"), name, "a plain file name ending in .conf, such as "+DefaultDropInName)
		}
		in.name = name
		return nil
	})
}

// Name implements runtime.Installer.
func (in *Installer) Name() string { return "crio" }

// UnitName is the unit the plan enables and starts.
func (in *Installer) UnitName() string { return UnitName }

// Endpoint is the CRI endpoint of the planned CRI-O, for the kubelet and
// crictl: runtime.CRIOEndpoint, or unix:// and the Config's listen.
func (in *Installer) Endpoint() string { return endpointOf(in.cfg.API.Listen) }

// endpointOf is the CRI endpoint of a listen value; "" is CRI-O's default.
func endpointOf(listen string) string {
	if listen == "" {
		return runtime.CRIOEndpoint
	}
	return "unix://" + listen
}

// DropInPath is the node path of the CRI-O drop-in.
func (in *Installer) DropInPath() string { return path.Join(DropInDir, in.name) }

// RegistriesPath is the node path of the registries.conf drop-in, written
// only when there are mirrors or registries.
func (in *Installer) RegistriesPath() string { return path.Join(RegistriesDropInDir, in.name) }

// Warnings are what Validate warned about the Config for the target.
func (in *Installer) Warnings() field.ErrorList { return in.warnings }

// Plan implements runtime.Installer.
func (in *Installer) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, in.plan, "crio")
}

// render validates the Config for the target and renders the plan.
func (in *Installer) render() (err error) {
	hosts, err := planHosts(in.hosts, in.target)
	if err != nil {
		return err
	}
	if err := in.addHosts(hosts); err != nil {
		return err
	}
	if in.warnings, err = in.cfg.Validate(in.target); err != nil {
		return err
	}
	in.warnings = append(in.warnings, in.searchOverridden()...)
	dropIn, err := in.cfg.Render()
	if err != nil {
		return err
	}
	// CRI-O reads its drop-ins and registries.conf at start; the certs.d
	// files and the auth file on each pull.
	files := []runtime.File{{Path: in.DropInPath(), Mode: 0o644, Content: dropIn, RestartUnits: []string{UnitName}}}
	if in.registries != nil && !in.registries.empty() {
		reg, err := in.registries.Render()
		if err != nil {
			return err
		}
		files = append(files, runtime.File{Path: in.RegistriesPath(), Mode: 0o644, Content: reg, RestartUnits: []string{UnitName}})
	}
	files = append(files, hosts.files...)
	in.plan, err = options.CRIPlan(runtime.Plan{Files: files, Units: runtime.EnableAndStart(UnitName)}, in.Endpoint())
	return err
}

// packagedRegistriesName is the drop-in the upstream CRI-O packages install
// in RegistriesDropInDir; it sets unqualified-search-registries to
// ["docker.io"].
const packagedRegistriesName = "registries.conf"

// searchOverridden warns when the registries drop-in sets the search list
// but is read before the packaged registries.conf.d/registries.conf, which
// then replaces it.
func (in *Installer) searchOverridden() field.ErrorList {
	if in.registries == nil || in.registries.UnqualifiedSearchRegistries == nil || in.name > packagedRegistriesName {
		return nil
	}
	return field.ErrorList{field.Conflict(searchPath, in.registries.UnqualifiedSearchRegistries,
		fmt.Sprintf("%s/%s is read before the packages' %s, which sets it too and wins: pick a drop-in name that sorts after it",
			RegistriesDropInDir, in.name, packagedRegistriesName))}
}

// empty reports whether the file would say nothing.
func (rc *RegistriesConfig) empty() bool {
	return rc.UnqualifiedSearchRegistries == nil && rc.ShortNameMode == "" && len(rc.Registries) == 0 && len(rc.Extra) == 0
}
