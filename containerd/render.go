package containerd

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	"github.com/pelletier/go-toml/v2"

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
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).SetIndentTables(true).Encode(doc); err != nil {
		return nil, fmt.Errorf("containerd config: %w", err)
	}
	return buf.Bytes(), nil
}

// document builds the whole file as a tree: the typed fields at the keys of
// the target's layout, then Extra migrated to that layout.
func (c *Config) document(target runtime.Version) (tree, error) {
	cv, err := ConfigVersion(target)
	if err != nil {
		return nil, err
	}
	migrated, err := c.Migrate(cv)
	if err != nil {
		return nil, err
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

	putString(l.defaultRuntimeName(), c.Runtime.DefaultRuntimeName)
	for _, name := range slices.Sorted(maps.Keys(c.Runtime.Runtimes)) {
		r := c.Runtime.Runtimes[name]
		rk := l.runtimeKey(name)
		putString(rk.Child(runtimeTypeKey), r.Type)
		putString(rk.Child(baseRuntimeSpecKey), r.BaseRuntimeSpec)
		if r.PrivilegedWithoutHostDevices {
			put(rk.Child(privilegedNoDevicesKey), true)
		}
		if target.AtLeast(v1_7) {
			putString(rk.Child(runtimeSnapshotterKey), r.Snapshotter)
			putString(rk.Child(sandboxerName(target)), r.Sandboxer)
		}
		if r.Options.SystemdCgroup {
			put(rk.Child(optionsKey, systemdCgroupOptionKey), true)
		}
		putString(rk.Child(optionsKey, binaryNameOptionKey), r.Options.BinaryName)
	}
	if dirs := c.Runtime.CNI.BinDirs; len(dirs) > 0 {
		if target.AtLeast(v2_1) {
			put(l.cni().Child(cniBinDirsKey), stringsToAny(dirs))
		} else {
			put(l.cni().Child(cniBinDirKey), dirs[0])
		}
	}
	putString(l.cni().Child(cniConfDirKey), c.Runtime.CNI.ConfDir)

	im := c.Images
	putString(l.snapshotter, im.Snapshotter)
	putString(l.sandboxImage, im.SandboxImage)
	putString(l.configPath(), im.ConfigPath)
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
