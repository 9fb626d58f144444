package containerd

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
)

// Parse reads a config.toml of config version 2, 3 or 4, such as the output
// of `containerd config default`, into a Config: the keys Config models go
// to its fields, every other key stays in Extra (kept as the file has them,
// in the file's layout), and Version records the file's config version.
// Comments and the file's key order are not kept.
//
// A file without `version` is config version 1, which kubenode does not
// read (containerd 2.0 removed it); neither does it read a version it does
// not know. A modelled key holding the wrong TOML type is an error. So is
// a file nested deeper or holding more keys than tomltree.Decode reads (a
// field.ErrTooLong problem): no config containerd writes comes near.
func Parse(data []byte) (*Config, error) {
	doc, err := tomltree.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("containerd config: %w", err)
	}
	return parseTree(doc)
}

// parseTree is Parse of a decoded file, which it takes apart: what is left
// becomes Extra.
func parseTree(doc tree) (*Config, error) {
	version, err := parseVersion(doc)
	if err != nil {
		return nil, err
	}
	p := &parser{doc: doc, l: layouts[version]}
	c := &Config{Version: version}
	p.top(c)
	p.runtime(&c.Runtime)
	p.images(&c.Images)
	if v, ok := p.bool(nriDisable); ok {
		c.DisableNRI = &v
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	if len(doc) > 0 {
		c.Extra = doc
	}
	return c, nil
}

func parseVersion(doc tree) (int, error) {
	v, ok := tomltree.Take(doc, versionKey)
	if !ok {
		return 0, field.Removed(versionKey.Path(), nil, "a file without version is config version 1, which containerd 2.0 removed and kubenode does not read; `containerd config migrate` converts it")
	}
	n, ok := v.(int64)
	if !ok {
		return 0, field.Invalid(versionKey.Path(), v, "must be an integer")
	}
	if _, known := layouts[int(n)]; !known {
		return 0, field.NotSupported(versionKey.Path(), n, []string{"2", "3", "4"})
	}
	return int(n), nil
}

// parser takes the modelled keys out of a decoded file, collecting type
// errors.
type parser struct {
	doc  tree
	l    *layout
	errs field.ErrorList
}

func (p *parser) top(c *Config) {
	c.Root, _ = p.string(rootKey)
	c.State, _ = p.string(stateKey)
	c.GRPCAddress, _ = p.string(p.l.grpcAddress)
	c.TTRPCAddress, _ = p.string(p.l.ttrpcAddress)
	c.DisabledPlugins = p.strings(disabledPluginsKey)
	c.Imports = p.strings(importsKey)
}

func (p *parser) runtime(r *CRIRuntime) {
	r.DefaultRuntimeName, _ = p.string(p.l.defaultRuntimeName())
	r.RestrictOOMScoreAdj, _ = p.bool(p.l.restrictOOMScoreAdj())
	if runtimes, ok := p.table(p.l.runtimes()); ok {
		for _, name := range slices.Sorted(maps.Keys(runtimes)) {
			if _, isTable := runtimes[name].(tree); !isTable {
				p.errs = append(p.errs, field.Invalid(p.l.runtimeKey(name).Path(), runtimes[name], "must be a table"))
				continue
			}
			if r.Runtimes == nil {
				r.Runtimes = map[string]Runtime{}
			}
			r.Runtimes[name] = p.runtimeTable(p.l.runtimeKey(name))
		}
	}
	cni := p.l.cni()
	if dirs := p.strings(cni.Child(cniBinDirsKey)); len(dirs) > 0 {
		r.CNI.BinDirs = dirs
	}
	// bin_dir is kept only when bin_dirs does not already name the
	// directories: containerd 2.1 to 2.3 refuse both at once.
	if dir, ok := tomltree.Get(p.doc, cni.Child(cniBinDirKey)); ok && (len(r.CNI.BinDirs) == 0 || tomltree.IsZero(dir)) {
		if s, _ := p.string(cni.Child(cniBinDirKey)); s != "" {
			r.CNI.BinDirs = []string{s}
		}
	}
	r.CNI.ConfDir, _ = p.string(cni.Child(cniConfDirKey))
}

func (p *parser) runtimeTable(k key) Runtime {
	var r Runtime
	r.Type, _ = p.string(k.Child(runtimeTypeKey))
	r.BaseRuntimeSpec, _ = p.string(k.Child(baseRuntimeSpecKey))
	r.PrivilegedWithoutHostDevices, _ = p.bool(k.Child(privilegedNoDevicesKey))
	r.Snapshotter, _ = p.string(k.Child(runtimeSnapshotterKey))
	if p.l.version == 2 {
		r.Sandboxer, _ = p.string(k.Child(sandboxModeKey))
	} else {
		r.Sandboxer, _ = p.string(k.Child(sandboxerKey))
	}
	r.Options.SystemdCgroup, _ = p.bool(k.Child(optionsKey, systemdCgroupOptionKey))
	r.Options.BinaryName, _ = p.string(k.Child(optionsKey, binaryNameOptionKey))
	r.ConfigPath, _ = p.string(k.Child(optionsKey, configPathOptionKey))
	r.PodAnnotations = p.strings(k.Child(podAnnotationsKey))
	return r
}

func (p *parser) images(im *CRIImages) {
	im.Snapshotter, _ = p.string(p.l.snapshotter)
	im.SandboxImage, _ = p.string(p.l.sandboxImage)
	im.ConfigPath, _ = p.string(p.l.configPath())
	if n, ok := p.int(p.l.maxConcurrentDownloads); ok {
		im.MaxConcurrentDownloads = n
	}
	im.ImagePullProgressTimeout, _ = p.string(p.l.imagePullProgressTimeout)
	im.DiscardUnpackedLayers, _ = p.bool(p.l.discardUnpackedLayers)
}

// take takes a key of type T out of the file, or reports that it holds
// another type (as want says) and leaves it.
func take[T any](p *parser, k key, want string) (T, bool) {
	var zero T
	v, ok := tomltree.Get(p.doc, k)
	if !ok {
		return zero, false
	}
	t, isT := v.(T)
	if !isT {
		p.errs = append(p.errs, field.Invalid(k.Path(), v, "must be "+want))
		return zero, false
	}
	tomltree.Take(p.doc, k)
	return t, true
}

func (p *parser) string(k key) (string, bool) { return take[string](p, k, "a string") }
func (p *parser) bool(k key) (bool, bool)     { return take[bool](p, k, "true or false") }

func (p *parser) int(k key) (int, bool) {
	n, ok := take[int64](p, k, "an integer")
	return int(n), ok
}

// strings takes an array of strings out of the file; an empty array is
// taken too and gives nil, which Render leaves out (containerd's default).
func (p *parser) strings(k key) []string {
	v, ok := tomltree.Get(p.doc, k)
	if !ok {
		return nil
	}
	arr, isArray := v.([]any)
	if !isArray {
		p.errs = append(p.errs, field.Invalid(k.Path(), v, "must be an array of strings"))
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, x := range arr {
		s, isString := x.(string)
		if !isString {
			p.errs = append(p.errs, field.Invalid(k.Path().Index(i), x, "must be a string"))
			return nil
		}
		out = append(out, s)
	}
	tomltree.Take(p.doc, k)
	if len(out) == 0 {
		return nil
	}
	return out
}

// table returns the table at k without taking it.
func (p *parser) table(k key) (tree, bool) {
	v, ok := tomltree.Get(p.doc, k)
	if !ok {
		return nil, false
	}
	m, isTable := v.(tree)
	if !isTable {
		p.errs = append(p.errs, field.Invalid(k.Path(), v, "must be a table"))
		return nil, false
	}
	return m, true
}
