package containerd

import (
	"reflect"

	"github.com/kubenode/kubenode/internal/tomltree"

	"github.com/kubenode/kubenode/runtime"
)

// keyRule is a key that containerd deprecated or removed, from the
// deprecation tables of containerd's RELEASES.md (checked against the
// releases' config types). Validate reports a key matching it by the
// target; Migrate drops it where it holds a harmless value.
type keyRule struct {
	// at returns the key in a layout; "*" stands for any name.
	at func(l *layout) key
	// Lifecycle has the first release that deprecates the key and the
	// first that no longer reads it; every release kubenode supports had
	// the key, so Since stays zero.
	runtime.Lifecycle
	// harmless is the value that asks for nothing, so the key may go:
	// nil means any zero value (false, "", 0, empty array, or a table of
	// such).
	harmless any
	// removalIsWarning: a release that removed the key does what the key
	// could ask anyway, so it stays a warning there (enable_cdi = false in a
	// migrated 1.7 config: containerd 2.4 ignores it and runs CDI).
	removalIsWarning bool
	// secret: the key's value may hold credentials, so a problem shows it
	// as runtime.Redacted.
	secret bool
	detail string
}

func atRuntime(names ...string) func(*layout) key {
	return func(l *layout) key { return l.runtime.Child(names...) }
}

func atRuntimes(names ...string) func(*layout) key {
	return func(l *layout) key { return l.runtimes().Child(append([]string{"*"}, names...)...) }
}

func atRegistry(name string) func(*layout) key {
	return func(l *layout) key { return l.registry().Child(name) }
}

func atKey(names ...string) func(*layout) key {
	return func(*layout) key { return names }
}

// runtimeV1Defaults is the runtime v1 plugin table every 1.x `containerd
// config default` prints.
var runtimeV1Defaults = tree{
	"no_shim": false, "runtime": "runc", "runtime_root": "", "shim": "containerd-shim", "shim_debug": false,
}

var keyRules = []keyRule{
	{at: atRuntime("systemd_cgroup"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 3), Removed: v2_0},
		detail: "set options.SystemdCgroup on the runc runtimes instead"},
	{at: atRuntime("disable_cgroup"), Lifecycle: runtime.Lifecycle{Removed: v2_0},
		detail: "use cgroup v2 delegation instead"},
	{at: atRuntime("containerd", "no_pivot"), Lifecycle: runtime.Lifecycle{Removed: v2_0},
		detail: "it applied only to the removed runtime io.containerd.runtime.v1.linux"},
	{at: atRuntime("containerd", "untrusted_workload_runtime"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 2), Removed: v2_0},
		detail: "define an \"untrusted\" runtime under runtimes instead"},
	{at: atRuntime("containerd", "default_runtime"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 3), Removed: v2_0},
		detail: "name a runtime of runtimes in default_runtime_name instead"},
	{at: atRuntimes("runtime_engine"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 3), Removed: v2_0},
		detail: "use runtime type io.containerd.runc.v2 and its options instead"},
	{at: atRuntimes("runtime_root"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 3), Removed: v2_0},
		detail: "use options.Root instead"},
	{at: atRuntimes(optionsKey, "CriuPath"), Lifecycle: runtime.Lifecycle{Deprecated: v1_7, Removed: v2_0},
		detail: "put the criu binary on $PATH instead"},
	{at: atKey("plugins", "io.containerd.runtime.v1.linux"), Lifecycle: runtime.Lifecycle{Removed: v2_0}, harmless: runtimeV1Defaults,
		detail: "containerd 2.0 removed the runtime v1 plugin"},
	{at: atKey("plugins", "io.containerd.snapshotter.v1.aufs"), Lifecycle: runtime.Lifecycle{Removed: v2_0},
		detail: "containerd 2.0 removed the aufs snapshotter; use overlayfs"},
	{at: atKey("plugin_dir"), Lifecycle: runtime.Lifecycle{Deprecated: v2_0, Removed: v2_1},
		detail: "containerd 2.1 removed Go plugin libraries; use proxy plugins or shims"},
	{at: atRegistry("mirrors"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 5)},
		detail: "write hosts.toml files under registry.config_path instead (see Hosts)"},
	{at: atRegistry("configs"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 5)}, secret: true,
		detail: "write a registry's TLS settings in hosts.toml files under registry.config_path instead (see Hosts); its auth has no replacement yet (containerd keeps it until a secret plugin exists: use the pods' imagePullSecrets or a kubelet credential provider where you can)"},
	{at: atRegistry("auths"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 3)}, secret: true,
		detail: "use the pods' imagePullSecrets instead"},
	{at: atRuntime("enable_cdi"), Lifecycle: runtime.Lifecycle{Deprecated: v2_2, Removed: v2_4}, harmless: true, removalIsWarning: true,
		detail: "containerd 2.4 ignores it and always enables CDI"},
	{at: atRuntime("cni", cniBinDirKey), Lifecycle: runtime.Lifecycle{Deprecated: v2_1, Removed: v2_4},
		detail: "set Config.Runtime.CNI.BinDirs (bin_dirs) instead"},
	{at: atKey("plugins", "io.containerd.tracing.processor.v1.otlp", "endpoint"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 6, 29), Removed: v2_4},
		detail: "use the OTEL_EXPORTER_OTLP_* environment variables instead"},
	{at: atKey("plugins", "io.containerd.tracing.processor.v1.otlp", "protocol"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 6, 29), Removed: v2_4},
		detail: "use the OTEL_EXPORTER_OTLP_* environment variables instead"},
	{at: atKey("plugins", "io.containerd.tracing.processor.v1.otlp", "insecure"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 6, 29), Removed: v2_4},
		detail: "use the OTEL_EXPORTER_OTLP_* environment variables instead"},
	{at: atKey("plugins", "io.containerd.internal.v1.tracing", "service_name"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 6, 29), Removed: v2_4},
		detail: "use the OTEL_SERVICE_NAME environment variable instead"},
	{at: atKey("plugins", "io.containerd.internal.v1.tracing", "sampling_ratio"), Lifecycle: runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 6, 29), Removed: v2_4},
		detail: "use the OTEL_TRACES_SAMPLER* environment variables instead"},
}

// ruleFor returns the rule whose key matches k in layout l.
func ruleFor(l *layout, k key) *keyRule {
	for i := range keyRules {
		if matchKey(keyRules[i].at(l), k) {
			return &keyRules[i]
		}
	}
	return nil
}

// matchKey reports whether k is the pattern p, where "*" in p matches any
// one name.
func matchKey(p, k key) bool {
	if len(p) != len(k) {
		return false
	}
	for i := range p {
		if p[i] != "*" && p[i] != k[i] {
			return false
		}
	}
	return true
}

// isHarmless reports whether v asks for nothing under rule r.
func (r *keyRule) isHarmless(v any) bool {
	if r.harmless == nil {
		return tomltree.IsZero(v)
	}
	return reflect.DeepEqual(v, r.harmless)
}

// valueRule is a value of a typed field that containerd deprecated or
// removed.
type valueRule struct {
	value string
	runtime.Lifecycle
	detail string
}

var runtimeTypeRules = []valueRule{
	{RuntimeTypeLinuxV1, runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 4), Removed: v2_0}, "use " + RuntimeTypeRuncV2},
	{RuntimeTypeRuncV1, runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 4), Removed: v2_0}, "use " + RuntimeTypeRuncV2},
}

var snapshotterRules = []valueRule{
	{"aufs", runtime.Lifecycle{Deprecated: runtime.NewVersion(1, 5), Removed: v2_0}, "use overlayfs"},
}
