package crio

import (
	"net/url"

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

// VersionOption sets the target CRI-O release; New and NewInstaller both
// take it.
type VersionOption = options.Version[*builder, *Installer]

// builder is what the options of New set.
type builder struct {
	target   runtime.Version
	pauseSet bool
	cfg      *Config
}

func newBuilder(target runtime.Version) *builder {
	return &builder{target: target, cfg: &Config{
		Runtime: Runtime{CgroupManager: runtime.CgroupSystemd, ConmonCgroup: podCgroup},
	}}
}

// Build fills in the target's pause image unless an option set one, and
// validates; errs are what the options refused.
func (b *builder) Build(errs field.ErrorList) (*Config, error) {
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	if !b.pauseSet {
		b.cfg.Image.PauseImage = DefaultPauseImage(b.target)
	}
	if _, err := b.cfg.Validate(b.target); err != nil {
		return nil, err
	}
	return b.cfg, nil
}

// DefaultPauseImage is the pause image a CRI-O release uses when
// pause_image is not set: registry.k8s.io/pause 3.6 (1.24 to 1.27), 3.9
// (1.28 to 1.30), 3.10 (1.31 to 1.33) and 3.10.1 (1.34).
func DefaultPauseImage(target runtime.Version) string {
	switch {
	case target.Before(v1_28):
		return "registry.k8s.io/pause:3.6"
	case target.Before(v1_31):
		return "registry.k8s.io/pause:3.9"
	case target.Before(v1_34):
		return "registry.k8s.io/pause:3.10"
	default:
		return "registry.k8s.io/pause:3.10.1"
	}
}

// New returns the drop-in a Kubernetes node needs, validated for the
// target release (WithVersion, default DefaultVersion). It writes what the
// node must agree on rather than leave to package defaults:
// cgroup_manager "systemd" with conmon_cgroup "pod" (WithCgroupDriver),
// as kubeadm's kubelet expects, and pause_image, by default the target's
// own (DefaultPauseImage, or WithSandboxImage), so that the kubelet's and
// CRI-O's idea of it can be checked. Everything else stays with the
// packaged configuration. Warnings of Validate do not fail New; errors do.
func New(opts ...Option) (*Config, error) {
	return options.Build(newBuilder(DefaultVersion), opts)
}

// WithVersion sets the target CRI-O release, such as "1.31" or "1.34.2":
// the one New validates for and whose default pause image it writes, and
// the one an Installer validates for. Default DefaultVersion.
func WithVersion(version string) VersionOption { return targetRelease.Option(version) }

// WithCgroupDriver sets cgroup_manager, which must match the kubelet's
// cgroupDriver, and conmon_cgroup "pod": conmon then lives in the pod's
// cgroup, the one value valid with both drivers, and conmon_cgroup
// replaces the monitor_cgroup of every oci runtime, including those of
// the packaged configuration.
func WithCgroupDriver(d runtime.CgroupDriver) ConfigOption {
	return ConfigOption{Name: "WithCgroupDriver", Set: func(b *builder) error {
		if errs := d.Validate(runtimePath.Child("cgroup_manager")); len(errs) > 0 {
			return errs.Err()
		}
		b.cfg.Runtime.CgroupManager = d
		b.cfg.Runtime.ConmonCgroup = podCgroup
		return nil
	}}
}

// WithSandboxImage sets pause_image, the image of every pod's infra
// container; pin it by tag or digest.
func WithSandboxImage(image string) ConfigOption {
	return ConfigOption{Name: "WithSandboxImage", Set: func(b *builder) error {
		if errs := runtime.ValidateImage(imagePath.Child("pause_image"), image); len(errs) > 0 {
			return errs.Err()
		}
		b.cfg.Image.PauseImage = image
		b.pauseSet = true
		return nil
	}}
}

// WithEndpoint sets the CRI endpoint CRI-O serves, a unix:// URL such as
// runtime.CRIOEndpoint: listen becomes its socket path, and the
// Installer's Endpoint follows it.
func WithEndpoint(endpoint string) ConfigOption {
	return ConfigOption{Name: "WithEndpoint", Set: func(b *builder) error {
		if errs := runtime.ValidateCRIEndpoint(apiPath.Child("listen"), endpoint, true); len(errs) > 0 {
			return errs.Err()
		}
		u, _ := url.Parse(endpoint) // ValidateCRIEndpoint parsed it
		b.cfg.API.Listen = u.Path
		return nil
	}}
}

// WithRuntime adds a [crio.runtime.runtimes.NAME] table. CRI-O replaces a
// handler of the same name from an earlier file as a whole, so redefining
// crun or runc here must give every key the node needs.
func WithRuntime(name string, h RuntimeHandler) ConfigOption {
	return ConfigOption{Name: "WithRuntime", Set: func(b *builder) error {
		if b.cfg.Runtime.Runtimes == nil {
			b.cfg.Runtime.Runtimes = map[string]RuntimeHandler{}
		}
		b.cfg.Runtime.Runtimes[name] = h
		return nil
	}}
}

// WithDefaultRuntime sets default_runtime, the handler of pods that name
// no RuntimeClass: the release's built-in one or one added by WithRuntime.
func WithDefaultRuntime(name string) ConfigOption {
	return ConfigOption{Name: "WithDefaultRuntime", Set: func(b *builder) error {
		b.cfg.Runtime.DefaultRuntime = name
		return nil
	}}
}

// WithCNI sets network_dir and plugin_dirs (CRI-O's defaults are
// /etc/cni/net.d/ and /opt/cni/bin/); an empty argument leaves that key
// unset.
func WithCNI(networkDir string, pluginDirs ...string) ConfigOption {
	return ConfigOption{Name: "WithCNI", Set: func(b *builder) error {
		b.cfg.Network.NetworkDir = networkDir
		if len(pluginDirs) > 0 {
			b.cfg.Network.PluginDirs = append([]string{}, pluginDirs...)
		}
		return nil
	}}
}

// WithEdit lets a caller change anything else before New validates.
func WithEdit(edit func(*Config)) ConfigOption {
	return ConfigOption{Name: "WithEdit", Set: func(b *builder) error {
		edit(b.cfg)
		return nil
	}}
}
