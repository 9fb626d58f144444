package kubelet

import (
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
)

// The KubeletConfiguration file: its API version and kind, and where
// kubeadm (and kubenode) put it.
const (
	ConfigAPIVersion  = "kubelet.config.k8s.io/v1beta1"
	ConfigKind        = "KubeletConfiguration"
	DefaultConfigPath = "/var/lib/kubelet/config.yaml"
)

// Defaults New starts from, as kubeadm writes them.
const (
	DefaultClusterDomain = "cluster.local"
	DefaultStaticPodPath = "/etc/kubernetes/manifests"
	DefaultClientCAFile  = "/etc/kubernetes/pki/ca.crt"
)

// Config is the kubelet's config file: the upstream v1beta1
// KubeletConfiguration (k8s.io/kubelet/config/v1beta1), whose fields and
// keys it embeds unchanged (see that package for each field's key, default
// and the releases that know it). Render writes it with apiVersion and kind
// set and without the zero values the plain encoder would print; Parse
// reads it strictly.
type Config struct {
	v1beta1.KubeletConfiguration
}

// New returns a KubeletConfiguration as kubeadm starts it: the systemd
// cgroup driver, cluster.local, static pods in /etc/kubernetes/manifests,
// the cluster CA for client certificates and client certificate rotation;
// then it applies opts in order and validates the result for the target
// release (WithVersion, default DefaultVersion).
func New(opts ...Option) (*Config, error) {
	b := newBuilder()
	if errs := options.Apply(b, opts); len(errs) > 0 {
		return nil, errs.Err()
	}
	if err := b.cfg.Validate(b.target); err != nil {
		return nil, err
	}
	return &b.cfg, nil
}

// WithVersion sets the target Kubernetes release ("1.31", "v1.37.2"),
// default DefaultVersion: the one New validates for, and the one an
// Installer renders for, which decides which flags exist and whether the
// runtime endpoint goes in the config file (1.27 and later) or in a flag.
func WithVersion(version string) VersionOption { return targetRelease.Option(version) }

// WithCgroupDriver sets cgroupDriver. It must match the runtime's; from
// CgroupDriverFromCRI the kubelet asks a runtime that can tell and uses its
// answer instead.
func WithCgroupDriver(d runtime.CgroupDriver) ConfigOption {
	return setting("WithCgroupDriver", d, func(c *Config, d runtime.CgroupDriver) { c.CgroupDriver = string(d) })
}

// WithRuntimeEndpoint sets containerRuntimeEndpoint, the CRI socket as a
// unix:// URL. The kubelet reads it from the file from 1.27; the Installer
// moves it to --container-runtime-endpoint for an older target.
func WithRuntimeEndpoint(endpoint string) ConfigOption {
	return setting("WithRuntimeEndpoint", endpoint, func(c *Config, endpoint string) { c.ContainerRuntimeEndpoint = endpoint })
}

// WithClusterDNS sets clusterDNS, the cluster DNS service IPs pods use
// (kubeadm: the tenth address of the service CIDR, 10.96.0.10).
func WithClusterDNS(ips ...string) ConfigOption {
	return setting("WithClusterDNS", ips, func(c *Config, ips []string) { c.ClusterDNS = append([]string(nil), ips...) })
}

// WithClusterDomain sets clusterDomain (default cluster.local).
func WithClusterDomain(domain string) ConfigOption {
	return setting("WithClusterDomain", domain, func(c *Config, domain string) { c.ClusterDomain = domain })
}

// WithStaticPodPath sets staticPodPath, the directory of static pod
// manifests ("" for none).
func WithStaticPodPath(path string) ConfigOption {
	return setting("WithStaticPodPath", path, func(c *Config, path string) { c.StaticPodPath = path })
}

// WithClientCAFile sets authentication.x509.clientCAFile, the CA that signs
// the API server's client certificate ("" turns client certificate
// authentication off).
func WithClientCAFile(path string) ConfigOption {
	return setting("WithClientCAFile", path, func(c *Config, path string) { c.Authentication.X509.ClientCAFile = path })
}

// WithEdit lets the caller change any field of the upstream type directly;
// New validates the result like any other.
func WithEdit(edit func(*Config)) ConfigOption {
	return setting("WithEdit", edit, func(c *Config, edit func(*Config)) {
		if edit != nil { // WithEdit(nil) sets nothing
			edit(c)
		}
	})
}

// clone returns a deep copy, so a caller's Config is never changed.
func (c *Config) clone() *Config {
	return &Config{KubeletConfiguration: *c.KubeletConfiguration.DeepCopy()}
}
