package kubelet

import (
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/runtime"
)

// The KubeletConfiguration file: its API version and kind, and where
// kubeadm (and kubenode) put it.
const (
	ConfigAPIVersion  = "kubelet.config.k8s.io/v1beta1"
	ConfigKind        = "KubeletConfiguration"
	DefaultConfigPath = "/var/lib/kubelet/config.yaml"
)

// Defaults NewConfig starts from, as kubeadm writes them.
const (
	DefaultClusterDomain = "cluster.local"
	DefaultStaticPodPath = "/etc/kubernetes/manifests"
	DefaultClientCAFile  = "/etc/kubernetes/pki/ca.crt"
)

// Config is the kubelet's config file: the upstream v1beta1
// KubeletConfiguration (k8s.io/kubelet/config/v1beta1), whose fields and
// keys it embeds unchanged (see that package for each field's key, default
// and the releases that know it). Render writes it with apiVersion and kind
// set and without the zero values the plain encoder would print; ParseConfig
// reads it strictly.
type Config struct {
	v1beta1.KubeletConfiguration
}

// ConfigOption sets one part of a Config in NewConfig.
type ConfigOption func(*Config)

// NewConfig returns a KubeletConfiguration as kubeadm starts it: the
// systemd cgroup driver, cluster.local, static pods in
// /etc/kubernetes/manifests, the cluster CA for client certificates and
// client certificate rotation; then it applies opts in order and validates
// what does not depend on the target version (see Validate for that).
func NewConfig(opts ...ConfigOption) (*Config, error) {
	rotate := true
	c := &Config{KubeletConfiguration: v1beta1.KubeletConfiguration{
		CgroupDriver:       string(runtime.CgroupSystemd),
		ClusterDomain:      DefaultClusterDomain,
		StaticPodPath:      DefaultStaticPodPath,
		RotateCertificates: rotate,
		Authentication: v1beta1.KubeletAuthentication{
			X509: v1beta1.KubeletX509Authentication{ClientCAFile: DefaultClientCAFile},
		},
	}}
	for _, o := range opts {
		o(c)
	}
	if err := c.validateValues().Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// WithCgroupDriver sets cgroupDriver. It must match the runtime's; from
// 1.34 (KubeletCgroupDriverFromCRI) the kubelet asks a runtime that can tell
// and uses its answer instead.
func WithCgroupDriver(d runtime.CgroupDriver) ConfigOption {
	return func(c *Config) { c.CgroupDriver = string(d) }
}

// WithRuntimeEndpoint sets containerRuntimeEndpoint, the CRI socket as a
// unix:// URL. The kubelet reads it from the file from 1.27; the Installer
// moves it to --container-runtime-endpoint for an older target.
func WithRuntimeEndpoint(endpoint string) ConfigOption {
	return func(c *Config) { c.ContainerRuntimeEndpoint = endpoint }
}

// WithClusterDNS sets clusterDNS, the cluster DNS service IPs pods use
// (kubeadm: the tenth address of the service CIDR, 10.96.0.10).
func WithClusterDNS(ips ...string) ConfigOption {
	return func(c *Config) { c.ClusterDNS = append([]string(nil), ips...) }
}

// WithClusterDomain sets clusterDomain (default cluster.local).
func WithClusterDomain(domain string) ConfigOption {
	return func(c *Config) { c.ClusterDomain = domain }
}

// WithStaticPodPath sets staticPodPath, the directory of static pod
// manifests ("" for none).
func WithStaticPodPath(path string) ConfigOption {
	return func(c *Config) { c.StaticPodPath = path }
}

// WithClientCAFile sets authentication.x509.clientCAFile, the CA that signs
// the API server's client certificate ("" turns client certificate
// authentication off).
func WithClientCAFile(path string) ConfigOption {
	return func(c *Config) { c.Authentication.X509.ClientCAFile = path }
}

// WithOverrides lets the caller change any field of the upstream type
// directly; NewConfig validates the result like any other.
func WithOverrides(f func(*v1beta1.KubeletConfiguration)) ConfigOption {
	return func(c *Config) { f(&c.KubeletConfiguration) }
}

// clone returns a deep copy, so a caller's Config is never changed.
func (c *Config) clone() *Config {
	return &Config{KubeletConfiguration: *c.KubeletConfiguration.DeepCopy()}
}
