package containerd

import "github.com/kubenode/kubenode/internal/tomltree"

// tree is a TOML document or table as go-toml decodes it.
type tree = tomltree.Tree

// key is the path of a TOML key from the document root.
type key = tomltree.Key

// Plugin IDs whose tables Config models.
const (
	pluginCRIv2         = "io.containerd.grpc.v1.cri"
	pluginCRIRuntime    = "io.containerd.cri.v1.runtime"
	pluginCRIImages     = "io.containerd.cri.v1.images"
	pluginNRI           = "io.containerd.nri.v1.nri"
	pluginServerGRPC    = "io.containerd.server.v1.grpc"
	pluginServerTTRPC   = "io.containerd.server.v1.ttrpc"
	pluginServerGRPCTCP = "io.containerd.server.v1.grpc-tcp"
	pluginServerDebug   = "io.containerd.server.v1.debug"
	pluginServerMetrics = "io.containerd.server.v1.metrics"
	pluginGRPCMetrics   = "io.containerd.metrics.v1.grpc-prometheus"
)

// layout says where one config version keeps each field of Config. Render
// and Parse both read it, so a field is written and read at the same key,
// and Validate names problems by it.
type layout struct {
	version int

	grpcAddress, ttrpcAddress key

	// runtime is the CRI runtime table; the runtimes, the default runtime
	// name and the cni table are under it.
	runtime key
	// images is the table holding the registry table and the image
	// settings without a key of their own below.
	images key

	sandboxImage             key
	snapshotter              key
	discardUnpackedLayers    key
	maxConcurrentDownloads   key
	imagePullProgressTimeout key

	derived
}

var layouts = map[int]*layout{
	2: {
		version:                  2,
		grpcAddress:              key{"grpc", "address"},
		ttrpcAddress:             key{"ttrpc", "address"},
		runtime:                  key{"plugins", pluginCRIv2},
		images:                   key{"plugins", pluginCRIv2},
		sandboxImage:             key{"plugins", pluginCRIv2, "sandbox_image"},
		snapshotter:              key{"plugins", pluginCRIv2, "containerd", "snapshotter"},
		discardUnpackedLayers:    key{"plugins", pluginCRIv2, "containerd", "discard_unpacked_layers"},
		maxConcurrentDownloads:   key{"plugins", pluginCRIv2, "max_concurrent_downloads"},
		imagePullProgressTimeout: key{"plugins", pluginCRIv2, "image_pull_progress_timeout"},
	},
	3: v3Layout(3, key{"grpc", "address"}, key{"ttrpc", "address"}),
	4: v3Layout(4, key{"plugins", pluginServerGRPC, "address"}, key{"plugins", pluginServerTTRPC, "address"}),
}

// v3Layout is the split CRI layout of containerd 2.x; version 4 moved only
// the server sockets.
func v3Layout(version int, grpc, ttrpc key) *layout {
	images := key{"plugins", pluginCRIImages}
	return &layout{
		version:                  version,
		grpcAddress:              grpc,
		ttrpcAddress:             ttrpc,
		runtime:                  key{"plugins", pluginCRIRuntime},
		images:                   images,
		sandboxImage:             images.Child("pinned_images", "sandbox"),
		snapshotter:              images.Child("snapshotter"),
		discardUnpackedLayers:    images.Child("discard_unpacked_layers"),
		maxConcurrentDownloads:   images.Child("max_concurrent_downloads"),
		imagePullProgressTimeout: images.Child("image_pull_progress_timeout"),
	}
}

// derived are the keys every layout derives from its runtime and images
// tables, built once (see init) instead of per render and validation.
type derived struct {
	defaultRuntimeName, runtimes, cni, restrictOOMScoreAdj key
	registry, configPath                                   key
}

func init() {
	for _, l := range layouts {
		l.derived = derived{
			defaultRuntimeName:  l.runtime.Child("containerd", "default_runtime_name"),
			runtimes:            l.runtime.Child("containerd", "runtimes"),
			cni:                 l.runtime.Child("cni"),
			restrictOOMScoreAdj: l.runtime.Child("restrict_oom_score_adj"),
			registry:            l.images.Child("registry"),
			configPath:          l.images.Child("registry", "config_path"),
		}
	}
}

// Keys under the runtime table. Each is shared: Child never writes into
// its receiver's array.
func (l *layout) defaultRuntimeName() key {
	return l.derived.defaultRuntimeName
}
func (l *layout) runtimes() key              { return l.derived.runtimes }
func (l *layout) runtimeKey(name string) key { return l.runtimes().Child(name) }
func (l *layout) cni() key                   { return l.derived.cni }
func (l *layout) restrictOOMScoreAdj() key   { return l.derived.restrictOOMScoreAdj }

// Keys under the images table.
func (l *layout) registry() key   { return l.derived.registry }
func (l *layout) configPath() key { return l.derived.configPath }

// nriDisable is the same in every version.
var nriDisable = key{"plugins", pluginNRI, "disable"}

// Top-level keys, the same in every version.
var (
	rootKey            = key{"root"}
	stateKey           = key{"state"}
	disabledPluginsKey = key{"disabled_plugins"}
	importsKey         = key{"imports"}
	versionKey         = key{"version"}
)

// Keys of a runtime table, relative to it.
const (
	runtimeTypeKey         = "runtime_type"
	baseRuntimeSpecKey     = "base_runtime_spec"
	privilegedNoDevicesKey = "privileged_without_host_devices"
	runtimeSnapshotterKey  = "snapshotter"
	sandboxerKey           = "sandboxer"
	sandboxModeKey         = "sandbox_mode" // containerd 1.7's name of sandboxer
	optionsKey             = "options"
	systemdCgroupOptionKey = "SystemdCgroup"
	binaryNameOptionKey    = "BinaryName"
	configPathOptionKey    = "ConfigPath"
	podAnnotationsKey      = "pod_annotations"
	cniBinDirKey           = "bin_dir"
	cniBinDirsKey          = "bin_dirs"
	cniConfDirKey          = "conf_dir"
)
