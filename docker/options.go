package docker

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// DockerHub is the registry name Docker's registry-mirrors serve.
const DockerHub = "docker.io"

// builder is what Options change before New validates.
type builder struct {
	target runtime.Version
	cfg    DaemonConfig
	errs   field.ErrorList
}

// Option changes the daemon.json New builds.
type Option func(*builder)

// WithVersion sets the Docker Engine release the file is for ("28.5",
// "20.10.24"); the default is DefaultVersion.
func WithVersion(v string) Option {
	return func(b *builder) {
		parsed, err := runtime.ParseVersion(v)
		if err != nil {
			b.errs = append(b.errs, field.Invalid(versionPath, v, err.Error()))
			return
		}
		b.target = parsed
	}
}

// WithCgroupDriver sets exec-opts native.cgroupdriver (default systemd). It
// must match the kubelet's cgroupDriver.
func WithCgroupDriver(d runtime.CgroupDriver) Option {
	return func(b *builder) { b.cfg.ExecOpts = []string{"native.cgroupdriver=" + string(d)} }
}

// WithMirrors sets registry-mirrors from a node's mirror list. Docker
// mirrors Docker Hub only, so every mirror must be of docker.io: a mirror of
// another registry, or of "_default", is an error rather than silently
// dropped (a node would then pull from the origin its operator meant to
// avoid). Use HubMirrors to split a list first.
func WithMirrors(mirrors []runtime.Mirror) Option {
	return func(b *builder) {
		p := field.NewPath("mirrors")
		b.errs = append(b.errs, runtime.ValidateMirrors(p, mirrors)...)
		for i, m := range mirrors {
			if m.Registry != DockerHub {
				b.errs = append(b.errs, field.NotSupported(p.Index(i).Child("registry"), m.Registry, []string{DockerHub}))
			}
		}
		hub, _ := HubMirrors(mirrors)
		b.cfg.RegistryMirrors = nil
		for _, m := range hub {
			b.cfg.RegistryMirrors = append(b.cfg.RegistryMirrors, m.URL)
		}
	}
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
func WithLogDriver(driver string) Option {
	return func(b *builder) {
		b.cfg.LogDriver = driver
		b.cfg.LogOpts = nil
	}
}

// WithLogOpts sets log-opts (default max-size 10m, max-file 3: bounded
// json-file logs, as the seed guide sets them).
func WithLogOpts(opts map[string]string) Option {
	return func(b *builder) {
		b.cfg.LogOpts = map[string]string{}
		for k, v := range opts {
			b.cfg.LogOpts[k] = v
		}
	}
}

// WithStorageDriver sets storage-driver (default overlay2).
func WithStorageDriver(driver string) Option {
	return func(b *builder) { b.cfg.StorageDriver = driver }
}

// WithDataRoot sets data-root (dockerd's default /var/lib/docker when not
// used).
func WithDataRoot(dir string) Option { return func(b *builder) { b.cfg.DataRoot = dir } }

// WithInsecureRegistries sets insecure-registries.
func WithInsecureRegistries(regs ...string) Option {
	return func(b *builder) { b.cfg.InsecureRegistries = append([]string(nil), regs...) }
}

// New returns the daemon.json of a Kubernetes node for a Docker release:
// native.cgroupdriver=systemd, json-file logs capped at 3 files of 10m, the
// overlay2 storage driver, and what the options change. It validates the
// result for that release (without unit flags; the Installer checks those)
// and returns every problem as a field.ErrorList.
func New(opts ...Option) (*DaemonConfig, error) {
	b := &builder{target: DefaultVersion, cfg: DaemonConfig{
		ExecOpts:      []string{"native.cgroupdriver=" + string(runtime.CgroupSystemd)},
		LogDriver:     "json-file",
		LogOpts:       map[string]string{"max-size": "10m", "max-file": "3"},
		StorageDriver: "overlay2",
	}}
	for _, o := range opts {
		o(b)
	}
	errs := b.errs
	if _, err := b.cfg.Validate(b.target, nil); err != nil {
		errs = append(errs, field.AsList(err)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("docker %s: %w", b.target, errs)
	}
	return &b.cfg, nil
}
