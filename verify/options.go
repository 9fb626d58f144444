package verify

import (
	"errors"
	"net/url"
	"time"
)

// DefaultTimeout bounds a whole Node call when WithTimeout does not: every
// question to the runtime, the kubelet and the API server shares it.
const DefaultTimeout = 10 * time.Second

// DefaultKubeletHealthz is the kubelet's healthz endpoint when its config
// leaves healthzBindAddress and healthzPort to their defaults.
const DefaultKubeletHealthz = "http://127.0.0.1:10248/healthz"

// Option changes how Node asks the running node.
type Option func(*settings)

// settings are the options, applied.
type settings struct {
	endpoint    string
	root        string
	healthz     string
	kubeconfig  string
	nodeName    string
	timeout     time.Duration
	skipKubelet bool
	netns       string
}

// WithEndpoint makes Node ask the runtime on endpoint (unix:///path, or
// a bare socket path) instead of the one the kubelet of the plan talks to:
// for a runtime whose socket was moved, as tests move it. The root is not
// prepended to it. Findings keep naming the planned endpoint's socket.
func WithEndpoint(endpoint string) Option {
	return func(s *settings) { s.endpoint = endpoint }
}

// WithRoot is the directory that is the node's / as this process sees it:
// "/" (the default) on the node itself, /proc/PID/root for a node running
// in its own mount namespace. The planned CRI socket is found under it
// (/var/run, a link to /run, read as /run), and so are the files a
// kubeconfig under it names (WithKubeconfig).
func WithRoot(root string) Option {
	return func(s *settings) { s.root = root }
}

// WithKubeletHealthz makes Node ask the kubelet's health on url instead of
// the one its planned config names (healthzBindAddress and healthzPort,
// DefaultKubeletHealthz when left to the kubelet).
func WithKubeletHealthz(url string) Option {
	return func(s *settings) { s.healthz = url }
}

// WithoutKubelet leaves the kubelet out: only the runtime is asked, for a
// node whose kubelet is not started yet. WithKubeconfig still checks the
// Node object.
func WithoutKubelet() Option {
	return func(s *settings) { s.skipKubelet = true }
}

// WithKubeconfig makes Node also read the node's Node object from the API
// server the kubeconfig at path names (a path as this process sees it):
// its Ready condition, and the runtime and kubelet versions it reports. A
// kubeconfig inside WithRoot's directory is the node's own (its
// /etc/kubernetes/kubelet.conf): the certificate, key and token files it
// names are node paths, read under the root too.
func WithKubeconfig(path string) Option {
	return func(s *settings) { s.kubeconfig = path }
}

// WithNetworkNamespace makes Node reach the kubelet's healthz and the API
// server from inside the network namespace at path (/proc/PID/ns/net of a
// process in it), for a node whose kubelet and control plane listen on a
// namespace's own loopback. The CRI socket is a file, reached through
// WithRoot instead. Linux only.
func WithNetworkNamespace(path string) Option {
	return func(s *settings) { s.netns = path }
}

// WithNodeName names the Node object WithKubeconfig reads. Default: the
// kubelet's hostname override of the plan, else the host name of this
// machine (as the kubelet registers itself).
func WithNodeName(name string) Option {
	return func(s *settings) { s.nodeName = name }
}

// WithTimeout bounds the whole Node call (DefaultTimeout when not given):
// a runtime, kubelet or API server that does not answer in time is a
// finding, never a hang.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) { s.timeout = d }
}

// newSettings applies opts to the defaults and checks them.
func newSettings(opts []Option) (settings, error) {
	s := settings{root: "/", timeout: DefaultTimeout}
	for _, o := range opts {
		o(&s)
	}
	var errs []error
	if s.timeout <= 0 {
		errs = append(errs, errors.New("verify: WithTimeout must be positive"))
	}
	if s.root == "" {
		errs = append(errs, errors.New("verify: WithRoot must name a directory"))
	}
	if s.healthz != "" {
		if u, err := url.Parse(s.healthz); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("verify: WithKubeletHealthz must be an http:// or https:// URL"))
		}
	}
	if s.endpoint != "" && socketOf(s.endpoint) == "" {
		errs = append(errs, errors.New("verify: WithEndpoint must be a unix:// URL or an absolute socket path"))
	}
	return s, errors.Join(errs...)
}
