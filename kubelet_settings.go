package kubenode

import (
	credentialproviderv1 "k8s.io/kubelet/config/v1"

	"github.com/kubenode/kubenode/kubelet"
)

// KubeletSettings are the kubelet's own settings that no runtime shares.
type KubeletSettings struct {
	// HostnameOverride is --hostname-override: the node's name, when it
	// is not the host's name (a DNS-1123 subdomain).
	HostnameOverride string
	// CloudProvider is --cloud-provider: "external" for a node whose
	// cloud controller manager runs in the cluster (in-tree providers are
	// gone from 1.31).
	CloudProvider string
	// ExtraFlags are more kubelet flags, each checked against the target
	// kubelet's flag set (unknown, removed and kubenode's own flags are
	// refused).
	ExtraFlags []kubelet.Flag
	// CredentialProvider is the kubelet's image credential provider
	// configuration (the upstream CredentialProviderConfig), written to
	// kubelet.CredentialProviderConfigPath and named by
	// --image-credential-provider-config, with the plugins' directory
	// CredentialProviderBinDir (--image-credential-provider-bin-dir).
	// kubenode installs no plugin.
	CredentialProvider       *credentialproviderv1.CredentialProviderConfig
	CredentialProviderBinDir string
}

// appendKubeletSettings appends the kubelet installer's options of the
// node's kubelet settings and its kubelet data directory to opts.
func (d *Node) appendKubeletSettings(opts []kubelet.InstallerOption) []kubelet.InstallerOption {
	k := d.Kubelet
	if k.HostnameOverride != "" {
		opts = append(opts, kubelet.WithHostnameOverride(k.HostnameOverride))
	}
	if k.CloudProvider != "" {
		opts = append(opts, kubelet.WithCloudProvider(k.CloudProvider))
	}
	if len(k.ExtraFlags) > 0 {
		opts = append(opts, kubelet.WithExtraFlags(k.ExtraFlags...))
	}
	if k.CredentialProvider != nil || k.CredentialProviderBinDir != "" {
		opts = append(opts, kubelet.WithCredentialProvider(k.CredentialProvider, k.CredentialProviderBinDir))
	}
	if d.DataDirs.Kubelet != "" {
		opts = append(opts, kubelet.WithRootDir(d.DataDirs.Kubelet))
	}
	return opts
}
