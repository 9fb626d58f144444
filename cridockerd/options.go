package cridockerd

import (
	"fmt"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Option configures New: WithVersion or a ConfigOption.
type Option = options.Option[*builder]

// ConfigOption sets a flag. New applies it; NewInstaller hands it to New,
// and refuses it next to WithConfig, which gives all the flags.
type ConfigOption = options.Setting[*builder, *Installer]

// VersionOption sets the target cri-dockerd release; New and NewInstaller
// both take it.
type VersionOption = options.Version[*builder, *Installer]

type builder struct {
	target runtime.Version
	flags  Flags
}

func newBuilder(target runtime.Version) *builder {
	return &builder{target: target, flags: Flags{ContainerRuntimeEndpoint: SocketActivated, NetworkPlugin: NetworkPluginCNI}}
}

// Build validates the flags for the target; errs are what the options
// refused.
func (b *builder) Build(errs field.ErrorList) (*Flags, error) {
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
	return options.Build(newBuilder(DefaultVersion), opts)
}

// WithVersion sets the cri-dockerd release ("0.4.0"): the one New validates
// the flags for, and the one an Installer plans. Default DefaultVersion.
func WithVersion(v string) VersionOption { return targetRelease.Option(v) }

// WithSandboxImage sets --pod-infra-container-image, the pause image
// (default: cri-dockerd's own, registry.k8s.io/pause:3.10 in 0.4).
func WithSandboxImage(image string) ConfigOption {
	return ConfigOption{Name: "WithSandboxImage", Set: func(b *builder) error {
		b.flags.PodInfraContainerImage = image
		return nil
	}}
}

// WithNetworkPlugin sets --network-plugin (default cni).
func WithNetworkPlugin(plugin string) ConfigOption {
	return ConfigOption{Name: "WithNetworkPlugin", Set: func(b *builder) error {
		b.flags.NetworkPlugin = plugin
		return nil
	}}
}

// WithEndpoint sets --container-runtime-endpoint (default fd://, for
// cri-docker.socket).
func WithEndpoint(endpoint string) ConfigOption {
	return ConfigOption{Name: "WithEndpoint", Set: func(b *builder) error {
		b.flags.ContainerRuntimeEndpoint = endpoint
		return nil
	}}
}

// WithIPv6DualStack sets --ipv6-dual-stack: pods get an IPv6 address as
// well, as a dual-stack node (an IPv4 and an IPv6 node IP) needs.
func WithIPv6DualStack(on bool) ConfigOption {
	return ConfigOption{Name: "WithIPv6DualStack", Set: func(b *builder) error {
		b.flags.IPv6DualStack = on
		return nil
	}}
}

// WithEdit changes any other flag; it runs after the defaults are set.
func WithEdit(edit func(*Flags)) ConfigOption {
	return ConfigOption{Name: "WithEdit", Set: func(b *builder) error {
		edit(&b.flags)
		return nil
	}}
}
