package crio

import (
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
)

// Config is one CRI-O configuration drop-in: the [crio] table and the
// tables under it. Each field is a key the drop-in writes when it is set;
// an empty field is left to earlier files and CRI-O's defaults.
type Config struct {
	// Root is root in [crio]: where CRI-O keeps images and container
	// layers (containers-storage's graph root). Default
	// /var/lib/containers/storage, from containers-storage.conf(5).
	Root string
	// RunRoot is runroot in [crio]: where CRI-O keeps the state of running
	// containers. Default /run/containers/storage, from
	// containers-storage.conf(5). It belongs on a tmpfs and must not
	// overlap Root.
	RunRoot string
	// API is [crio.api].
	API API
	// Runtime is [crio.runtime], with its runtimes.
	Runtime Runtime
	// Image is [crio.image].
	Image Image
	// Network is [crio.network].
	Network Network
	// Extra holds every other key directly under [crio] (log_dir,
	// storage_driver, storage_option, ...) and every table under it that Config
	// does not type ([crio.metrics], [crio.tracing], [crio.stats],
	// [crio.nri]), as go-toml/v2 decodes them: string, bool, int64,
	// float64, []any and map[string]any.
	Extra map[string]any
	// TopLevel holds keys outside [crio]. CRI-O reads nothing there; they
	// are kept so that Parse and Render lose nothing, and reported by
	// Validate.
	TopLevel map[string]any
}

// API is [crio.api], the CRI server.
type API struct {
	// Listen is listen: the path of the CRI socket the kubelet and crictl
	// connect to. Default /var/run/crio/crio.sock; the endpoint is then
	// runtime.CRIOEndpoint.
	Listen string
	// Extra holds the other keys of [crio.api] (stream_address,
	// stream_port, grpc_max_send_msg_size, ...).
	Extra map[string]any
}

// Runtime is [crio.runtime]: how CRI-O runs containers.
type Runtime struct {
	// CgroupManager is cgroup_manager: systemd (CRI-O's default) or
	// cgroupfs. It must match the kubelet's cgroupDriver; from Kubernetes
	// 1.34 the kubelet asks CRI-O for it.
	CgroupManager runtime.CgroupDriver
	// ConmonCgroup is conmon_cgroup: the cgroup of the conmon process that
	// monitors each container. With cgroupfs it must be "pod" or empty;
	// with systemd "pod" or a systemd slice ("system.slice", CRI-O's
	// default when empty). CRI-O documents it as deprecated in favour of
	// each runtime's monitor_cgroup, but it is the one key that reaches
	// every oci runtime, those of the packaged 10-crio.conf included, and
	// every supported release still applies it, so kubenode writes it and
	// does not warn about it.
	ConmonCgroup string
	// DefaultRuntime is default_runtime: the runtime handler used when a
	// pod names no RuntimeClass. Default "crun" from CRI-O 1.31, "runc"
	// before (BuiltinRuntime); any other name needs a runtimes table.
	DefaultRuntime string
	// Runtimes are the [crio.runtime.runtimes.NAME] tables, by handler
	// name (the handler a RuntimeClass names). A drop-in adds handlers to
	// those of earlier files, but a table here replaces an earlier
	// handler of the same name as a whole (CRI-O decodes each table into
	// a new value): redefining the packaged crun or runc must repeat every
	// key the node needs, runtime_path included.
	Runtimes map[string]RuntimeHandler
	// Extra holds the other keys of [crio.runtime] (conmon, pids_limit,
	// default_capabilities, [crio.runtime.workloads], ...).
	Extra map[string]any
}

// RuntimeType is runtime_type: how CRI-O drives a runtime handler.
type RuntimeType string

// The runtime types CRI-O 1.24 to 1.34 accept (ValidateRuntimeType in its
// pkg/config).
const (
	// RuntimeTypeOCI runs an OCI runtime (crun, runc) under conmon; the
	// default when runtime_type is empty.
	RuntimeTypeOCI RuntimeType = "oci"
	// RuntimeTypeVM runs a containerd shim v2 (Kata Containers); its
	// runtime_path must be named containerd-shim-NAME-v2.
	RuntimeTypeVM RuntimeType = "vm"
	// RuntimeTypePod runs an OCI runtime under conmon-rs, one monitor per
	// pod. CRI-O's crio.conf(5) lists only oci and vm; its code accepts pod.
	RuntimeTypePod RuntimeType = "pod"
)

// RuntimeTypes lists the valid runtime types.
var RuntimeTypes = []RuntimeType{RuntimeTypeOCI, RuntimeTypeVM, RuntimeTypePod}

// RuntimeHandler is one [crio.runtime.runtimes.NAME] table.
type RuntimeHandler struct {
	// RuntimePath is runtime_path: the runtime binary. When empty CRI-O
	// looks the handler's name up in $PATH.
	RuntimePath string
	// RuntimeType is runtime_type: oci (the default when empty), vm or pod.
	RuntimeType RuntimeType
	// RuntimeRoot is runtime_root: the runtime's state directory, such as
	// /run/crun.
	RuntimeRoot string
	// RuntimeConfigPath is runtime_config_path: the runtime's own
	// configuration file; only the vm type takes one.
	RuntimeConfigPath string
	// MonitorPath is monitor_path: the conmon binary for this handler
	// (searched in $PATH when empty); conmon in [crio.runtime] overrides
	// it. oci type only.
	MonitorPath string
	// MonitorCgroup is monitor_cgroup: conmon's cgroup for this handler,
	// under the same rules as conmon_cgroup, which overrides it when set.
	// oci type only.
	MonitorCgroup string
	// MonitorEnv is monitor_env: environment of conmon, NAME=VALUE each.
	// oci type only.
	MonitorEnv []string
	// AllowedAnnotations is allowed_annotations: the annotations CRI-O
	// acts on itself (io.kubernetes.cri-o.userns-mode, ...) that pods of
	// this handler may use. CRI-O refuses any other name (see
	// GatedAnnotations); every other pod annotation reaches the runtime
	// without being listed.
	AllowedAnnotations []string
	// PrivilegedWithoutHostDevices is privileged_without_host_devices:
	// privileged containers of this handler get none of the host's
	// devices (what VM-based runtimes need). Default false.
	PrivilegedWithoutHostDevices bool
	// Extra holds the handler's other keys (monitor_exec_cgroup,
	// container_min_memory, inherit_default_runtime, ...).
	Extra map[string]any
}

// Image is [crio.image]: pulling and the pause image.
type Image struct {
	// PauseImage is pause_image: the image of every pod's infra container.
	// Default registry.k8s.io/pause at the release's version (3.10 in
	// 1.34); pin it, tagged or by digest.
	PauseImage string
	// PauseImageAuthFile is pause_image_auth_file: credentials (a
	// config.json) used only to pull the pause image.
	PauseImageAuthFile string
	// PauseCommand is pause_command: the command the infra container runs.
	// Default "/pause". A set empty string makes CRI-O use the image's own
	// entrypoint, so nil (not written) and "" differ.
	PauseCommand *string
	// SignaturePolicy is signature_policy: the containers-policy.json(5)
	// file used for pulls; when empty the system's
	// /etc/containers/policy.json. The packaged 10-crio.conf sets
	// /etc/crio/policy.json.
	SignaturePolicy string
	// InsecureRegistries is insecure_registries: registries pulled from
	// without TLS verification. Deprecated in 1.34 in favour of
	// registries.conf (see RegistriesConfig).
	InsecureRegistries []string
	// GlobalAuthFile is global_auth_file: a containers-auth.json(5) file
	// of credentials used for every pull the kubelet sends none for (and
	// for the pause image when PauseImageAuthFile is empty). CRI-O reads
	// it on each pull; it knows the key since 1.15. Default none.
	GlobalAuthFile string
	// Extra holds the other keys of [crio.image] (pinned_images,
	// image_volumes, ...).
	Extra map[string]any
}

// Network is [crio.network]: CNI.
type Network struct {
	// NetworkDir is network_dir: where CNI network configurations are
	// read. Default /etc/cni/net.d/.
	NetworkDir string
	// PluginDirs is plugin_dirs: where CNI plugin binaries are searched,
	// in order. Default ["/opt/cni/bin/"].
	PluginDirs []string
	// Extra holds the other keys of [crio.network] (cni_default_network,
	// the deprecated plugin_dir).
	Extra map[string]any
}

// Clone returns a deep copy of c, so a caller can change it without
// touching c.
func (c *Config) Clone() *Config {
	if c == nil {
		return nil
	}
	out := *c
	out.Extra = tomltree.Copy(c.Extra)
	out.TopLevel = tomltree.Copy(c.TopLevel)
	out.API.Extra = tomltree.Copy(c.API.Extra)
	out.Runtime.Extra = tomltree.Copy(c.Runtime.Extra)
	if c.Runtime.Runtimes != nil {
		out.Runtime.Runtimes = make(map[string]RuntimeHandler, len(c.Runtime.Runtimes))
		for name, h := range c.Runtime.Runtimes {
			h.MonitorEnv = cloneStrings(h.MonitorEnv)
			h.AllowedAnnotations = cloneStrings(h.AllowedAnnotations)
			h.Extra = tomltree.Copy(h.Extra)
			out.Runtime.Runtimes[name] = h
		}
	}
	if c.Image.PauseCommand != nil {
		cmd := *c.Image.PauseCommand
		out.Image.PauseCommand = &cmd
	}
	out.Image.InsecureRegistries = cloneStrings(c.Image.InsecureRegistries)
	out.Image.Extra = tomltree.Copy(c.Image.Extra)
	out.Network.PluginDirs = cloneStrings(c.Network.PluginDirs)
	out.Network.Extra = tomltree.Copy(c.Network.Extra)
	return &out
}

// cloneStrings keeps nil and empty apart: they render differently.
func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}
