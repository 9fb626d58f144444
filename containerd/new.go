package containerd

import (
	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Option configures New: WithVersion or a ConfigOption.
type Option = options.Option[*builder]

// ConfigOption sets something in the Config. New applies it; NewInstaller
// hands it to New, and refuses it next to WithConfig, which gives the
// whole Config.
type ConfigOption = options.Setting[*builder, *Installer]

// VersionOption sets the target containerd release; New and NewInstaller
// both take it.
type VersionOption = options.Version[*builder, *Installer]

// builder is what the options of New set.
type builder struct {
	target runtime.Version
	// cfg is the Config built, which is config: builder and Config are one
	// allocation, and the Config New returns keeps no more than the
	// builder alive.
	cfg    *Config
	config Config
	// image is the pause image WithSandboxImage has checked: validating
	// the built Config parses it again only if an edit changed it.
	image string
}

func newBuilder(target runtime.Version) *builder {
	b := &builder{target: target, config: Config{
		Runtime: CRIRuntime{Runtimes: map[string]Runtime{
			DefaultRuntimeName: {Type: RuntimeTypeRuncV2, Options: RuncOptions{SystemdCgroup: true}},
		}},
		Images: CRIImages{SandboxImage: DefaultSandboxImage, ConfigPath: DefaultConfigPath},
	}}
	b.cfg = &b.config
	return b
}

// Build validates the Config for the target; errs are what the options
// refused.
func (b *builder) Build(errs field.ErrorList) (*Config, error) {
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	if _, err := b.cfg.validate(b.target, b.image); err != nil {
		return nil, err
	}
	return b.cfg, nil
}

// New returns the Config a Kubernetes node needs, validated for the target
// release (WithVersion, default DefaultVersion). It pins what containerd's
// defaults leave to the release (see the package's New section): the runc
// runtime with SystemdCgroup (WithCgroupDriver), the pause image
// DefaultSandboxImage (WithSandboxImage) and registry.config_path
// DefaultConfigPath (WithRegistryConfigPath). Warnings of Validate do not
// fail New; errors do.
func New(opts ...Option) (*Config, error) {
	return options.Build(newBuilder(DefaultVersion), opts)
}

// WithVersion sets the target containerd release, such as "1.7" or
// "2.2.9": the one New validates for, and the one an Installer renders for.
// Default DefaultVersion.
func WithVersion(version string) VersionOption { return targetRelease.Option(version) }

// optionPath names an option's value in problems about it, as a flag of the
// containerd command line would.
func optionPath(name string) *field.Path {
	if p, ok := optionPaths[name]; ok {
		return p
	}
	return field.NewFlagPath("containerd").Child(name)
}

// optionPaths are the options' paths, built once: options check their
// values on every NewInstaller, and a Path never changes.
var optionPaths = func() map[string]*field.Path {
	m := map[string]*field.Path{}
	for _, name := range []string{"binary", "cgroup-driver", "config-path", "drop-in", "registries", "runtime-handlers", "sandbox-image", "unit-dir"} {
		m[name] = field.NewFlagPath("containerd").Child(name)
	}
	return m
}()

// WithSandboxImage sets the pause image (sandbox_image, or
// pinned_images.sandbox in containerd 2.x).
func WithSandboxImage(image string) ConfigOption {
	return ConfigOption{Name: "WithSandboxImage", Set: func(b *builder) error {
		if errs := runtime.ValidateImage(optionPath("sandbox-image"), image); len(errs) > 0 {
			return errs.Err()
		}
		b.cfg.Images.SandboxImage, b.image = image, image
		return nil
	}}
}

// WithCgroupDriver sets SystemdCgroup on every runc runtime: true for the
// systemd driver, false for cgroupfs. It must match the kubelet's.
func WithCgroupDriver(d runtime.CgroupDriver) ConfigOption {
	return ConfigOption{Name: "WithCgroupDriver", Set: func(b *builder) error {
		if errs := d.Validate(optionPath("cgroup-driver")); len(errs) > 0 {
			return errs.Err()
		}
		for name, r := range b.cfg.Runtime.Runtimes {
			if IsRunc(r.Type) {
				r.Options.SystemdCgroup = d == runtime.CgroupSystemd
				b.cfg.Runtime.Runtimes[name] = r
			}
		}
		return nil
	}}
}

// WithRegistryConfigPath sets registry.config_path, the directory of the
// hosts.toml files; "" leaves containerd without one.
func WithRegistryConfigPath(dir string) ConfigOption {
	return ConfigOption{Name: "WithRegistryConfigPath", Set: func(b *builder) error {
		if dir != "" {
			if errs := runtime.ValidateNodePath(optionPath("config-path"), dir); len(errs) > 0 {
				return errs.Err()
			}
		}
		b.cfg.Images.ConfigPath = dir
		return nil
	}}
}

// WithRestrictOOMScoreAdj sets restrict_oom_score_adj: no container gets
// an oom_score_adj below containerd's own, for a host where it cannot be
// lowered (see CRIRuntime.RestrictOOMScoreAdj).
func WithRestrictOOMScoreAdj(restrict bool) ConfigOption {
	return ConfigOption{Name: "WithRestrictOOMScoreAdj", Set: func(b *builder) error {
		b.cfg.Runtime.RestrictOOMScoreAdj = restrict
		return nil
	}}
}

// WithNRI turns the NRI plugin on or off. Tests turn it off so that
// containerd creates no socket under /var/run/nri.
func WithNRI(enabled bool) ConfigOption {
	return ConfigOption{Name: "WithNRI", Set: func(b *builder) error {
		disable := !enabled
		b.cfg.DisableNRI = &disable
		return nil
	}}
}

// WithEdit lets a caller change anything else before New validates, such
// as the socket paths of a test daemon or another runtime.
func WithEdit(edit func(*Config)) ConfigOption {
	return ConfigOption{Name: "WithEdit", Set: func(b *builder) error {
		edit(b.cfg)
		return nil
	}}
}

// WithEndpoint sets the CRI endpoint containerd serves, a unix:// URL
// such as runtime.ContainerdEndpoint: grpc.address becomes its socket
// path, and the Installer's Endpoint follows it.
func WithEndpoint(endpoint string) ConfigOption {
	return ConfigOption{Name: "WithEndpoint", Set: func(b *builder) error {
		if errs := runtime.ValidateCRIEndpoint(field.NewTOMLPath("grpc", "address"), endpoint, true); len(errs) > 0 {
			return errs.Err()
		}
		b.cfg.GRPCAddress = runtime.SocketPath(endpoint)
		return nil
	}}
}
