package docker

import (
	"fmt"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// DockerHub is the registry name Docker's registry-mirrors serve.
const DockerHub = "docker.io"

// Option configures New: WithVersion or a ConfigOption.
type Option = options.Option[*builder]

// ConfigOption sets a key of daemon.json. New applies it; NewInstaller
// hands it to New, and refuses it next to WithConfig, which gives the whole
// file.
type ConfigOption = options.Setting[*builder, *Installer]

// VersionOption sets the target Docker Engine release; New and
// NewInstaller both take it.
type VersionOption = options.Version[*builder, *Installer]

// builder is what the options of New set.
type builder struct {
	target runtime.Version
	cfg    DaemonConfig
}

func newBuilder(target runtime.Version) *builder {
	return &builder{target: target, cfg: DaemonConfig{
		ExecOpts:      []string{"native.cgroupdriver=" + string(runtime.CgroupSystemd)},
		LogDriver:     "json-file",
		LogOpts:       map[string]string{"max-size": "10m", "max-file": "3"},
		StorageDriver: "overlay2",
	}}
}

// Build validates the file for the target (without unit flags; the
// Installer checks those); errs are what the options refused.
func (b *builder) Build(errs field.ErrorList) (*DaemonConfig, error) {
	if _, err := b.cfg.Validate(b.target, nil); err != nil {
		errs = append(errs, field.ErrorsAt(nil, err)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("docker %s: %w", b.target, errs)
	}
	return &b.cfg, nil
}

// New returns the daemon.json of a Kubernetes node for a Docker release
// (WithVersion, default DefaultVersion): native.cgroupdriver=systemd,
// json-file logs capped at 3 files of 10m, the overlay2 storage driver, and
// what the options change. It validates the result for that release and
// returns every problem as a field.ErrorList.
func New(opts ...Option) (*DaemonConfig, error) {
	return options.Build(newBuilder(DefaultVersion), opts)
}

// WithVersion sets the Docker Engine release ("28.5", "20.10.24"): the one
// New validates for, and the one an Installer checks the unit's flags
// against. Default DefaultVersion.
func WithVersion(v string) VersionOption { return targetRelease.Option(v) }

// WithCgroupDriver sets exec-opts native.cgroupdriver (default systemd). It
// must match the kubelet's cgroupDriver.
func WithCgroupDriver(d runtime.CgroupDriver) ConfigOption {
	return ConfigOption{Name: "WithCgroupDriver", Set: func(b *builder) error {
		b.cfg.ExecOpts = []string{"native.cgroupdriver=" + string(d)}
		return nil
	}}
}

// WithMirrors sets registry-mirrors from a node's mirror list. Docker
// mirrors Docker Hub only, so a mirror of another registry, or of
// "_default", is refused rather than dropped (see the package's Mirrors
// section); HubMirrors splits a list first.
func WithMirrors(mirrors []runtime.Mirror) ConfigOption {
	return ConfigOption{Name: "WithMirrors", Set: func(b *builder) error {
		p := field.NewPath("mirrors")
		errs := runtime.ValidateMirrors(p, mirrors)
		for i, m := range mirrors {
			if m.Registry != DockerHub {
				errs = append(errs, field.NotSupported(p.Index(i).Child("registry"), m.Registry, []string{DockerHub}))
			}
		}
		hub, _ := HubMirrors(mirrors)
		b.cfg.RegistryMirrors = nil
		for _, m := range hub {
			b.cfg.RegistryMirrors = append(b.cfg.RegistryMirrors, m.URL)
		}
		return errs.Err()
	}}
}

// HubMirrors splits mirrors into those Docker can use (of docker.io) and
// the others.
func HubMirrors(mirrors []runtime.Mirror) (hub, others []runtime.Mirror) {
	for _, m := range mirrors {
		if m.Registry == DockerHub {
			hub = append(hub, m)
		} else {
			others = append(others, m)
		}
	}
	return hub, others
}

// WithLogDriver sets log-driver (default json-file) and drops log-opts,
// which belong to a driver; set them after with WithLogOpts.
func WithLogDriver(driver string) ConfigOption {
	return ConfigOption{Name: "WithLogDriver", Set: func(b *builder) error {
		b.cfg.LogDriver = driver
		b.cfg.LogOpts = nil
		return nil
	}}
}

// WithLogOpts sets log-opts (default max-size 10m, max-file 3: bounded
// json-file logs, as the seed guide sets them).
func WithLogOpts(opts map[string]string) ConfigOption {
	return ConfigOption{Name: "WithLogOpts", Set: func(b *builder) error {
		b.cfg.LogOpts = map[string]string{}
		for k, v := range opts {
			b.cfg.LogOpts[k] = v
		}
		return nil
	}}
}

// WithStorageDriver sets storage-driver (default overlay2).
func WithStorageDriver(driver string) ConfigOption {
	return ConfigOption{Name: "WithStorageDriver", Set: func(b *builder) error {
		b.cfg.StorageDriver = driver
		return nil
	}}
}

// WithDataRoot sets data-root, where dockerd keeps images, containers and
// volumes (dockerd's default /var/lib/docker when not used). New refuses a
// relative path, and the Installer a unit that also passes --data-root.
func WithDataRoot(dir string) ConfigOption {
	return ConfigOption{Name: "WithDataRoot", Set: func(b *builder) error {
		b.cfg.DataRoot = dir
		return nil
	}}
}

// WithInsecureRegistries sets insecure-registries.
func WithInsecureRegistries(regs ...string) ConfigOption {
	return ConfigOption{Name: "WithInsecureRegistries", Set: func(b *builder) error {
		b.cfg.InsecureRegistries = append([]string(nil), regs...)
		return nil
	}}
}

// WithEdit runs edit on daemon.json as the options before it left it,
// before New validates it: for keys no option sets.
func WithEdit(edit func(*DaemonConfig)) ConfigOption {
	return ConfigOption{Name: "WithEdit", Set: func(b *builder) error {
		edit(&b.cfg)
		return nil
	}}
}
