package containerd

// Config is what a Kubernetes node needs from containerd's config.toml,
// independent of the config version: Render places each field where the
// target release reads it, Parse reads it from wherever the file's version
// keeps it. A field at its zero value is not written, so containerd applies
// its own default; New pins what a node must not leave to defaults.
//
// Every key kubenode does not model lives in Extra, in the layout of config
// version Version.
type Config struct {
	// Version is the config version (2, 3 or 4) of the file this Config was
	// parsed from, which is the layout Extra's keys follow. Render migrates
	// Extra from it to the target's version. 0, as New leaves it, means
	// Extra already follows the layout of whatever target it is rendered for.
	Version int

	// Root is `root`, where containerd keeps persistent data. Default
	// /var/lib/containerd.
	Root string
	// State is `state`, where containerd keeps transient data. Default
	// /run/containerd.
	State string
	// GRPCAddress is the socket of containerd's API, and of the CRI: `grpc.address`
	// in config versions 2 and 3, `plugins."io.containerd.server.v1.grpc".address`
	// in 4. Default /run/containerd/containerd.sock.
	GRPCAddress string
	// TTRPCAddress is the socket shims call back on: `ttrpc.address` in
	// config versions 2 and 3, `plugins."io.containerd.server.v1.ttrpc".address`
	// in 4. Default GRPCAddress + ".ttrpc"; for a version 4 file with a
	// GRPCAddress, Render writes that default out, since containerd 2.3 no
	// longer derives it.
	TTRPCAddress string
	// DisabledPlugins is `disabled_plugins`: plugin IDs containerd does not
	// load, each a full URI such as "io.containerd.snapshotter.v1.zfs".
	DisabledPlugins []string
	// Imports is `imports`: more TOML files (a path holding "*" is a glob;
	// a relative one is relative to the importing file's directory) merged
	// into this one, as Load does. Only a file's own imports count: the
	// `config default` of 2.2 and later lists /etc/containerd/conf.d/*.toml,
	// but a config without that line reads no conf.d file.
	Imports []string

	// Runtime is the CRI's runtime side: `plugins."io.containerd.cri.v1.runtime"`
	// in config versions 3 and 4, `plugins."io.containerd.grpc.v1.cri"` in 2.
	Runtime CRIRuntime
	// Images is the CRI's image side: `plugins."io.containerd.cri.v1.images"`
	// in config versions 3 and 4, spread over `plugins."io.containerd.grpc.v1.cri"`
	// and its `containerd` table in 2.
	Images CRIImages

	// DisableNRI is `plugins."io.containerd.nri.v1.nri".disable`. Unset
	// leaves containerd's default: NRI is on in 2.x and off in 1.7; 1.6 has
	// no NRI plugin table (DisableNRI false is refused for it, true is not
	// written).
	DisableNRI *bool

	// Extra holds every key of the file that no field above models, as a
	// tree in the shape go-toml decodes TOML into (map[string]any tables,
	// []any arrays, string, int64, float64, bool, dates). Render writes it
	// back; Validate warns about keys the target does not know.
	Extra map[string]any
}

// CRIRuntime is the CRI runtime plugin's table: `plugins."io.containerd.cri.v1.runtime"`
// (config versions 3, 4) or `plugins."io.containerd.grpc.v1.cri"` (2).
type CRIRuntime struct {
	// DefaultRuntimeName is `containerd.default_runtime_name`: the runtime
	// for pods that name no RuntimeClass. Default "runc".
	DefaultRuntimeName string
	// Runtimes is `containerd.runtimes`, by name. A name is what a
	// Kubernetes RuntimeClass names as its handler.
	Runtimes map[string]Runtime
	// CNI is the `cni` table.
	CNI CNI
	// RestrictOOMScoreAdj is `restrict_oom_score_adj`: containers never get
	// an oom_score_adj below containerd's own, for a host where this
	// process may not lower it (a user namespace, a sandbox without
	// CAP_SYS_RESOURCE), where runc otherwise fails the pod sandbox with
	// "can't get final child's PID from pipe: EOF". Default false.
	RestrictOOMScoreAdj bool
}

// Runtime is one `containerd.runtimes.<name>` table of the CRI runtime
// plugin.
type Runtime struct {
	// Type is `runtime_type`, the shim to run: "io.containerd.runc.v2"
	// for runc. containerd 2.0 removed "io.containerd.runtime.v1.linux" and
	// "io.containerd.runc.v1".
	Type string
	// BaseRuntimeSpec is `base_runtime_spec`: an OCI spec file every
	// container of this runtime starts from. containerd reads it at start.
	BaseRuntimeSpec string
	// PrivilegedWithoutHostDevices is `privileged_without_host_devices`:
	// privileged pods do not get the host's devices. Default false.
	PrivilegedWithoutHostDevices bool
	// Snapshotter is `snapshotter` (containerd 1.7 and later): the
	// snapshotter for this runtime's containers; empty means the image
	// side's default.
	Snapshotter string
	// Sandboxer is `sandboxer` (containerd 2.x), `sandbox_mode` in 1.7:
	// "podsandbox" (default) or "shim". containerd 1.6 has neither.
	Sandboxer string
	// Options is the runc options of the `options` table, read by the
	// runc shim (runtime types io.containerd.runc.*). Other shims' options
	// stay in Config.Extra, but ConfigPath.
	Options RuncOptions
	// ConfigPath is `options.ConfigPath`: the configuration file of a shim
	// that has one (kata's configuration.toml, runsc's runsc.toml).
	ConfigPath string
	// PodAnnotations is `pod_annotations`: the pod annotations (globs
	// such as "io.katacontainers.*") passed on to the runtime.
	PodAnnotations []string
}

// RuncOptions is the part of a runtime's `options` table the runc shim reads
// that a node needs.
type RuncOptions struct {
	// SystemdCgroup is `options.SystemdCgroup`: runc creates cgroups through
	// systemd. It must match the kubelet's cgroupDriver (true for systemd).
	// Default false (cgroupfs).
	SystemdCgroup bool
	// BinaryName is `options.BinaryName`: the runc-compatible binary to run,
	// such as /usr/bin/crun. Default "runc" from PATH.
	BinaryName string
}

// CNI is the CRI runtime plugin's `cni` table.
type CNI struct {
	// BinDirs are the directories holding CNI plugins: `bin_dirs` from
	// containerd 2.1, `bin_dir` (a single directory) before; 2.1 to 2.3 read
	// both, 2.4 only `bin_dirs`. Default ["/opt/cni/bin"].
	BinDirs []string
	// ConfDir is `conf_dir`, where the CNI network config is read. Default
	// /etc/cni/net.d.
	ConfDir string
}

// CRIImages is the CRI image plugin's settings: `plugins."io.containerd.cri.v1.images"`
// in config versions 3 and 4. The keys of config version 2 are named per
// field.
type CRIImages struct {
	// Snapshotter is `snapshotter` (version 2: `containerd.snapshotter`).
	// Default "overlayfs". containerd 2.0 removed "aufs".
	Snapshotter string
	// SandboxImage is the pause image: `pinned_images.sandbox` (version 2:
	// `sandbox_image`). The default differs per release
	// (registry.k8s.io/pause:3.6 in 1.6, 3.10.1 in 2.2).
	SandboxImage string
	// ConfigPath is `registry.config_path`: the directory of per-registry
	// hosts.toml files (see Hosts). Empty means no hosts directory.
	ConfigPath string
	// MaxConcurrentDownloads is `max_concurrent_downloads`: layers pulled
	// at once per image. 0 means containerd's default, 3.
	MaxConcurrentDownloads int
	// ImagePullProgressTimeout is `image_pull_progress_timeout` (containerd
	// 1.7 and later), a Go duration such as "5m0s": a pull with no progress
	// for that long is cancelled. Default "5m0s".
	ImagePullProgressTimeout string
	// DiscardUnpackedLayers is `discard_unpacked_layers` (version 2:
	// `containerd.discard_unpacked_layers`): drop compressed layers once
	// unpacked. Default false.
	DiscardUnpackedLayers bool
}

// RuntimeTypeRuncV2 is the runtime type of runc through its v2 shim, the
// one a Kubernetes node uses.
const RuntimeTypeRuncV2 = "io.containerd.runc.v2"

// Runtime types containerd 2.0 removed.
const (
	RuntimeTypeLinuxV1 = "io.containerd.runtime.v1.linux"
	RuntimeTypeRuncV1  = "io.containerd.runc.v1"
)

// Defaults containerd applies where a field is unset.
const (
	DefaultRoot        = "/var/lib/containerd"
	DefaultState       = "/run/containerd"
	DefaultGRPCAddress = "/run/containerd/containerd.sock"
	DefaultRuntimeName = "runc"
	DefaultConfigPath  = "/etc/containerd/certs.d"
	// DefaultSandboxImage is the pause image New pins: the one kubeadm
	// 1.35 expects and containerd 2.2 defaults to.
	DefaultSandboxImage = "registry.k8s.io/pause:3.10.1"
	// ConfigFile is where containerd reads its config.
	ConfigFile = "/etc/containerd/config.toml"
)

// IsRunc reports whether a runtime type is run by a runc shim, whose options
// hold SystemdCgroup.
func IsRunc(runtimeType string) bool {
	return runtimeType == RuntimeTypeRuncV2 || runtimeType == RuntimeTypeRuncV1
}
