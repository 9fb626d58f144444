package cridockerd

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Option configures New.
type Option interface {
	applyToConfig(*builder) error
}

// ConfigOption sets a flag. New applies it; NewInstaller hands it to New,
// and refuses it next to WithConfig, which gives all the flags.
type ConfigOption struct {
	name  string
	apply func(*builder) error
}

func (o ConfigOption) applyToConfig(b *builder) error { return o.apply(b) }

func (o ConfigOption) applyToInstaller(in *Installer) error {
	in.configOpts = append(in.configOpts, o)
	return nil
}

// VersionOption sets the target cri-dockerd release; New and NewInstaller
// both take it.
type VersionOption struct{ version string }

func (o VersionOption) applyToConfig(b *builder) error {
	v, err := parseTarget(o.version)
	if err == nil {
		b.target = v
	}
	return err
}

func (o VersionOption) applyToInstaller(in *Installer) error {
	v, err := parseTarget(o.version)
	if err == nil {
		in.target = v
	}
	return err
}

// parseTarget parses a WithVersion value; whether kubenode supports the
// release, Validate says (at versionPath too).
func parseTarget(s string) (runtime.Version, error) {
	v, err := runtime.ParseVersion(s)
	if err != nil {
		return runtime.Version{}, field.Invalid(versionPath, s, err.Error())
	}
	return v, nil
}

type builder struct {
	target runtime.Version
	flags  Flags
}

func newBuilder(target runtime.Version) *builder {
	return &builder{target: target, flags: Flags{ContainerRuntimeEndpoint: SocketActivated, NetworkPlugin: NetworkPluginCNI}}
}

// build validates the flags for the target; errs are what the options
// refused.
func (b *builder) build(errs field.ErrorList) (*Flags, error) {
	if _, err := b.flags.Validate(b.target); err != nil {
		errs = append(errs, field.ErrorsAt(nil, err)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("cri-dockerd %s: %w", b.target, errs)
	}
	return &b.flags, nil
}

// New returns the flags of a socket-activated cri-dockerd on a Kubernetes
// node: --container-runtime-endpoint=fd:// and --network-plugin=cni, plus
// what the options set. It validates them for the release (WithVersion,
// default DefaultVersion) and returns every problem as a field.ErrorList.
func New(opts ...Option) (*Flags, error) {
	b := newBuilder(DefaultVersion)
	var errs field.ErrorList
	for _, o := range opts {
		if err := o.applyToConfig(b); err != nil {
			errs = append(errs, field.ErrorsAt(nil, err)...)
		}
	}
	return b.build(errs)
}

// WithVersion sets the cri-dockerd release ("0.4.0"): the one New validates
// the flags for, and the one an Installer plans. Default DefaultVersion.
func WithVersion(v string) VersionOption { return VersionOption{version: v} }

// WithSandboxImage sets --pod-infra-container-image, the pause image
// (default: cri-dockerd's own, registry.k8s.io/pause:3.10 in 0.4).
func WithSandboxImage(image string) ConfigOption {
	return ConfigOption{"WithSandboxImage", func(b *builder) error {
		b.flags.PodInfraContainerImage = image
		return nil
	}}
}

// WithNetworkPlugin sets --network-plugin (default cni).
func WithNetworkPlugin(plugin string) ConfigOption {
	return ConfigOption{"WithNetworkPlugin", func(b *builder) error {
		b.flags.NetworkPlugin = plugin
		return nil
	}}
}

// WithEndpoint sets --container-runtime-endpoint (default fd://, for
// cri-docker.socket).
func WithEndpoint(endpoint string) ConfigOption {
	return ConfigOption{"WithEndpoint", func(b *builder) error {
		b.flags.ContainerRuntimeEndpoint = endpoint
		return nil
	}}
}

// WithEdit changes any other flag; it runs after the defaults are set.
func WithEdit(edit func(*Flags)) ConfigOption {
	return ConfigOption{"WithEdit", func(b *builder) error {
		edit(&b.flags)
		return nil
	}}
}
