package cridockerd

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

type builder struct {
	target runtime.Version
	flags  Flags
	errs   field.ErrorList
}

// Option changes the Flags New builds.
type Option func(*builder)

// WithVersion sets the cri-dockerd release ("0.4.0"); default
// DefaultVersion.
func WithVersion(v string) Option {
	return func(b *builder) {
		parsed, err := runtime.ParseVersion(v)
		if err != nil {
			b.errs = append(b.errs, field.Invalid(field.NewPath("cri-dockerd-version"), v, err.Error()))
			return
		}
		b.target = parsed
	}
}

// WithPodInfraContainerImage sets --pod-infra-container-image, the pause
// image (default: cri-dockerd's own, registry.k8s.io/pause:3.10 in 0.4).
func WithPodInfraContainerImage(image string) Option {
	return func(b *builder) { b.flags.PodInfraContainerImage = image }
}

// WithNetworkPlugin sets --network-plugin (default cni).
func WithNetworkPlugin(plugin string) Option {
	return func(b *builder) { b.flags.NetworkPlugin = plugin }
}

// WithEndpoint sets --container-runtime-endpoint (default fd://, for
// cri-docker.socket).
func WithEndpoint(endpoint string) Option {
	return func(b *builder) { b.flags.ContainerRuntimeEndpoint = endpoint }
}

// WithFlags changes any other flag; it runs after the defaults are set.
func WithFlags(edit func(*Flags)) Option {
	return func(b *builder) { edit(&b.flags) }
}

// New returns the flags of a socket-activated cri-dockerd on a Kubernetes
// node: --container-runtime-endpoint=fd:// and --network-plugin=cni, plus
// what the options set. It validates them for the release.
func New(opts ...Option) (*Flags, error) {
	b := &builder{target: DefaultVersion, flags: Flags{ContainerRuntimeEndpoint: SocketActivated, NetworkPlugin: NetworkPluginCNI}}
	for _, o := range opts {
		o(b)
	}
	errs := b.errs
	if _, err := b.flags.Validate(b.target); err != nil {
		errs = append(errs, field.AsList(err)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("cri-dockerd %s: %w", b.target, errs)
	}
	return &b.flags, nil
}
