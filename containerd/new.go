package containerd

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Option configures New.
type Option interface {
	applyToConfig(*builder) error
}

// configOption is an Option that only New takes.
type configOption func(*builder) error

func (f configOption) applyToConfig(b *builder) error { return f(b) }

// VersionOption sets the target containerd release; New and NewInstaller
// both take it.
type VersionOption struct{ version string }

func (o VersionOption) applyToConfig(b *builder) error {
	v, err := parseTarget(o.version)
	if err != nil {
		return err
	}
	b.target = v
	return nil
}

func (o VersionOption) applyToInstaller(in *Installer) error {
	v, err := parseTarget(o.version)
	if err != nil {
		return err
	}
	in.target = v
	return nil
}

// builder is what the options of New set.
type builder struct {
	target runtime.Version
	cfg    *Config
}

// New returns the Config a Kubernetes node needs, validated for the target
// release (WithVersion, default DefaultVersion) so that it renders. It pins
// what a node must not leave to containerd's defaults, which differ per
// release:
//
//   - the default runtime "runc" of type io.containerd.runc.v2 with
//     SystemdCgroup true (the kubelet's systemd cgroup driver; see
//     WithCgroupDriver),
//   - the pause image DefaultSandboxImage (WithSandboxImage),
//   - registry.config_path DefaultConfigPath, so hosts.toml mirrors apply
//     (WithRegistryConfigPath).
//
// NRI is left at containerd's default (on in 2.x): NRI plugins a cluster
// deploys expect it, and turning it off is a choice (WithNRI(false)).
// Warnings of Validate do not fail New; errors do.
func New(opts ...Option) (*Config, error) {
	b := &builder{
		target: runtime.MustParseVersion(DefaultVersion),
		cfg: &Config{
			Runtime: CRIRuntime{Runtimes: map[string]Runtime{
				DefaultRuntimeName: {Type: RuntimeTypeRuncV2, Options: RuncOptions{SystemdCgroup: true}},
			}},
			Images: CRIImages{SandboxImage: DefaultSandboxImage, ConfigPath: DefaultConfigPath},
		},
	}
	var errs field.ErrorList
	for _, opt := range opts {
		if err := opt.applyToConfig(b); err != nil {
			errs = append(errs, field.ErrorsAt(nil, err)...)
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	if _, err := b.cfg.Validate(b.target); err != nil {
		return nil, err
	}
	return b.cfg, nil
}

// WithVersion sets the target containerd release, such as "1.7" or
// "2.2.9": the one New validates for, and the one an Installer renders for.
// Default DefaultVersion.
func WithVersion(version string) VersionOption {
	return VersionOption{version: version}
}

// WithSandboxImage sets the pause image (sandbox_image, or
// pinned_images.sandbox in containerd 2.x).
func WithSandboxImage(image string) Option {
	return configOption(func(b *builder) error {
		if errs := runtime.ValidateImage(field.NewFlagPath("containerd").Child("sandbox-image"), image); len(errs) > 0 {
			return errs.Err()
		}
		b.cfg.Images.SandboxImage = image
		return nil
	})
}

// WithCgroupDriver sets SystemdCgroup on every runc runtime: true for the
// systemd driver, false for cgroupfs. It must match the kubelet's.
func WithCgroupDriver(d runtime.CgroupDriver) Option {
	return configOption(func(b *builder) error {
		if errs := d.Validate(field.NewFlagPath("containerd").Child("cgroup-driver")); len(errs) > 0 {
			return errs.Err()
		}
		for name, r := range b.cfg.Runtime.Runtimes {
			if IsRunc(r.Type) {
				r.Options.SystemdCgroup = d == runtime.CgroupSystemd
				b.cfg.Runtime.Runtimes[name] = r
			}
		}
		return nil
	})
}

// WithRegistryConfigPath sets registry.config_path, the directory of the
// hosts.toml files; "" leaves containerd without one.
func WithRegistryConfigPath(dir string) Option {
	return configOption(func(b *builder) error {
		if dir != "" {
			if errs := runtime.ValidateNodePath(field.NewFlagPath("containerd").Child("config-path"), dir); len(errs) > 0 {
				return errs.Err()
			}
		}
		b.cfg.Images.ConfigPath = dir
		return nil
	})
}

// WithNRI turns the NRI plugin on or off. Tests turn it off so that
// containerd creates no socket under /var/run/nri.
func WithNRI(enabled bool) Option {
	return configOption(func(b *builder) error {
		disable := !enabled
		b.cfg.DisableNRI = &disable
		return nil
	})
}

// WithConfig lets a caller change anything else before New validates, such
// as the socket paths of a test daemon or another runtime.
func WithConfig(edit func(*Config)) Option {
	return configOption(func(b *builder) error {
		edit(b.cfg)
		return nil
	})
}
