package docker

import "github.com/kubenode/kubenode/runtime"

// directive is one key dockerd reads from daemon.json, with the command-line
// flag that sets the same value. dockerd accepts a key only when a flag of
// that name (or a flag whose value is "named" after the key: --label for
// labels) exists, or the key is one of the few read from the file alone.
type directive struct {
	// key is the daemon.json key.
	key string
	// flag is the long flag without dashes ("" for file-only keys); short
	// its one-letter form.
	flag, short string
	// boolFlag reports a flag that takes no separate argument.
	boolFlag bool
	// Lifecycle has the first release that knows the key (zero Since:
	// 20.10 or older), the one from which dockerd warns about it
	// (Deprecated) and the one from which dockerd refuses to start with it
	// (Removed).
	runtime.Lifecycle
	// hint says what to use instead of a deprecated or removed key.
	hint string
	// ignored reports a key dockerd accepts and then ignores from
	// deprecated on.
	ignored bool
	// noConflict marks keys dockerd merges with their flag instead of
	// refusing both (runtimes).
	noConflict bool
}

// directives lists every daemon.json key of dockerd 20.10 through 29.7 on
// Linux, read from the flag definitions and config types of each release
// (cmd/dockerd, later daemon/command, and daemon/config).
var directives = []directive{
	{key: "allow-direct-routing", flag: "allow-direct-routing", boolFlag: true, Lifecycle: runtime.Lifecycle{Since: v28_2}},
	{key: "allow-nondistributable-artifacts", flag: "allow-nondistributable-artifacts", Lifecycle: runtime.Lifecycle{Deprecated: v28_0}, ignored: true,
		hint: "pushing nondistributable artifacts is always allowed from 28.0; 29.0 ignores the key"},
	{key: "api-cors-header", flag: "api-cors-header", Lifecycle: runtime.Lifecycle{Deprecated: v27_0, Removed: v28_0},
		hint: "use a reverse proxy that sets CORS headers"},
	{key: "authorization-plugins", flag: "authorization-plugin"},
	{key: "bip", flag: "bip"},
	{key: "bip6", flag: "bip6", Lifecycle: runtime.Lifecycle{Since: v28_0}},
	{key: "bridge", flag: "bridge", short: "b"},
	{key: "bridge-accept-fwmark", flag: "bridge-accept-fwmark", Lifecycle: runtime.Lifecycle{Since: v29_0}},
	{key: "builder"},
	{key: "cdi-spec-dirs", flag: "cdi-spec-dir", Lifecycle: runtime.Lifecycle{Since: v25_0}},
	{key: "cgroup-parent", flag: "cgroup-parent"},
	{key: "cluster-advertise", flag: "cluster-advertise", Lifecycle: runtime.Lifecycle{Deprecated: v20_10, Removed: v23_0},
		hint: "host discovery through an external key/value store is gone; use swarm mode"},
	{key: "cluster-store", flag: "cluster-store", Lifecycle: runtime.Lifecycle{Deprecated: v20_10, Removed: v23_0},
		hint: "host discovery through an external key/value store is gone; use swarm mode"},
	{key: "cluster-store-opts", flag: "cluster-store-opt", Lifecycle: runtime.Lifecycle{Deprecated: v20_10, Removed: v23_0},
		hint: "host discovery through an external key/value store is gone; use swarm mode"},
	{key: "containerd", flag: "containerd"},
	{key: "containerd-namespace", flag: "containerd-namespace"},
	{key: "containerd-plugins-namespace", flag: "containerd-plugins-namespace"},
	{key: "cpu-rt-period", flag: "cpu-rt-period"},
	{key: "cpu-rt-runtime", flag: "cpu-rt-runtime"},
	{key: "cri-containerd", flag: "cri-containerd", boolFlag: true},
	{key: "data-root", flag: "data-root"},
	{key: "debug", flag: "debug", short: "D", boolFlag: true},
	{key: "default-address-pools", flag: "default-address-pool"},
	{key: "default-cgroupns-mode", flag: "default-cgroupns-mode"},
	{key: "default-gateway", flag: "default-gateway"},
	{key: "default-gateway-v6", flag: "default-gateway-v6"},
	{key: "default-ipc-mode", flag: "default-ipc-mode"},
	{key: "default-network-opts", flag: "default-network-opt", Lifecycle: runtime.Lifecycle{Since: v24_0}},
	{key: "default-runtime", flag: "default-runtime"},
	{key: "default-shm-size", flag: "default-shm-size"},
	{key: "default-stop-timeout", flag: "default-stop-timeout", Lifecycle: runtime.Lifecycle{Since: v29_7}},
	{key: "default-ulimits", flag: "default-ulimit"},
	{key: "deprecated-key-path", Lifecycle: runtime.Lifecycle{Deprecated: v20_10}, ignored: true, hint: "dockerd no longer uses a trust key"},
	{key: "dns", flag: "dns"},
	{key: "dns-opts", flag: "dns-opt"},
	{key: "dns-search", flag: "dns-search"},
	{key: "exec-opts", flag: "exec-opt"},
	{key: "exec-root", flag: "exec-root"},
	{key: "experimental", flag: "experimental", boolFlag: true},
	// features is read from the file by every release; the --feature flag
	// came in 27.3.
	{key: "features"},
	{key: "firewall-backend", flag: "firewall-backend", Lifecycle: runtime.Lifecycle{Since: v29_0}},
	{key: "fixed-cidr", flag: "fixed-cidr"},
	{key: "fixed-cidr-v6", flag: "fixed-cidr-v6"},
	{key: "graph", flag: "graph", short: "g", Lifecycle: runtime.Lifecycle{Deprecated: v20_10, Removed: v23_0}, hint: `use "data-root"`},
	{key: "group", flag: "group", short: "G"},
	{key: "host-gateway-ip", flag: "host-gateway-ip"},
	{key: "host-gateway-ips", Lifecycle: runtime.Lifecycle{Since: v28_0}},
	{key: "hosts", flag: "host", short: "H"},
	{key: "http-proxy", flag: "http-proxy", Lifecycle: runtime.Lifecycle{Since: v23_0}},
	{key: "https-proxy", flag: "https-proxy", Lifecycle: runtime.Lifecycle{Since: v23_0}},
	{key: "icc", flag: "icc", boolFlag: true},
	{key: "init", flag: "init", boolFlag: true},
	{key: "init-path", flag: "init-path"},
	{key: "insecure-registries", flag: "insecure-registry"},
	{key: "ip", flag: "ip"},
	{key: "ip-forward", flag: "ip-forward", boolFlag: true},
	{key: "ip-forward-no-drop", flag: "ip-forward-no-drop", boolFlag: true, Lifecycle: runtime.Lifecycle{Since: v28_0}},
	{key: "ip-masq", flag: "ip-masq", boolFlag: true},
	{key: "ip6tables", flag: "ip6tables", boolFlag: true},
	{key: "iptables", flag: "iptables", boolFlag: true},
	{key: "ipv6", flag: "ipv6", boolFlag: true},
	{key: "labels", flag: "label"},
	{key: "live-restore", flag: "live-restore", boolFlag: true},
	{key: "log-driver", flag: "log-driver"},
	{key: "log-format", flag: "log-format", Lifecycle: runtime.Lifecycle{Since: v25_0}},
	{key: "log-level", flag: "log-level", short: "l"},
	{key: "log-opts", flag: "log-opt"},
	{key: "max-concurrent-downloads", flag: "max-concurrent-downloads"},
	{key: "max-concurrent-uploads", flag: "max-concurrent-uploads"},
	{key: "max-download-attempts", flag: "max-download-attempts"},
	{key: "metrics-addr", flag: "metrics-addr"},
	{key: "min-api-version", Lifecycle: runtime.Lifecycle{Since: v29_0}},
	{key: "mtu", flag: "mtu"},
	{key: "network-control-plane-mtu", flag: "network-control-plane-mtu"},
	{key: "network-diagnostic-port", flag: "network-diagnostic-port"},
	{key: "no-new-privileges", flag: "no-new-privileges", boolFlag: true},
	{key: "no-proxy", flag: "no-proxy", Lifecycle: runtime.Lifecycle{Since: v23_0}},
	{key: "node-generic-resources", flag: "node-generic-resource"},
	{key: "nri-opts", flag: "nri-opts", Lifecycle: runtime.Lifecycle{Since: v29_2}},
	{key: "oom-score-adjust", flag: "oom-score-adjust", Lifecycle: runtime.Lifecycle{Deprecated: v24_0, Removed: v25_0},
		hint: "set OOMScoreAdjust= in docker.service instead"},
	{key: "pidfile", flag: "pidfile", short: "p"},
	// proxies is an object whose http-proxy, https-proxy and no-proxy
	// dockerd reads as if they stood at the top level.
	{key: "proxies", Lifecycle: runtime.Lifecycle{Since: v23_0}},
	{key: "raw-logs", flag: "raw-logs", boolFlag: true},
	{key: "registry-mirrors", flag: "registry-mirror"},
	{key: "rootless", flag: "rootless", boolFlag: true},
	{key: "runtimes", flag: "add-runtime", noConflict: true},
	{key: "seccomp-profile", flag: "seccomp-profile"},
	{key: "selinux-enabled", flag: "selinux-enabled", boolFlag: true},
	{key: "shutdown-timeout", flag: "shutdown-timeout"},
	{key: "storage-driver", flag: "storage-driver", short: "s"},
	{key: "storage-opts", flag: "storage-opt"},
	{key: "swarm-default-advertise-addr", flag: "swarm-default-advertise-addr"},
	{key: "tls", flag: "tls", boolFlag: true},
	{key: "tlscacert", flag: "tlscacert"},
	{key: "tlscert", flag: "tlscert"},
	{key: "tlskey", flag: "tlskey"},
	{key: "tlsverify", flag: "tlsverify", boolFlag: true},
	{key: "userland-proxy", flag: "userland-proxy", boolFlag: true},
	{key: "userland-proxy-path", flag: "userland-proxy-path"},
	{key: "userns-remap", flag: "userns-remap"},
}

// commandFlags are dockerd flags that set no daemon.json key.
var commandFlags = []directive{
	{flag: "config-file"},
	{flag: "help", short: "h", boolFlag: true},
	{flag: "validate", boolFlag: true, Lifecycle: runtime.Lifecycle{Since: v23_0}},
	{flag: "version", short: "v", boolFlag: true},
}

// lookupKey returns the directive of a daemon.json key.
func lookupKey(key string) (directive, bool) {
	for _, d := range directives {
		if d.key == key {
			return d, true
		}
	}
	return directive{}, false
}

// lookupFlag returns the directive of a long flag name or a one-letter
// shorthand (without dashes).
func lookupFlag(name string, short bool) (directive, bool) {
	for _, list := range [][]directive{directives, commandFlags} {
		for _, d := range list {
			if (!short && d.flag == name) || (short && d.short != "" && d.short == name) {
				return d, true
			}
		}
	}
	return directive{}, false
}
