package cridockerd

import (
	"strconv"
	"strings"
	"time"

	"github.com/kubenode/kubenode/runtime/field"
)

// HairpinMode is the value of --hairpin-mode.
type HairpinMode string

// The hairpin modes cri-dockerd accepts.
const (
	HairpinPromiscuousBridge HairpinMode = "promiscuous-bridge"
	HairpinVeth              HairpinMode = "hairpin-veth"
	HairpinNone              HairpinMode = "none"
)

// HairpinModes lists the valid modes.
var HairpinModes = []HairpinMode{HairpinPromiscuousBridge, HairpinVeth, HairpinNone}

// Endpoints and defaults of cri-dockerd.
const (
	// SocketActivated is the --container-runtime-endpoint of a service
	// started by cri-docker.socket: the listening socket systemd passes.
	SocketActivated = "fd://"
	// DefaultEndpoint is cri-dockerd's own default endpoint on Linux.
	DefaultEndpoint = "unix:///var/run/cri-dockerd.sock"
	// DefaultDockerEndpoint is where cri-dockerd finds dockerd by default.
	DefaultDockerEndpoint = "unix:///var/run/docker.sock"
	// NetworkPluginCNI is the network plugin a Kubernetes node needs: pods
	// get addresses from the cluster's CNI plugin instead of docker0.
	NetworkPluginCNI = "cni"
)

// Flags are cri-dockerd's command-line flags. The zero value of a field
// leaves the flag out, so cri-dockerd's default applies (named in each
// comment).
type Flags struct {
	// ContainerRuntimeEndpoint is --container-runtime-endpoint (default
	// unix:///var/run/cri-dockerd.sock): where cri-dockerd serves CRI; fd://
	// when cri-docker.socket starts it.
	ContainerRuntimeEndpoint string
	// CRIDockerdRootDirectory is --cri-dockerd-root-directory (default
	// /var/lib/cri-dockerd): checkpoints and state.
	CRIDockerdRootDirectory string
	// DockerEndpoint is --docker-endpoint (default
	// unix:///var/run/docker.sock): dockerd's API.
	DockerEndpoint string
	// NetworkPlugin is --network-plugin (default cni since 0.2): cni or
	// kubenet. Without a plugin, pods get docker0 addresses.
	NetworkPlugin string
	// CNIBinDir is --cni-bin-dir (default /opt/cni/bin): comma-separated
	// directories of CNI plugin binaries.
	CNIBinDir string
	// CNIConfDir is --cni-conf-dir (default /etc/cni/net.d).
	CNIConfDir string
	// CNICacheDir is --cni-cache-dir (default /var/lib/cni/cache).
	CNICacheDir string
	// NetworkPluginMTU is --network-plugin-mtu (default 0: the plugin's).
	NetworkPluginMTU int32
	// HairpinMode is --hairpin-mode (default none).
	HairpinMode HairpinMode
	// PodCIDR is --pod-cidr: pod addresses in standalone mode only; a
	// cluster node gets its range from the control plane.
	PodCIDR string
	// PodInfraContainerImage is --pod-infra-container-image (default
	// registry.k8s.io/pause:3.10 in 0.3.21 and later, 3.9 and 3.6 before):
	// the pause image of every pod. It must match what the kubelet's image
	// garbage collection keeps.
	PodInfraContainerImage string
	// RuntimeCgroups is --runtime-cgroups: an absolute cgroup to run
	// cri-dockerd in.
	RuntimeCgroups string
	// RuntimeRequestTimeout is --runtime-request-timeout (default 0: 2m):
	// the timeout of CRI requests other than pull, logs, exec and attach.
	RuntimeRequestTimeout time.Duration
	// StreamingBindAddr is --streaming-bind-addr (default all addresses, a
	// random port): IP or IP:port of the exec/attach/port-forward server.
	StreamingBindAddr string
	// ImagePullProgressDeadline is --image-pull-progress-deadline (default
	// 1m): a pull without progress for this long is cancelled.
	ImagePullProgressDeadline time.Duration
	// IPv6DualStack is --ipv6-dual-stack (default false): pods get an IPv6
	// address too.
	IPv6DualStack bool
	// LogLevel is --log-level (default info): trace, debug, info, warn,
	// error, fatal or panic.
	LogLevel string
	// Extra holds other arguments as written, after the typed flags.
	// Validate reports each, since cri-dockerd refuses an unknown flag.
	Extra []string
}

// flagSpec ties a flag name to its field.
type flagSpec struct {
	name string
	get  func(*Flags) string
	set  func(*Flags, string) error
	bool bool
}

func stringFlag(name string, field func(*Flags) *string) flagSpec {
	return flagSpec{name: name,
		get: func(f *Flags) string { return *field(f) },
		set: func(f *Flags, v string) error { *field(f) = v; return nil }}
}

func durationFlag(name string, field func(*Flags) *time.Duration) flagSpec {
	return flagSpec{name: name,
		get: func(f *Flags) string {
			if *field(f) == 0 {
				return ""
			}
			return field(f).String()
		},
		set: func(f *Flags, v string) error {
			d, err := time.ParseDuration(v)
			*field(f) = d
			return err
		}}
}

// flagSpecs is the order Args renders the flags in.
var flagSpecs = []flagSpec{
	stringFlag("container-runtime-endpoint", func(f *Flags) *string { return &f.ContainerRuntimeEndpoint }),
	stringFlag("cri-dockerd-root-directory", func(f *Flags) *string { return &f.CRIDockerdRootDirectory }),
	stringFlag("docker-endpoint", func(f *Flags) *string { return &f.DockerEndpoint }),
	stringFlag("network-plugin", func(f *Flags) *string { return &f.NetworkPlugin }),
	stringFlag("cni-bin-dir", func(f *Flags) *string { return &f.CNIBinDir }),
	stringFlag("cni-conf-dir", func(f *Flags) *string { return &f.CNIConfDir }),
	stringFlag("cni-cache-dir", func(f *Flags) *string { return &f.CNICacheDir }),
	{name: "network-plugin-mtu",
		get: func(f *Flags) string {
			if f.NetworkPluginMTU == 0 {
				return ""
			}
			return strconv.Itoa(int(f.NetworkPluginMTU))
		},
		set: func(f *Flags, v string) error {
			n, err := strconv.ParseInt(v, 0, 32)
			f.NetworkPluginMTU = int32(n)
			return err
		}},
	{name: "hairpin-mode",
		get: func(f *Flags) string { return string(f.HairpinMode) },
		set: func(f *Flags, v string) error { f.HairpinMode = HairpinMode(v); return nil }},
	stringFlag("pod-cidr", func(f *Flags) *string { return &f.PodCIDR }),
	stringFlag("pod-infra-container-image", func(f *Flags) *string { return &f.PodInfraContainerImage }),
	stringFlag("runtime-cgroups", func(f *Flags) *string { return &f.RuntimeCgroups }),
	durationFlag("runtime-request-timeout", func(f *Flags) *time.Duration { return &f.RuntimeRequestTimeout }),
	stringFlag("streaming-bind-addr", func(f *Flags) *string { return &f.StreamingBindAddr }),
	durationFlag("image-pull-progress-deadline", func(f *Flags) *time.Duration { return &f.ImagePullProgressDeadline }),
	{name: "ipv6-dual-stack", bool: true,
		get: func(f *Flags) string {
			if !f.IPv6DualStack {
				return ""
			}
			return "true"
		},
		set: func(f *Flags, v string) error {
			b, err := strconv.ParseBool(v)
			f.IPv6DualStack = b
			return err
		}},
	stringFlag("log-level", func(f *Flags) *string { return &f.LogLevel }),
}

func lookupSpec(name string) (flagSpec, bool) {
	for _, s := range flagSpecs {
		if s.name == name {
			return s, true
		}
	}
	return flagSpec{}, false
}

// Args returns the flags as cri-dockerd's arguments: "--name=value" for
// each set field, in a fixed order, then Extra. The boolean
// --ipv6-dual-stack is written bare.
func (f Flags) Args() []string {
	var args []string
	for _, s := range flagSpecs {
		v := s.get(&f)
		switch {
		case v == "":
		case s.bool:
			args = append(args, "--"+s.name)
		default:
			args = append(args, "--"+s.name+"="+v)
		}
	}
	return append(args, f.Extra...)
}

// Parse reads a cri-dockerd command line, cri-dockerd having no
// configuration file: argv with or without the program first (cri-dockerd,
// or an absolute path ending in /cri-dockerd), flags as "--name=value",
// "--name value" or, for --ipv6-dual-stack, bare. A flag it does not model,
// with its value, goes to Extra. A value of the wrong kind (a duration, a
// number, a boolean) is field.ErrInvalid, and a flag without its value
// field.ErrRequired, at the flag, as cri-dockerd refuses both.
func Parse(argv []string) (*Flags, error) {
	f := &Flags{}
	args := argv
	if len(args) > 0 && (args[0] == "cri-dockerd" || strings.HasPrefix(args[0], "/") && strings.HasSuffix(args[0], "/cri-dockerd")) {
		args = args[1:]
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !strings.HasPrefix(arg, "--") {
			f.Extra = append(f.Extra, arg)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		s, ok := lookupSpec(name)
		if !ok {
			f.Extra = append(f.Extra, arg)
			continue
		}
		if !hasValue {
			if s.bool {
				value = "true"
			} else {
				if i+1 >= len(args) {
					return nil, field.Required(flagPath(name), "the flag needs a value")
				}
				i++
				value = args[i]
			}
		}
		if err := s.set(f, value); err != nil {
			return nil, field.Invalid(flagPath(name), value, err.Error())
		}
	}
	return f, nil
}
