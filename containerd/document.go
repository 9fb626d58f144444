package containerd

import "github.com/kubenode/kubenode/runtime"

// The typed documents below are config.toml as go-toml encodes it for a
// Config without Extra: the keys typedTree sets, held in structs rather
// than in a tree of maps. go-toml writes a struct's fields in their order
// and a map's keys in byte order, key-values before tables in both, and
// leaves out an omitempty field whose value (a struct: every field of it)
// is empty, as typedTree leaves out an unset field and a table holding
// none. So each struct lists its keys in byte order, and encodes to the
// bytes of the tree (TestTypedDocumentIsTheTree checks every field in
// every config version). A node's config costs a few allocations this way
// instead of two per table, and go-toml walks no maps. typedTree stays the
// one description of the document where Extra is merged in and checked.

// document is config.toml of every config version, whose plugin tables
// (P) differ.
type document[P any] struct {
	DisabledPlugins []string `toml:"disabled_plugins,omitempty"`
	GRPC            address  `toml:"grpc,omitempty"`
	Imports         []string `toml:"imports,omitempty"`
	Plugins         P        `toml:"plugins,omitempty"`
	Root            string   `toml:"root,omitempty"`
	State           string   `toml:"state,omitempty"`
	TTRPC           address  `toml:"ttrpc,omitempty"`
	Version         int64    `toml:"version"`
}

// documentV3 is config.toml of config versions 3 and 4.
type documentV3 = document[pluginsV3]

type pluginsV3 struct {
	Images  imagesV3  `toml:"io.containerd.cri.v1.images,omitempty"`
	Runtime runtimeV3 `toml:"io.containerd.cri.v1.runtime,omitempty"`
	NRI     nriTable  `toml:"io.containerd.nri.v1.nri,omitempty"`
	// GRPC and TTRPC are version 4's places of the sockets.
	GRPC  address `toml:"io.containerd.server.v1.grpc,omitempty"`
	TTRPC address `toml:"io.containerd.server.v1.ttrpc,omitempty"`
}

type imagesV3 struct {
	DiscardUnpackedLayers    bool          `toml:"discard_unpacked_layers,omitempty"`
	ImagePullProgressTimeout string        `toml:"image_pull_progress_timeout,omitempty"`
	MaxConcurrentDownloads   int64         `toml:"max_concurrent_downloads,omitempty"`
	PinnedImages             pinnedImages  `toml:"pinned_images,omitempty"`
	Registry                 registryTable `toml:"registry,omitempty"`
	Snapshotter              string        `toml:"snapshotter,omitempty"`
}

type runtimeV3 struct {
	CNI                 cniTable        `toml:"cni,omitempty"`
	Containerd          containerdTable `toml:"containerd,omitempty"`
	RestrictOOMScoreAdj bool            `toml:"restrict_oom_score_adj,omitempty"`
}

// documentV2 is config.toml of config version 2, whose one CRI plugin
// table holds both the runtime and the image settings.
type documentV2 = document[pluginsV2]

type pluginsV2 struct {
	CRI criV2    `toml:"io.containerd.grpc.v1.cri,omitempty"`
	NRI nriTable `toml:"io.containerd.nri.v1.nri,omitempty"`
}

type criV2 struct {
	CNI                      cniTable        `toml:"cni,omitempty"`
	Containerd               containerdTable `toml:"containerd,omitempty"`
	ImagePullProgressTimeout string          `toml:"image_pull_progress_timeout,omitempty"`
	MaxConcurrentDownloads   int64           `toml:"max_concurrent_downloads,omitempty"`
	Registry                 registryTable   `toml:"registry,omitempty"`
	RestrictOOMScoreAdj      bool            `toml:"restrict_oom_score_adj,omitempty"`
	SandboxImage             string          `toml:"sandbox_image,omitempty"`
}

// containerdTable is the CRI runtime's containerd table; version 2 keeps
// the image side's snapshotter and discard_unpacked_layers in it too.
type containerdTable struct {
	DefaultRuntimeName    string                `toml:"default_runtime_name,omitempty"`
	DiscardUnpackedLayers bool                  `toml:"discard_unpacked_layers,omitempty"`
	Runtimes              map[string]runtimeDoc `toml:"runtimes,omitempty"`
	Snapshotter           string                `toml:"snapshotter,omitempty"`
}

// runtimeDoc is one runtime's table, as runtimeTable builds it.
type runtimeDoc struct {
	BaseRuntimeSpec              string         `toml:"base_runtime_spec,omitempty"`
	Options                      runtimeOptions `toml:"options,omitempty"`
	PodAnnotations               []string       `toml:"pod_annotations,omitempty"`
	PrivilegedWithoutHostDevices bool           `toml:"privileged_without_host_devices,omitempty"`
	Type                         string         `toml:"runtime_type,omitempty"`
	SandboxMode                  string         `toml:"sandbox_mode,omitempty"`
	Sandboxer                    string         `toml:"sandboxer,omitempty"`
	Snapshotter                  string         `toml:"snapshotter,omitempty"`
}

type runtimeOptions struct {
	BinaryName    string `toml:"BinaryName,omitempty"`
	ConfigPath    string `toml:"ConfigPath,omitempty"`
	SystemdCgroup bool   `toml:"SystemdCgroup,omitempty"`
}

type cniTable struct {
	BinDir  string   `toml:"bin_dir,omitempty"`
	BinDirs []string `toml:"bin_dirs,omitempty"`
	ConfDir string   `toml:"conf_dir,omitempty"`
}

type address struct {
	Address string `toml:"address,omitempty"`
}

type pinnedImages struct {
	Sandbox string `toml:"sandbox,omitempty"`
}

type registryTable struct {
	ConfigPath string `toml:"config_path,omitempty"`
}

// nriTable holds disable as a pointer: false is written when set.
type nriTable struct {
	Disable *bool `toml:"disable,omitempty"`
}

// typedDocument is the document of c, which has no Extra, for the target
// in layout l: what typedTree builds, in the structs above.
func (c *Config) typedDocument(target runtime.Version, l *layout) any {
	ttrpc := c.TTRPCAddress
	if ttrpc == "" && c.GRPCAddress != "" && l.version >= 4 {
		ttrpc = c.GRPCAddress + ".ttrpc"
	}
	var cni cniTable
	if dirs := c.Runtime.CNI.BinDirs; len(dirs) > 0 {
		if target.AtLeast(v2_1) {
			cni.BinDirs = dirs
		} else {
			cni.BinDir = dirs[0]
		}
	}
	cni.ConfDir = c.Runtime.CNI.ConfDir
	ctrd := containerdTable{DefaultRuntimeName: c.Runtime.DefaultRuntimeName, Runtimes: runtimeDocs(target, c.Runtime.Runtimes)}
	var nri nriTable
	if target.AtLeast(v1_7) {
		nri.Disable = c.DisableNRI
	}
	im := c.Images
	var pullTimeout string
	if target.AtLeast(v1_7) {
		pullTimeout = im.ImagePullProgressTimeout
	}

	if l.version == 2 {
		ctrd.Snapshotter, ctrd.DiscardUnpackedLayers = im.Snapshotter, im.DiscardUnpackedLayers
		return documentV2{
			DisabledPlugins: c.DisabledPlugins,
			GRPC:            address{c.GRPCAddress},
			Imports:         c.Imports,
			Plugins: pluginsV2{
				CRI: criV2{
					CNI:                      cni,
					Containerd:               ctrd,
					ImagePullProgressTimeout: pullTimeout,
					MaxConcurrentDownloads:   int64(im.MaxConcurrentDownloads),
					Registry:                 registryTable{im.ConfigPath},
					RestrictOOMScoreAdj:      c.Runtime.RestrictOOMScoreAdj,
					SandboxImage:             im.SandboxImage,
				},
				NRI: nri,
			},
			Root:    c.Root,
			State:   c.State,
			TTRPC:   address{ttrpc},
			Version: int64(l.version),
		}
	}
	doc := documentV3{
		DisabledPlugins: c.DisabledPlugins,
		Imports:         c.Imports,
		Plugins: pluginsV3{
			Images: imagesV3{
				DiscardUnpackedLayers:    im.DiscardUnpackedLayers,
				ImagePullProgressTimeout: pullTimeout,
				MaxConcurrentDownloads:   int64(im.MaxConcurrentDownloads),
				PinnedImages:             pinnedImages{im.SandboxImage},
				Registry:                 registryTable{im.ConfigPath},
				Snapshotter:              im.Snapshotter,
			},
			Runtime: runtimeV3{CNI: cni, Containerd: ctrd, RestrictOOMScoreAdj: c.Runtime.RestrictOOMScoreAdj},
			NRI:     nri,
		},
		Root:    c.Root,
		State:   c.State,
		Version: int64(l.version),
	}
	if l.version >= 4 {
		doc.Plugins.GRPC, doc.Plugins.TTRPC = address{c.GRPCAddress}, address{ttrpc}
	} else {
		doc.GRPC, doc.TTRPC = address{c.GRPCAddress}, address{ttrpc}
	}
	return doc
}

// runtimeDocs are the tables of the runtimes that set anything; nil when
// none does, as typedTree then writes no runtimes table.
func runtimeDocs(target runtime.Version, runtimes map[string]Runtime) map[string]runtimeDoc {
	var out map[string]runtimeDoc
	for name, r := range runtimes {
		d := runtimeDoc{
			BaseRuntimeSpec:              r.BaseRuntimeSpec,
			Options:                      runtimeOptions{BinaryName: r.Options.BinaryName, ConfigPath: r.ConfigPath, SystemdCgroup: r.Options.SystemdCgroup},
			PodAnnotations:               r.PodAnnotations,
			PrivilegedWithoutHostDevices: r.PrivilegedWithoutHostDevices,
			Type:                         r.Type,
		}
		if target.AtLeast(v1_7) {
			d.Snapshotter = r.Snapshotter
			if target.Before(v2_0) {
				d.SandboxMode = r.Sandboxer
			} else {
				d.Sandboxer = r.Sandboxer
			}
		}
		if d.isEmpty() {
			continue
		}
		if out == nil {
			out = make(map[string]runtimeDoc, len(runtimes))
		}
		out[name] = d
	}
	return out
}

// isEmpty reports whether the table sets nothing, so that typedTree would
// leave it out.
func (d runtimeDoc) isEmpty() bool {
	return d.BaseRuntimeSpec == "" && d.Options == (runtimeOptions{}) && len(d.PodAnnotations) == 0 &&
		!d.PrivilegedWithoutHostDevices && d.Type == "" && d.SandboxMode == "" && d.Sandboxer == "" && d.Snapshotter == ""
}
