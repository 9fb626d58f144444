package containerd

import (
	"fmt"
	"slices"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Render validates c for the target containerd release and writes its
// config.toml in the config version and plugin layout that release reads
// (see ConfigVersion), migrating Extra there first. Only set fields and
// Extra are written, through go-toml with sorted keys, so the bytes are
// deterministic. Warnings do not stop it; errors do.
func (c *Config) Render(target runtime.Version) ([]byte, error) {
	if _, err := c.Validate(target); err != nil {
		return nil, err
	}
	return c.render(target)
}

// render encodes a Config that Validate has accepted for the target.
func (c *Config) render(target runtime.Version) ([]byte, error) {
	doc, err := c.document(target)
	if err != nil {
		return nil, err
	}
	data, err := tomltree.Encode(doc)
	if err != nil {
		return nil, fmt.Errorf("containerd config: %w", err)
	}
	return data, nil
}

// document builds the whole file as go-toml encodes it: the typed fields
// at the keys of the target's layout, then Extra migrated to that layout.
// With nothing to merge, that is the typed document; otherwise a tree,
// into which Extra is merged.
func (c *Config) document(target runtime.Version) (any, error) {
	cv, err := ConfigVersion(target)
	if err != nil {
		return nil, err
	}
	// Only Extra moves between layouts (typedTree and typedDocument place
	// the typed fields for the target): without Extra, a config already at
	// cv, or at no version, is used as it is rather than copied.
	migrated := c
	if len(c.Extra) > 0 || (c.Version != 0 && c.Version != cv) {
		if migrated, err = c.Migrate(cv); err != nil {
			return nil, err
		}
	}
	if len(migrated.Extra) == 0 {
		return migrated.typedDocument(target, layouts[cv]), nil
	}
	doc := migrated.typedTree(target, layouts[cv])
	if errs := tomltree.Merge(doc, migrated.Extra, nil); len(errs) > 0 {
		return nil, errs.Err()
	}
	doc["version"] = int64(cv)
	return doc, nil
}

// typedTree places the set fields of c at the keys of layout l. Fields the
// target cannot hold are left to Validate; here they are skipped.
func (c *Config) typedTree(target runtime.Version, l *layout) tree {
	t := tree{}
	put := func(k key, v any) {
		// Typed keys never collide with each other: each layout gives every
		// field its own key.
		_ = tomltree.Set(t, k, v)
	}
	putString := func(k key, v string) {
		if v != "" {
			put(k, v)
		}
	}
	putString(rootKey, c.Root)
	putString(stateKey, c.State)
	putString(l.grpcAddress, c.GRPCAddress)
	ttrpc := c.TTRPCAddress
	if ttrpc == "" && c.GRPCAddress != "" && l.version >= 4 {
		ttrpc = c.GRPCAddress + ".ttrpc"
	}
	putString(l.ttrpcAddress, ttrpc)
	if len(c.DisabledPlugins) > 0 {
		put(disabledPluginsKey, stringsToAny(c.DisabledPlugins))
	}
	if len(c.Imports) > 0 {
		put(importsKey, stringsToAny(c.Imports))
	}

	if c.Runtime.DefaultRuntimeName != "" {
		put(l.defaultRuntimeName(), c.Runtime.DefaultRuntimeName)
	}
	if c.Runtime.RestrictOOMScoreAdj {
		put(l.restrictOOMScoreAdj(), true)
	}
	var names [8]string
	for _, name := range appendSortedKeys(names[:0], c.Runtime.Runtimes) {
		if rt := runtimeTable(target, c.Runtime.Runtimes[name]); len(rt) > 0 {
			put(l.runtimeKey(name), rt)
		}
	}
	if dirs := c.Runtime.CNI.BinDirs; len(dirs) > 0 {
		if target.AtLeast(v2_1) {
			put(l.cni().Child(cniBinDirsKey), stringsToAny(dirs))
		} else {
			put(l.cni().Child(cniBinDirKey), dirs[0])
		}
	}
	// A key is built only for a value that is set: most are not.
	if c.Runtime.CNI.ConfDir != "" {
		put(l.cni().Child(cniConfDirKey), c.Runtime.CNI.ConfDir)
	}

	im := c.Images
	putString(l.snapshotter, im.Snapshotter)
	putString(l.sandboxImage, im.SandboxImage)
	if im.ConfigPath != "" {
		put(l.configPath(), im.ConfigPath)
	}
	if im.MaxConcurrentDownloads != 0 {
		put(l.maxConcurrentDownloads, int64(im.MaxConcurrentDownloads))
	}
	if target.AtLeast(v1_7) {
		putString(l.imagePullProgressTimeout, im.ImagePullProgressTimeout)
	}
	if im.DiscardUnpackedLayers {
		put(l.discardUnpackedLayers, true)
	}

	if c.DisableNRI != nil && target.AtLeast(v1_7) {
		put(nriDisable, *c.DisableNRI)
	}
	return t
}

// runtimeTable is the table of one runtime, the settings written straight
// into it (and its options table) rather than each through a key from the
// document root; empty when nothing is set.
func runtimeTable(target runtime.Version, r Runtime) tree {
	t := tree{}
	setString := func(t tree, k, v string) {
		if v != "" {
			t[k] = v
		}
	}
	setString(t, runtimeTypeKey, r.Type)
	setString(t, baseRuntimeSpecKey, r.BaseRuntimeSpec)
	if r.PrivilegedWithoutHostDevices {
		t[privilegedNoDevicesKey] = true
	}
	if target.AtLeast(v1_7) {
		setString(t, runtimeSnapshotterKey, r.Snapshotter)
		setString(t, sandboxerName(target), r.Sandboxer)
	}
	opts := tree{}
	if r.Options.SystemdCgroup {
		opts[systemdCgroupOptionKey] = true
	}
	setString(opts, binaryNameOptionKey, r.Options.BinaryName)
	setString(opts, configPathOptionKey, r.ConfigPath)
	if len(opts) > 0 {
		t[optionsKey] = opts
	}
	if len(r.PodAnnotations) > 0 {
		t[podAnnotationsKey] = stringsToAny(r.PodAnnotations)
	}
	return t
}

// appendSortedKeys appends m's keys to dst, in order. Given an array on
// the caller's stack, it sorts a few names without an allocation.
func appendSortedKeys[V any](dst []string, m map[string]V) []string {
	start := len(dst)
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst[start:])
	return dst
}

// sandboxerName is the runtime key of the sandboxer: 1.7 called it
// sandbox_mode.
func sandboxerName(target runtime.Version) string {
	if target.Before(v2_0) {
		return sandboxModeKey
	}
	return sandboxerKey
}

func stringsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// extraConflicts reports every key typedTree sets that Extra sets too (or
// blocks with a value where a table is needed).
func (c *Config) extraConflicts(target runtime.Version, l *layout) field.ErrorList {
	if len(c.Extra) == 0 {
		return nil // nothing can collide with a typed key
	}
	var errs field.ErrorList
	tomltree.Walk(c.typedTree(target, l), nil, func(k tomltree.Key, v any) bool {
		if _, isTable := v.(tree); isTable {
			return true
		}
		if ev, ok := tomltree.Reach(c.Extra, k); ok {
			errs = append(errs, field.Conflict(k.Path(), ev, "Extra sets a key that a typed field of Config sets"))
		}
		return true
	})
	return errs
}
