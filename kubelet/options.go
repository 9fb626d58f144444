package kubelet

import (
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Option configures New: WithVersion or a ConfigOption.
type Option = options.Option[*builder]

// InstallerOption configures NewInstaller: WithVersion, a ConfigOption,
// or an option of NewInstaller only.
type InstallerOption = options.InstallerOption[*Installer]

// ConfigOption sets something in the Config. New applies it; NewInstaller
// hands it to New, and refuses it next to WithConfig, which gives the
// whole Config.
type ConfigOption = options.Setting[*builder, *Installer]

// setting is a ConfigOption that stores v in the Config with set; none
// fails, as New validates what they set, all at once. set captures
// nothing, so a setting costs one allocation, the closure holding v.
func setting[T any](name string, v T, set func(c *Config, v T)) ConfigOption {
	return ConfigOption{Name: name, Set: func(b *builder) error {
		set(&b.cfg, v)
		return nil
	}}
}

// VersionOption sets the target Kubernetes release; New and NewInstaller
// both take it.
type VersionOption = options.Version[*builder, *Installer]

// targetRelease is how New and NewInstaller take the target release: named
// "kubernetes" in problems; ValidateVersion judges a parsed one later, with
// everything else.
var targetRelease = options.Target[*builder, *Installer]{Path: field.NewPath("kubernetes"), Validate: ValidateVersion,
	Config:    func(b *builder) *runtime.Version { return &b.target },
	Installer: func(in *Installer) *runtime.Version { return &in.version }}

// installerOption is an InstallerOption that only NewInstaller takes: it
// stores v in the Installer with set. None of them fails: NewInstaller
// validates what they set, all at once. set captures nothing, so an
// option costs one allocation, the closure holding v.
func installerOption[T any](v T, set func(in *Installer, v T)) InstallerOption {
	return options.InstallerFunc[*Installer](func(in *Installer) error {
		set(in, v)
		return nil
	})
}

// builder is what the options of New set; New returns its cfg, so the
// two take one allocation.
type builder struct {
	target runtime.Version
	cfg    Config
}

// newBuilder starts from the KubeletConfiguration kubeadm writes (see New).
func newBuilder() *builder {
	return &builder{target: DefaultVersion, cfg: Config{KubeletConfiguration: v1beta1.KubeletConfiguration{
		CgroupDriver:       string(runtime.CgroupSystemd),
		ClusterDomain:      DefaultClusterDomain,
		StaticPodPath:      DefaultStaticPodPath,
		RotateCertificates: true,
		Authentication: v1beta1.KubeletAuthentication{
			X509: v1beta1.KubeletX509Authentication{ClientCAFile: DefaultClientCAFile},
		},
	}}}
}
