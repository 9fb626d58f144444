package containerd

import (
	"maps"
	"slices"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// migrations moves Extra from one config version to the next, indexed by
// the version migrated from, the way containerd migrates a file in memory
// at start (and `containerd config migrate` prints it). The typed fields of
// Config need no migration: Render places them for the target.
//
// Unlike containerd, a step also drops the keys the new version's releases
// removed when they hold a harmless value (systemd_cgroup = false, an
// all-empty untrusted_workload_runtime, ...), so that a migrated default
// config does not make containerd warn about unknown keys. A removed key
// that asks for something stays, and Validate refuses it.
var migrations = []func(extra tree){
	nil,         // 0: no config version
	nil,         // 1: removed in containerd 2.0; Parse refuses it
	migrateV2V3, // 2 -> 3: the CRI plugin split in two (containerd 2.0)
	migrateV3V4, // 3 -> 4: server settings became plugins (containerd 2.3)
}

// Migrate returns a copy of c whose Extra is laid out for config version
// to, and whose Version is to; c itself does not change. Migrating down is
// only possible while Extra is empty, since containerd never migrates down
// and an unmodelled key has no known place in an older layout.
func (c *Config) Migrate(to int) (*Config, error) {
	if layouts[to] == nil {
		return nil, field.NotSupported(versionKey.Path(), to, []string{"2", "3", "4"})
	}
	out := c.Clone()
	switch {
	case c.Version == 0 || c.Version == to:
	case layouts[c.Version] == nil:
		return nil, field.NotSupported(versionKey.Path(), c.Version, []string{"2", "3", "4"})
	case c.Version > to && len(c.Extra) > 0:
		return nil, field.Invalid(versionKey.Path(), c.Version,
			"a config with Extra keys cannot migrate down to an older config version")
	default:
		for v := c.Version; v < to; v++ {
			if out.Extra == nil {
				break
			}
			migrations[v](out.Extra)
		}
	}
	out.Version = to
	if len(out.Extra) == 0 {
		out.Extra = nil
	}
	return out, nil
}

// Clone returns a deep copy of c.
func (c *Config) Clone() *Config {
	out := *c
	out.DisabledPlugins = slices.Clone(c.DisabledPlugins)
	out.Imports = slices.Clone(c.Imports)
	if c.Runtime.Runtimes != nil {
		out.Runtime.Runtimes = maps.Clone(c.Runtime.Runtimes)
	}
	out.Runtime.CNI.BinDirs = slices.Clone(c.Runtime.CNI.BinDirs)
	if c.DisableNRI != nil {
		v := *c.DisableNRI
		out.DisableNRI = &v
	}
	out.Extra = tomltree.Copy(c.Extra)
	return &out
}

// dropHarmless removes the keys of rules removed in [from, to] that hold a
// harmless value, looking them up in layout l.
func dropHarmless(extra tree, l *layout, from, to runtime.Version) {
	var drop []key
	tomltree.Walk(extra, nil, func(k key, v any) bool {
		r := ruleFor(l, k)
		if r == nil {
			return true
		}
		if r.RemovedIn(to) && !r.Removed.Before(from) && r.isHarmless(v) {
			drop = append(drop, k)
		}
		return false
	})
	for _, k := range drop {
		tomltree.Take(extra, k)
	}
}

// CRI v2 keys that moved to the streaming server table, which kept the
// plugin ID io.containerd.grpc.v1.cri.
var criServerKeys = []string{
	"disable_tcp_service", "stream_server_address", "stream_server_port",
	"stream_idle_timeout", "enable_tls_streaming", "x509_key_pair_streaming",
}

// CRI v2 keys that moved to the image plugin.
var criImageKeys = []string{
	"registry", "image_decryption", "max_concurrent_downloads", "image_pull_progress_timeout",
	"image_pull_with_sync_fs", "stats_collect_period",
}

// Keys of the CRI v2 containerd table that moved to the image plugin.
var criContainerdImageKeys = []string{"snapshotter", "disable_snapshot_annotations", "discard_unpacked_layers"}

// migrateV2V3 splits io.containerd.grpc.v1.cri into the runtime, image and
// streaming server plugins and renames the plugins 2.0 renamed.
func migrateV2V3(extra tree) {
	dropHarmless(extra, layouts[2], v2_0, v2_2)
	plugins, _ := extra["plugins"].(tree)
	if plugins == nil {
		return
	}
	if cri, ok := plugins[pluginCRIv2].(tree); ok {
		server, images, rt := tree{}, tree{}, tree{}
		for name, v := range cri {
			switch {
			case slices.Contains(criServerKeys, name):
				server[name] = v
			case slices.Contains(criImageKeys, name):
				images[name] = v
			case name == "containerd":
				rt[name] = splitContainerdTable(v, images)
			case name == "cni":
				rt[name] = migrateCNI(v)
			default:
				rt[name] = v
			}
		}
		if len(server) > 0 {
			plugins[pluginCRIv2] = server
		} else {
			delete(plugins, pluginCRIv2)
		}
		mergeMissing(plugins, pluginCRIImages, images)
		mergeMissing(plugins, pluginCRIRuntime, rt)
	}
	renamePlugin(plugins, "io.containerd.monitor.v1.cgroups", "io.containerd.monitor.task.v1.cgroups")
	renamePlugin(plugins, "io.containerd.internal.v1.restart", "io.containerd.monitor.container.v1.restart")
	if task, ok := plugins["io.containerd.runtime.v2.task"].(tree); ok {
		if schedCore, ok := task["sched_core"]; ok {
			delete(task, "sched_core")
			if schedCore == true {
				mergeMissing(plugins, "io.containerd.shim.v1.manager", tree{"env": []any{"SCHED_CORE=1"}})
			}
		}
	}
}

// splitContainerdTable moves the image keys of the CRI containerd table to
// images and renames each runtime's sandbox_mode to sandboxer.
func splitContainerdTable(v any, images tree) any {
	ctd, ok := v.(tree)
	if !ok {
		return v
	}
	for _, name := range criContainerdImageKeys {
		if x, ok := ctd[name]; ok {
			images[name] = x
			delete(ctd, name)
		}
	}
	if runtimes, ok := ctd["runtimes"].(tree); ok {
		for _, r := range runtimes {
			rt, ok := r.(tree)
			if !ok {
				continue
			}
			if mode, ok := rt[sandboxModeKey]; ok {
				if _, has := rt[sandboxerKey]; !has {
					rt[sandboxerKey] = mode
				}
				delete(rt, sandboxModeKey)
			}
		}
	}
	return ctd
}

// migrateCNI turns bin_dir into bin_dirs unless bin_dirs is set.
func migrateCNI(v any) any {
	cni, ok := v.(tree)
	if !ok {
		return v
	}
	if dir, ok := cni[cniBinDirKey]; ok {
		delete(cni, cniBinDirKey)
		if _, has := cni[cniBinDirsKey]; !has && !tomltree.IsZero(dir) {
			cni[cniBinDirsKey] = []any{dir}
		}
	}
	return cni
}

// mergeMissing adds src's keys to the plugin table name, keeping what the
// table already has, as containerd's migrations do.
func mergeMissing(plugins tree, name string, src tree) {
	if len(src) == 0 {
		return
	}
	dst, ok := plugins[name].(tree)
	if !ok {
		plugins[name] = src
		return
	}
	for k, v := range src {
		if _, has := dst[k]; !has {
			dst[k] = v
		}
	}
}

func renamePlugin(plugins tree, from, to string) {
	if v, ok := plugins[from]; ok {
		delete(plugins, from)
		if _, has := plugins[to]; !has {
			plugins[to] = v
		}
	}
}

// migrateV3V4 moves the grpc, ttrpc, debug and metrics settings into the
// server plugins of containerd 2.3. The addresses are typed fields; what
// Extra holds of these tables is the rest. A setting at its zero value is
// dropped, as containerd's own migration does.
func migrateV3V4(extra tree) {
	dropHarmless(extra, layouts[3], v2_3, v2_4)
	moves := []struct {
		table, plugin string
		keys          map[string]string // old key -> key in the plugin
	}{
		{"grpc", pluginServerGRPC, map[string]string{"uid": "uid", "gid": "gid",
			"max_recv_message_size": "max_recv_message_size", "max_send_message_size": "max_send_message_size"}},
		{"grpc", pluginServerGRPCTCP, map[string]string{"tcp_address": "address", "tcp_tls_ca": "tls_ca",
			"tcp_tls_cert": "tls_cert", "tcp_tls_key": "tls_key", "tcp_tls_common_name": "tls_common_name"}},
		{"ttrpc", pluginServerTTRPC, map[string]string{"uid": "uid", "gid": "gid"}},
		{"debug", pluginServerDebug, map[string]string{"address": "address", "uid": "uid", "gid": "gid"}},
		{"metrics", pluginServerMetrics, map[string]string{"address": "address"}},
		{"metrics", pluginGRPCMetrics, map[string]string{"grpc_histogram": "grpc_histogram"}},
	}
	for _, m := range moves {
		table, ok := extra[m.table].(tree)
		if !ok {
			continue
		}
		moved := tree{}
		for _, old := range slices.Sorted(maps.Keys(m.keys)) {
			v, ok := table[old]
			if !ok {
				continue
			}
			delete(table, old)
			if !tomltree.IsZero(v) {
				moved[m.keys[old]] = v
			}
		}
		if len(moved) > 0 {
			plugins, ok := extra["plugins"].(tree)
			if !ok {
				plugins = tree{}
				extra["plugins"] = plugins
			}
			mergeMissing(plugins, m.plugin, moved)
		}
	}
	// A TCP listener's message sizes were the gRPC ones.
	if plugins, ok := extra["plugins"].(tree); ok {
		if tcp, ok := plugins[pluginServerGRPCTCP].(tree); ok {
			if grpc, ok := plugins[pluginServerGRPC].(tree); ok {
				for _, k := range []string{"max_recv_message_size", "max_send_message_size"} {
					if v, has := grpc[k]; has {
						if _, set := tcp[k]; !set {
							tcp[k] = v
						}
					}
				}
			}
		}
	}
	for _, name := range []string{"grpc", "ttrpc", "debug", "metrics"} {
		if t, ok := extra[name].(tree); ok && len(t) == 0 {
			delete(extra, name)
		}
	}
}
