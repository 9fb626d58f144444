package kubelet

import (
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Option configures New.
type Option interface {
	applyToConfig(*builder) error
}

// InstallerOption configures NewInstaller.
type InstallerOption interface {
	applyToInstaller(*Installer) error
}

// ConfigOption sets something in the Config. New applies it; NewInstaller
// hands it to New, and refuses it next to WithConfig, which gives the
// whole Config.
type ConfigOption struct {
	name string
	set  func(*Config)
}

func (o ConfigOption) applyToConfig(b *builder) error {
	if o.set != nil { // the zero ConfigOption sets nothing
		o.set(b.cfg)
	}
	return nil
}

// applyToInstaller keeps the option for the New that NewInstaller calls.
func (o ConfigOption) applyToInstaller(in *Installer) error {
	in.configOpts = append(in.configOpts, o)
	return nil
}

// VersionOption sets the target Kubernetes release; New and NewInstaller
// both take it. It holds the release parsed once, or why it does not parse
// (field.ErrInvalid at "kubernetes"); ValidateVersion judges a parsed one
// later, with everything else.
type VersionOption struct {
	target runtime.Version
	err    error
}

func (o VersionOption) applyToConfig(b *builder) error {
	b.target = o.target
	return o.err
}

func (o VersionOption) applyToInstaller(in *Installer) error {
	in.version = o.target
	return o.err
}

// targetPath names the target Kubernetes release in problems about it.
var targetPath = field.NewPath("kubernetes")

// installerOption is an InstallerOption that only NewInstaller takes; none
// of them fails: NewInstaller validates what they set, all at once.
type installerOption func(*Installer)

func (f installerOption) applyToInstaller(in *Installer) error {
	f(in)
	return nil
}

// builder is what the options of New set.
type builder struct {
	target runtime.Version
	cfg    *Config
}

// newBuilder starts from the KubeletConfiguration kubeadm writes (see New).
func newBuilder() *builder {
	return &builder{target: DefaultVersion, cfg: &Config{KubeletConfiguration: v1beta1.KubeletConfiguration{
		CgroupDriver:       string(runtime.CgroupSystemd),
		ClusterDomain:      DefaultClusterDomain,
		StaticPodPath:      DefaultStaticPodPath,
		RotateCertificates: true,
		Authentication: v1beta1.KubeletAuthentication{
			X509: v1beta1.KubeletX509Authentication{ClientCAFile: DefaultClientCAFile},
		},
	}}}
}

// apply applies opts and returns what they refused.
func (b *builder) apply(opts []Option) field.ErrorList {
	var errs field.ErrorList
	for _, o := range opts {
		errs = append(errs, field.ErrorsAt(nil, o.applyToConfig(b))...)
	}
	return errs
}
