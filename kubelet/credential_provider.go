package kubelet

import (
	"io/fs"

	credentialproviderv1 "k8s.io/kubelet/config/v1"
	kubeletconfigv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The image credential provider's config file: where the Installer writes
// it and the API versions it is written in.
const (
	// CredentialProviderConfigPath is where WithCredentialProvider writes
	// the CredentialProviderConfig (--image-credential-provider-config).
	CredentialProviderConfigPath = "/etc/kubernetes/credential-provider.yaml"
	// CredentialProviderKind is the file's kind.
	CredentialProviderKind = "CredentialProviderConfig"
	// CredentialProviderAPIVersion is the file's apiVersion for a 1.26 or
	// later target, where the API is GA.
	CredentialProviderAPIVersion = "kubelet.config.k8s.io/v1"
	// CredentialProviderAPIVersionBeta is the file's apiVersion for a 1.24
	// or 1.25 target, which lack v1 (k8s.io/kubelet v0.24.17 and v0.25.16
	// have config/v1alpha1 and v1beta1 only; v0.26.15 adds v1).
	CredentialProviderAPIVersionBeta = "kubelet.config.k8s.io/v1beta1"
)

// credentialProviderGA is the first release whose kubelet reads
// kubelet.config.k8s.io/v1 and the exec plugin API
// credentialprovider.kubelet.k8s.io/v1.
var credentialProviderGA = v1(26)

// credentialProvider is what WithCredentialProvider gave: the config
// (a copy) and the plugins' directory.
type credentialProvider struct {
	config *credentialproviderv1.CredentialProviderConfig
	binDir string
}

// WithCredentialProvider makes the kubelet ask exec plugins for image pull
// credentials (KEP-2133): the Installer writes cfg, the upstream
// CredentialProviderConfig (copied, so later changes to it do not reach
// the Installer), to CredentialProviderConfigPath and sets
// --image-credential-provider-config to it and
// --image-credential-provider-bin-dir to binDir. A nil cfg takes a
// provider set earlier away.
//
// NewInstaller validates cfg as the target kubelet does at start (which
// then stops on any problem): at least one provider; each with a name
// that can be a file in binDir, given once; at least one matchImages
// pattern the kubelet parses; a defaultCacheDuration of zero or more; an
// exec plugin apiVersion the target knows
// (credentialprovider.kubelet.k8s.io/v1alpha1 and v1beta1, v1 from 1.26);
// tokenAttributes only from 1.33 and with its feature gate on (see
// validateTokenAttributes). It also refuses what the kubelet accepts but
// never matches: a pattern with a scheme, a glob outside the host. binDir
// must be an absolute path.
//
// The file's apiVersion follows the target: kubelet.config.k8s.io/v1 from
// 1.26 (GA), v1beta1 for 1.24 and 1.25. Its TypeMeta is set by the
// Installer; cfg may leave it empty or give the v1 one. The file is mode
// 0644, or 0600 once a provider has env entries: the type cannot tell a
// credential handed to a plugin from any other value, so such a file is
// treated as a secret (runtime.SecretMode: never shown in a golden file or
// a dry-run diff). A change to it restarts the kubelet, which reads it
// only at start. The Installer
// ships no plugin: binDir and an executable named as each provider must be
// on the node before the kubelet starts, or it stops ("plugin binary
// directory ... did not exist").
func WithCredentialProvider(cfg *credentialproviderv1.CredentialProviderConfig, binDir string) InstallerOption {
	return installerOption(credentialProvider{config: cfg, binDir: binDir}, func(in *Installer, cp credentialProvider) {
		in.credentialProvider = nil
		if cp.config != nil {
			in.credentialProvider = &credentialProvider{config: cp.config.DeepCopy(), binDir: cp.binDir}
		}
	})
}

// binDirPath is where a problem with the plugins' directory is reported.
var binDirPath = flagPath("image-credential-provider-bin-dir")

// check validates the provider for the target kubelet; gates are the
// feature gates of the kubelet's config. binDirOK tells whether binDir
// may go on the command line; when it may not, check has said why.
func (cp *credentialProvider) check(target runtime.Version, gates map[string]bool) (errs field.ErrorList, binDirOK bool) {
	binDirErrs := runtime.ValidateNodePath(binDirPath, cp.binDir)
	errs = append(errs, binDirErrs...)
	errs = append(errs, validateCredentialProviderConfig(cp.config, target, gates)...)
	return errs, len(binDirErrs) == 0
}

// planFile renders the config for the target as the plan's file. It does
// not validate: check does.
func (cp *credentialProvider) planFile(target runtime.Version) (runtime.File, error) {
	data, err := yamlenc.Marshal(credentialProviderObject(cp.config, target))
	if err != nil {
		return runtime.File{}, err
	}
	mode := fs.FileMode(0o644)
	if cp.hasEnv() {
		mode = 0o600
	}
	// The kubelet registers its plugins once, at start.
	return runtime.File{Path: CredentialProviderConfigPath, Mode: mode, Content: data, RestartUnits: []string{UnitName}}, nil
}

// hasEnv reports whether a provider has env entries, whose values may be
// credentials.
func (cp *credentialProvider) hasEnv() bool {
	for _, p := range cp.config.Providers {
		if len(p.Env) > 0 {
			return true
		}
	}
	return false
}

// credentialProviderObject is the file's object for the target: the v1
// config with its TypeMeta set from 1.26, else the same providers in the
// v1beta1 type, whose fields are the same apart from tokenAttributes,
// which validation refuses before 1.33.
func credentialProviderObject(cfg *credentialproviderv1.CredentialProviderConfig, target runtime.Version) any {
	if !target.MinorOf().Before(credentialProviderGA) {
		c := *cfg
		c.APIVersion, c.Kind = CredentialProviderAPIVersion, CredentialProviderKind
		return &c
	}
	beta := &kubeletconfigv1beta1.CredentialProviderConfig{}
	beta.APIVersion, beta.Kind = CredentialProviderAPIVersionBeta, CredentialProviderKind
	for _, p := range cfg.Providers {
		bp := kubeletconfigv1beta1.CredentialProvider{Name: p.Name, MatchImages: p.MatchImages,
			DefaultCacheDuration: p.DefaultCacheDuration, APIVersion: p.APIVersion, Args: p.Args}
		for _, e := range p.Env {
			bp.Env = append(bp.Env, kubeletconfigv1beta1.ExecEnvVar{Name: e.Name, Value: e.Value})
		}
		beta.Providers = append(beta.Providers, bp)
	}
	return beta
}
