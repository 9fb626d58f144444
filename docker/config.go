package docker

import "encoding/json"

// DaemonPath is where dockerd reads daemon.json by default (--config-file).
const DaemonPath = "/etc/docker/daemon.json"

// DaemonConfig is daemon.json, Docker Engine's configuration file. Each typed
// field carries the file's own key; its comment names dockerd's default and
// the releases that know it where that is not every supported release.
// Pointers mark values whose zero (false, 0) is a legal setting different
// from leaving the key out. Keys dockerd knows that are not typed here live
// in Extra, unchanged.
type DaemonConfig struct {
	// ExecOpts is exec-opts: runtime options as "name=value". On Linux the
	// only one is native.cgroupdriver=systemd|cgroupfs (default cgroupfs on
	// cgroup v1, systemd on a cgroup v2 host running systemd).
	ExecOpts []string `json:"exec-opts,omitempty"`
	// RegistryMirrors is registry-mirrors: pull-through mirrors of Docker
	// Hub, tried in order before registry-1.docker.io. They serve docker.io
	// images only. A URL with a path needs 25.0 or later.
	RegistryMirrors []string `json:"registry-mirrors,omitempty"`
	// InsecureRegistries is insecure-registries: registries (host[:port] or
	// a CIDR) reached without TLS verification or over plain HTTP.
	InsecureRegistries []string `json:"insecure-registries,omitempty"`
	// MaxConcurrentDownloads is max-concurrent-downloads (default 3): layers
	// pulled at once per pull.
	MaxConcurrentDownloads *int `json:"max-concurrent-downloads,omitempty"`
	// MaxConcurrentUploads is max-concurrent-uploads (default 5): layers
	// pushed at once per push.
	MaxConcurrentUploads *int `json:"max-concurrent-uploads,omitempty"`
	// MaxDownloadAttempts is max-download-attempts (default 5): tries per
	// layer before a pull fails; at least 1.
	MaxDownloadAttempts *int `json:"max-download-attempts,omitempty"`
	// LogDriver is log-driver (default json-file): the logging driver of
	// containers, such as json-file, local, journald or none.
	LogDriver string `json:"log-driver,omitempty"`
	// LogOpts is log-opts: options of the log driver, such as max-size
	// ("10m") and max-file ("3") for json-file and local.
	LogOpts map[string]string `json:"log-opts,omitempty"`
	// LogLevel is log-level (default info): debug, info, warn, error or
	// fatal.
	LogLevel string `json:"log-level,omitempty"`
	// Debug is debug (default false): debug logging and the debug API.
	Debug *bool `json:"debug,omitempty"`
	// DataRoot is data-root (default /var/lib/docker): images, containers
	// and volumes.
	DataRoot string `json:"data-root,omitempty"`
	// ExecRoot is exec-root (default /var/run/docker): runtime state.
	ExecRoot string `json:"exec-root,omitempty"`
	// Pidfile is pidfile (default /var/run/docker.pid).
	Pidfile string `json:"pidfile,omitempty"`
	// StorageDriver is storage-driver (default: the first that works, in
	// practice overlay2): overlay2, fuse-overlayfs, btrfs, zfs or vfs; aufs
	// and overlay until 23.0, devicemapper until 24.0. With the containerd
	// image store (the default from 29.0) it names a containerd snapshotter
	// such as overlayfs.
	StorageDriver string `json:"storage-driver,omitempty"`
	// StorageOpts is storage-opts: storage driver options as "name=value",
	// such as overlay2.size=20G.
	StorageOpts []string `json:"storage-opts,omitempty"`
	// LiveRestore is live-restore (default false): containers keep running
	// while dockerd restarts.
	LiveRestore *bool `json:"live-restore,omitempty"`
	// ShutdownTimeout is shutdown-timeout (default 15): seconds dockerd waits
	// for containers when it stops.
	ShutdownTimeout *int `json:"shutdown-timeout,omitempty"`
	// DefaultUlimits is default-ulimits: resource limits of containers by
	// name ("nofile").
	DefaultUlimits map[string]Ulimit `json:"default-ulimits,omitempty"`
	// DefaultShmSize is default-shm-size (default 64M): /dev/shm of
	// containers, a size such as "128M".
	DefaultShmSize string `json:"default-shm-size,omitempty"`
	// DefaultCgroupnsMode is default-cgroupns-mode: host or private (default
	// private on cgroup v2, host on v1).
	DefaultCgroupnsMode string `json:"default-cgroupns-mode,omitempty"`
	// DefaultIPCMode is default-ipc-mode (default private): private or
	// shareable.
	DefaultIPCMode string `json:"default-ipc-mode,omitempty"`
	// CgroupParent is cgroup-parent: the parent cgroup of containers; with
	// the systemd driver a slice name such as "docker.slice".
	CgroupParent string `json:"cgroup-parent,omitempty"`
	// DefaultAddressPools is default-address-pools: the ranges local
	// networks are carved from.
	DefaultAddressPools []AddressPool `json:"default-address-pools,omitempty"`
	// Bridge is bridge: an existing bridge for the default network, or
	// "none" for no default bridge network.
	Bridge string `json:"bridge,omitempty"`
	// Bip is bip: the address and prefix of docker0 ("172.17.0.1/16").
	Bip string `json:"bip,omitempty"`
	// FixedCIDR is fixed-cidr: the IPv4 range of the default bridge's
	// containers.
	FixedCIDR string `json:"fixed-cidr,omitempty"`
	// FixedCIDRv6 is fixed-cidr-v6: the IPv6 range of the default bridge's
	// containers.
	FixedCIDRv6 string `json:"fixed-cidr-v6,omitempty"`
	// IPv6 is ipv6 (default false): IPv6 on the default bridge.
	IPv6 *bool `json:"ipv6,omitempty"`
	// IPTables is iptables (default true): dockerd manages iptables rules.
	IPTables *bool `json:"iptables,omitempty"`
	// IP6Tables is ip6tables (default false before 27.0, true since): the
	// same for IPv6.
	IP6Tables *bool `json:"ip6tables,omitempty"`
	// IPForward is ip-forward (default true): dockerd enables IP forwarding.
	IPForward *bool `json:"ip-forward,omitempty"`
	// IPMasq is ip-masq (default true): masquerading of the bridge's
	// outgoing traffic.
	IPMasq *bool `json:"ip-masq,omitempty"`
	// ICC is icc (default true): containers on the default bridge may talk
	// to each other.
	ICC *bool `json:"icc,omitempty"`
	// IP is ip (default 0.0.0.0): the address published ports bind to.
	IP string `json:"ip,omitempty"`
	// MTU is mtu (default 1500): the MTU of the default bridge.
	MTU int `json:"mtu,omitempty"`
	// UserlandProxy is userland-proxy (default true): docker-proxy for
	// published ports.
	UserlandProxy *bool `json:"userland-proxy,omitempty"`
	// DNS is dns: DNS servers (IP addresses) of containers.
	DNS []string `json:"dns,omitempty"`
	// DNSOpts is dns-opts: resolv.conf options of containers.
	DNSOpts []string `json:"dns-opts,omitempty"`
	// DNSSearch is dns-search: DNS search domains of containers.
	DNSSearch []string `json:"dns-search,omitempty"`
	// Proxies is proxies (23.0 and later): the HTTP proxy dockerd itself
	// uses to pull.
	Proxies *Proxies `json:"proxies,omitempty"`
	// Runtimes is runtimes: OCI runtimes by name, beside the built-in runc.
	Runtimes map[string]Runtime `json:"runtimes,omitempty"`
	// DefaultRuntime is default-runtime (default runc).
	DefaultRuntime string `json:"default-runtime,omitempty"`
	// Features is features: feature gates by name, such as
	// "containerd-snapshotter" (24.0 and later) or "buildkit".
	Features map[string]bool `json:"features,omitempty"`
	// Group is group (default docker): the group of dockerd's own unix
	// socket. With socket activation (-H fd://) docker.socket's SocketGroup
	// decides instead.
	Group string `json:"group,omitempty"`
	// Hosts is hosts: the sockets dockerd listens on ("unix:///...",
	// "tcp://...", "fd://"). The packaged unit passes -H fd://, which
	// conflicts with this key.
	Hosts []string `json:"hosts,omitempty"`
	// Containerd is containerd: the socket of a containerd dockerd uses
	// instead of starting its own. The packaged unit passes --containerd,
	// which conflicts with this key.
	Containerd string `json:"containerd,omitempty"`
	// ContainerdNamespace is containerd-namespace (default moby).
	ContainerdNamespace string `json:"containerd-namespace,omitempty"`
	// TLS is tls: TLS on tcp:// hosts; implied by TLSVerify.
	TLS *bool `json:"tls,omitempty"`
	// TLSVerify is tlsverify: TLS with client certificates checked against
	// TLSCACert.
	TLSVerify *bool `json:"tlsverify,omitempty"`
	// TLSCACert is tlscacert (default ~/.docker/ca.pem).
	TLSCACert string `json:"tlscacert,omitempty"`
	// TLSCert is tlscert (default ~/.docker/cert.pem).
	TLSCert string `json:"tlscert,omitempty"`
	// TLSKey is tlskey (default ~/.docker/key.pem).
	TLSKey string `json:"tlskey,omitempty"`
	// Experimental is experimental (default false).
	Experimental *bool `json:"experimental,omitempty"`
	// Labels is labels: "key=value" labels of the daemon.
	Labels []string `json:"labels,omitempty"`
	// NoNewPrivileges is no-new-privileges (default false) for containers.
	NoNewPrivileges *bool `json:"no-new-privileges,omitempty"`
	// Init is init (default false): docker-init as PID 1 of containers.
	Init *bool `json:"init,omitempty"`
	// SeccompProfile is seccomp-profile: a profile file, "builtin" or
	// "unconfined".
	SeccompProfile string `json:"seccomp-profile,omitempty"`
	// SelinuxEnabled is selinux-enabled (default false).
	SelinuxEnabled *bool `json:"selinux-enabled,omitempty"`
	// UsernsRemap is userns-remap: "default" or user[:group] for user
	// namespace remapping.
	UsernsRemap string `json:"userns-remap,omitempty"`
	// MetricsAddr is metrics-addr: host:port of the Prometheus endpoint.
	MetricsAddr string `json:"metrics-addr,omitempty"`
	// AuthorizationPlugins is authorization-plugins: plugins consulted on
	// every API request.
	AuthorizationPlugins []string `json:"authorization-plugins,omitempty"`
	// RawLogs is raw-logs (default false): logs without colours.
	RawLogs *bool `json:"raw-logs,omitempty"`

	// Extra holds every other key of the file, its value compacted. Validate reports
	// each: as a warning when the target dockerd knows the key, as an error
	// when it does not.
	Extra map[string]json.RawMessage `json:"-"`
}

// Ulimit is one entry of default-ulimits. The keys are capitalised in the
// file, as dockerd writes them.
type Ulimit struct {
	// Name is the limit ("nofile", "nproc", "core", ...); it must equal the
	// map key.
	Name string `json:"Name"`
	// Soft is the soft limit; -1 means unlimited.
	Soft int64 `json:"Soft"`
	// Hard is the hard limit; -1 means unlimited.
	Hard int64 `json:"Hard"`
}

// AddressPool is one entry of default-address-pools.
type AddressPool struct {
	// Base is the range pools are taken from ("10.10.0.0/16").
	Base string `json:"base"`
	// Size is the prefix length of each network carved from Base.
	Size int `json:"size"`
}

// Proxies is the proxies object (23.0 and later).
type Proxies struct {
	// HTTPProxy is http-proxy: the proxy for http:// requests.
	HTTPProxy string `json:"http-proxy,omitempty"`
	// HTTPSProxy is https-proxy: the proxy for https:// requests.
	HTTPSProxy string `json:"https-proxy,omitempty"`
	// NoProxy is no-proxy: hosts reached directly, comma separated.
	NoProxy string `json:"no-proxy,omitempty"`
}

// Runtime is one entry of runtimes.
type Runtime struct {
	// Path is path: the runtime's binary (an OCI runtime such as runsc).
	Path string `json:"path,omitempty"`
	// RuntimeArgs is runtimeArgs: arguments passed to Path.
	RuntimeArgs []string `json:"runtimeArgs,omitempty"`
	// RuntimeType is runtimeType (24.0 and later; 20.10 and 23.0 ignore
	// it): a containerd shim such as io.containerd.kata.v2, instead of
	// Path.
	RuntimeType string `json:"runtimeType,omitempty"`
	// Options is options (24.0 and later), with RuntimeType only: the
	// shim's options; runc's for io.containerd.runc.v2, else containerd's
	// runtimeoptions (ConfigPath, ConfigBody).
	Options map[string]any `json:"options,omitempty"`
}
