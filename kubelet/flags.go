package kubelet

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubenode/kubenode/runtime/field"
)

// Flags are kubelet command-line flags. The typed fields are the ones a node
// installer sets, or meets in existing units; every other flag is kept in
// Extra, in order. Args renders them as argv, ParseFlags reads argv back.
//
// Most settings belong in the config file (see [Config]); Validate warns
// about a flag the target kubelet marks deprecated and names the config key
// to use instead.
type Flags struct {
	// BootstrapKubeconfig is --bootstrap-kubeconfig: the kubeconfig used to
	// request a client certificate when Kubeconfig does not exist yet.
	// kubeadm: /etc/kubernetes/bootstrap-kubelet.conf.
	BootstrapKubeconfig string
	// Kubeconfig is --kubeconfig: how the kubelet reaches the API server;
	// without it the kubelet runs standalone. kubeadm:
	// /etc/kubernetes/kubelet.conf.
	Kubeconfig string
	// Config is --config: the KubeletConfiguration file. kubeadm:
	// /var/lib/kubelet/config.yaml.
	Config string
	// ConfigDir is --config-dir: a directory of *.conf KubeletConfiguration
	// drop-ins merged over Config (1.28 and later; alpha behind
	// KUBELET_CONFIG_DROPIN_DIR_ALPHA until 1.29, beta from 1.30).
	ConfigDir string
	// ContainerRuntime is --container-runtime, removed in 1.27; from 1.24 on
	// its only value was "remote". Kept so old units parse and are refused.
	ContainerRuntime string
	// ContainerRuntimeEndpoint is --container-runtime-endpoint, the CRI
	// socket as a unix:// URL. From 1.27 it is a deprecated config flag:
	// set containerRuntimeEndpoint in the config file instead.
	ContainerRuntimeEndpoint string
	// PodInfraContainerImage is --pod-infra-container-image, deprecated from
	// 1.24 and removed in 1.35: the runtime owns the pause image.
	PodInfraContainerImage string
	// NodeIPs is --node-ip: one IP, or an IPv4 and an IPv6 address for a
	// dual-stack node (comma-separated on the command line).
	NodeIPs []string
	// NodeLabels is --node-labels: labels the kubelet sets on its Node when
	// it registers. Keys under kubernetes.io or k8s.io are refused by the
	// kubelet unless under kubelet.kubernetes.io or node.kubernetes.io or in
	// its short list of well-known labels.
	NodeLabels []Label
	// RegisterWithTaints is --register-with-taints, a deprecated config
	// flag: set registerWithTaints in the config file instead.
	RegisterWithTaints []corev1.Taint
	// HostnameOverride is --hostname-override: the node's name instead of
	// the host name.
	HostnameOverride string
	// CloudProvider is --cloud-provider: "" (none) or "external". The
	// in-tree providers are gone from 1.31.
	CloudProvider string
	// CertDir is --cert-dir, where the kubelet keeps its TLS certificates;
	// default /var/lib/kubelet/pki.
	CertDir string
	// RootDir is --root-dir, the kubelet's state directory; default
	// /var/lib/kubelet.
	RootDir string
	// ImageCredentialProviderConfig is --image-credential-provider-config:
	// the CredentialProviderConfig file naming the exec plugins that give
	// the kubelet image pull credentials.
	ImageCredentialProviderConfig string
	// ImageCredentialProviderBinDir is --image-credential-provider-bin-dir:
	// the directory holding those plugins, each named as its provider.
	ImageCredentialProviderBinDir string
	// Verbosity is --v, the log verbosity; nil leaves the default (0).
	Verbosity *int
	// Extra holds every other flag, in order.
	Extra []Flag
}

// Flag is one command-line flag outside the typed fields of [Flags].
type Flag struct {
	// Name is the flag's name without leading dashes, such as
	// "max-pods"; "_" is read as "-", as the kubelet does.
	Name string
	// Value is its value; a boolean flag given alone has the value "true".
	Value string
}

// String renders the flag as --name=value.
func (f Flag) String() string { return "--" + f.Name + "=" + f.Value }

// Label is one node label.
type Label struct {
	Key   string
	Value string
}

// String renders the label as key=value.
func (l Label) String() string { return l.Key + "=" + l.Value }

// ParseLabel reads key=value (the value may be empty: "node.kubernetes.io/node=").
func ParseLabel(s string) (Label, error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return Label{}, fmt.Errorf("node label %q: want KEY=VALUE", s)
	}
	return Label{Key: k, Value: v}, nil
}

// ParseTaint reads a taint as the kubelet's --register-with-taints does:
// key[=value]:Effect.
func ParseTaint(s string) (corev1.Taint, error) {
	kv, effect, ok := strings.Cut(s, ":")
	if !ok || kv == "" || effect == "" {
		return corev1.Taint{}, fmt.Errorf("taint %q: want KEY[=VALUE]:EFFECT", s)
	}
	k, v, _ := strings.Cut(kv, "=")
	if k == "" {
		return corev1.Taint{}, fmt.Errorf("taint %q: the key is empty", s)
	}
	return corev1.Taint{Key: k, Value: v, Effect: corev1.TaintEffect(effect)}, nil
}

// taintString renders a taint as --register-with-taints takes it.
func taintString(t corev1.Taint) string {
	s := t.Key
	if t.Value != "" {
		s += "=" + t.Value
	}
	return s + ":" + string(t.Effect)
}

// typedFlag is one typed field of Flags, by flag name, in the order Args
// renders them: get renders its value (false when unset), set parses one
// occurrence of the flag into it.
type typedFlag struct {
	name string
	get  func(*Flags) (string, bool)
	set  func(f *Flags, value string, p *field.Path) field.ErrorList
}

// stringFlag is a flag held as written in a string field.
func stringFlag(name string, ptr func(*Flags) *string) typedFlag {
	return typedFlag{
		name: name,
		get: func(f *Flags) (string, bool) {
			v := *ptr(f)
			return v, v != ""
		},
		set: func(f *Flags, value string, _ *field.Path) field.ErrorList {
			*ptr(f) = value
			return nil
		},
	}
}

var typedFlags = []typedFlag{
	stringFlag("bootstrap-kubeconfig", func(f *Flags) *string { return &f.BootstrapKubeconfig }),
	stringFlag("kubeconfig", func(f *Flags) *string { return &f.Kubeconfig }),
	stringFlag("config", func(f *Flags) *string { return &f.Config }),
	stringFlag("config-dir", func(f *Flags) *string { return &f.ConfigDir }),
	stringFlag("container-runtime", func(f *Flags) *string { return &f.ContainerRuntime }),
	stringFlag("container-runtime-endpoint", func(f *Flags) *string { return &f.ContainerRuntimeEndpoint }),
	stringFlag("pod-infra-container-image", func(f *Flags) *string { return &f.PodInfraContainerImage }),
	{
		name: "node-ip",
		get:  func(f *Flags) (string, bool) { return strings.Join(f.NodeIPs, ","), len(f.NodeIPs) > 0 },
		set: func(f *Flags, value string, _ *field.Path) field.ErrorList {
			f.NodeIPs = nil
			if value != "" {
				f.NodeIPs = strings.Split(value, ",")
			}
			return nil
		},
	},
	{
		name: "node-labels",
		get: func(f *Flags) (string, bool) {
			s := make([]string, len(f.NodeLabels))
			for i, l := range f.NodeLabels {
				s[i] = l.String()
			}
			return strings.Join(s, ","), len(s) > 0
		},
		set: func(f *Flags, value string, p *field.Path) field.ErrorList {
			for _, s := range splitList(value) {
				l, err := ParseLabel(s)
				if err != nil {
					return field.ErrorList{field.Invalid(p, s, "want KEY=VALUE")}
				}
				f.NodeLabels = append(f.NodeLabels, l)
			}
			return nil
		},
	},
	{
		name: "register-with-taints",
		get: func(f *Flags) (string, bool) {
			s := make([]string, len(f.RegisterWithTaints))
			for i, t := range f.RegisterWithTaints {
				s[i] = taintString(t)
			}
			return strings.Join(s, ","), len(s) > 0
		},
		set: func(f *Flags, value string, p *field.Path) field.ErrorList {
			for _, s := range splitList(value) {
				t, err := ParseTaint(s)
				if err != nil {
					return field.ErrorList{field.Invalid(p, s, "want KEY[=VALUE]:EFFECT")}
				}
				f.RegisterWithTaints = append(f.RegisterWithTaints, t)
			}
			return nil
		},
	},
	stringFlag("hostname-override", func(f *Flags) *string { return &f.HostnameOverride }),
	stringFlag("cloud-provider", func(f *Flags) *string { return &f.CloudProvider }),
	stringFlag("cert-dir", func(f *Flags) *string { return &f.CertDir }),
	stringFlag("root-dir", func(f *Flags) *string { return &f.RootDir }),
	stringFlag("image-credential-provider-config", func(f *Flags) *string { return &f.ImageCredentialProviderConfig }),
	stringFlag("image-credential-provider-bin-dir", func(f *Flags) *string { return &f.ImageCredentialProviderBinDir }),
	{
		name: "v",
		get: func(f *Flags) (string, bool) {
			if f.Verbosity == nil {
				return "", false
			}
			return strconv.Itoa(*f.Verbosity), true
		},
		set: func(f *Flags, value string, p *field.Path) field.ErrorList {
			n, err := strconv.Atoi(value)
			if err != nil {
				return field.ErrorList{field.Invalid(p, value, "want a number")}
			}
			f.Verbosity = &n
			return nil
		},
	},
}

// typedFlagNamed returns the typed field of a flag name, or nil.
func typedFlagNamed(name string) *typedFlag {
	for i := range typedFlags {
		if typedFlags[i].name == name {
			return &typedFlags[i]
		}
	}
	return nil
}

// isTyped reports whether a flag name has a typed field in Flags.
func isTyped(name string) bool { return typedFlagNamed(name) != nil }

// flagPath is the path of one flag in errors: "kubelet --node-ip".
func flagPath(name string) *field.Path {
	if p, ok := typedFlagPaths[name]; ok {
		return p
	}
	return field.NewFlagPath("kubelet").Child("--" + name)
}

// typedFlagPaths are the paths of the typed flags, built once: a Path never
// changes, so one serves every problem about its flag, and validating
// valid Flags builds none.
var typedFlagPaths = func() map[string]*field.Path {
	m := make(map[string]*field.Path, len(typedFlags))
	for _, t := range typedFlags {
		m[t.name] = field.NewFlagPath("kubelet").Child("--" + t.name)
	}
	return m
}()
