package containerd

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// maxSocketPath is the longest path a unix socket can bind to on Linux
// (sun_path holds 108 bytes with the closing NUL).
const maxSocketPath = 107

// criPlugins are the plugins a Kubernetes node cannot run without.
var criPlugins = []string{pluginCRIv2, pluginCRIRuntime, pluginCRIImages}

// Validate checks c as the target containerd release would read it once
// rendered, and returns every problem: errors (what that release refuses,
// ignores to the node's harm, or removed) and apart from them warnings
// (deprecated settings, Extra keys the release does not know), each at its
// key in the target's layout (see the package's Validate section).
// Validate never changes c. Only an unsupported target or a config version
// the target cannot read stops it before the rest is checked.
func (c *Config) Validate(target runtime.Version) (warnings field.ErrorList, err error) {
	return c.validate(target, "")
}

// validate is Validate, except that the pause image is not parsed again
// when it is checkedImage, which WithSandboxImage has checked: whether a
// reference is valid depends on its text alone.
func (c *Config) validate(target runtime.Version, checkedImage string) (warnings field.ErrorList, err error) {
	if errs := targetRelease.Check(target); len(errs) > 0 {
		return nil, errs.Err()
	}
	cv, _ := ConfigVersion(target)
	if errs := c.validateVersion(target, cv); len(errs) > 0 {
		return nil, errs.Err()
	}
	// Only Extra moves between layouts, and the validator only reads: a
	// Config with nothing to migrate is checked as it is, not copied.
	m := c
	if len(c.Extra) > 0 || (c.Version != 0 && c.Version != cv) {
		var err error
		if m, err = c.Migrate(cv); err != nil {
			return nil, err
		}
	}
	v := validator{target: target, l: layouts[cv], c: m, checkedImage: checkedImage}
	v.err(tomltree.CheckValues(m.Extra, nil)...)
	v.top()
	v.runtimes()
	v.cni()
	v.images()
	v.nri()
	v.errs = append(v.errs, m.extraConflicts(target, v.l)...)
	v.extra()
	return v.warns, v.errs.Err()
}

func (c *Config) validateVersion(target runtime.Version, cv int) field.ErrorList {
	switch {
	case c.Version == 0:
		return nil
	case c.Version == 1:
		return field.ErrorList{field.Removed(versionKey.Path(), 1, "containerd 2.0 removed config version 1")}
	case layouts[c.Version] == nil:
		return field.ErrorList{field.NotSupported(versionKey.Path(), c.Version, []string{"2", "3", "4"})}
	case c.Version > cv:
		return field.ErrorList{field.NotSupported(versionKey.Path(), c.Version,
			[]string{fmt.Sprintf("config version %d or older: containerd %s reads no newer one", cv, target)})}
	}
	return nil
}

// validator collects the problems of a Config already migrated to the
// target's layout.
type validator struct {
	target      runtime.Version
	l           *layout
	c           *Config
	errs, warns field.ErrorList
	// checkedImage is a pause image already found valid, or "".
	checkedImage string
}

func (v *validator) err(e ...*field.Error)  { v.errs = append(v.errs, e...) }
func (v *validator) warn(e ...*field.Error) { v.warns = append(v.warns, e...) }

func (v *validator) top() {
	c := v.c
	v.optionalPath(rootKey, c.Root)
	v.optionalPath(stateKey, c.State)
	v.socket(v.l.grpcAddress, c.GRPCAddress)
	v.socket(v.l.ttrpcAddress, c.TTRPCAddress)
	if c.TTRPCAddress == "" && c.GRPCAddress != "" && len(c.GRPCAddress)+len(".ttrpc") > maxSocketPath {
		v.err(field.TooLong(v.l.grpcAddress.Path(), c.GRPCAddress, maxSocketPath-len(".ttrpc")))
	}
	if c.TTRPCAddress != "" && c.TTRPCAddress == c.GRPCAddress {
		v.err(field.Conflict(v.l.ttrpcAddress.Path(), c.TTRPCAddress, "the ttrpc and grpc sockets must differ"))
	}
	seen := map[string]bool{}
	for i, id := range c.DisabledPlugins {
		p := disabledPluginsKey.Path().Index(i)
		switch {
		case id == "":
			v.err(field.Required(p, "a plugin URI"))
		case !strings.Contains(id, "."):
			v.err(field.Invalid(p, id, "must be a full plugin URI such as io.containerd.snapshotter.v1.zfs; containerd refuses to start"))
		case slices.Contains(criPlugins, id):
			v.err(field.Forbidden(p, id, "a Kubernetes node needs containerd's CRI plugins"))
		case seen[id]:
			v.err(field.Duplicate(p, id))
		}
		seen[id] = true
	}
	seen = map[string]bool{}
	for i, imp := range c.Imports {
		p := importsKey.Path().Index(i)
		switch {
		case imp == "":
			v.err(field.Required(p, "a file path or glob"))
		case strings.ContainsAny(imp, "\x00\n\r"):
			v.err(field.Invalid(p, imp, "must not contain NUL or a line break"))
		case seen[imp]:
			v.err(field.Duplicate(p, imp))
		}
		seen[imp] = true
	}
}

func (v *validator) optionalPath(k key, s string) {
	// The key's path is built only for a problem (the check is pure).
	if s != "" && len(runtime.ValidateNodePath(nil, s)) > 0 {
		v.err(runtime.ValidateNodePath(k.Path(), s)...)
	}
}

func (v *validator) socket(k key, s string) {
	if s == "" {
		return
	}
	if len(runtime.ValidateNodePath(nil, s)) > 0 {
		v.err(runtime.ValidateNodePath(k.Path(), s)...)
		return
	}
	if len(s) > maxSocketPath {
		v.err(field.TooLong(k.Path(), s, maxSocketPath))
	}
}

// byRelease reports a value or key by what the target makes of it: an
// error once removed, a warning once deprecated.
func (v *validator) byRelease(p *field.Path, value any, l runtime.Lifecycle, detail string) {
	switch {
	case l.RemovedIn(v.target):
		v.err(field.Removed(p, value, fmt.Sprintf("containerd %s removed it: %s", l.Removed, detail)))
	case l.DeprecatedIn(v.target):
		v.warn(field.Deprecated(p, value, fmt.Sprintf("deprecated since containerd %s: %s", l.Deprecated, detail)))
	}
}

func (v *validator) valueRules(k key, value string, rules []valueRule) {
	for _, r := range rules {
		if value == r.value {
			v.byRelease(k.Path(), value, r.Lifecycle, r.detail)
		}
	}
}

// hasValueRule reports whether valueRules has anything to say about
// value, so that its key is built only then.
func hasValueRule(value string, rules []valueRule) bool {
	for _, r := range rules {
		if value == r.value {
			return true
		}
	}
	return false
}

func (v *validator) runtimes() {
	rt := v.c.Runtime
	// A node has a runtime or a few: their names are sorted in an array
	// that stays on the stack.
	var buf [8]string
	names := appendSortedKeys(buf[:0], rt.Runtimes)
	if n := rt.DefaultRuntimeName; n != "" && n != DefaultRuntimeName {
		if _, ok := rt.Runtimes[n]; !ok {
			v.err(field.Invalid(v.l.defaultRuntimeName().Path(), n, "names no runtime of containerd.runtimes"))
		}
	}
	for _, name := range names {
		r := rt.Runtimes[name]
		// The runtime's key is built only for what is set or wrong: a
		// valid runtime_type alone, the common runtime, needs none.
		k := func() key { return v.l.runtimeKey(name) }
		if !runtime.IsHandlerName(name) {
			v.err(field.Invalid(k().Path(), name, "a runtime name is a RuntimeClass handler: a DNS label (lower case letters, digits, '-')"))
		}
		switch {
		case r.Type == "":
			v.err(field.Required(k().Child(runtimeTypeKey).Path(), "a runtime type such as "+RuntimeTypeRuncV2))
		case strings.ContainsAny(r.Type, " \t\r\n\x00"):
			v.err(field.Invalid(k().Child(runtimeTypeKey).Path(), r.Type, "must not contain whitespace"))
		case hasValueRule(r.Type, runtimeTypeRules):
			v.valueRules(k().Child(runtimeTypeKey), r.Type, runtimeTypeRules)
		}
		if r.BaseRuntimeSpec != "" {
			v.optionalPath(k().Child(baseRuntimeSpecKey), r.BaseRuntimeSpec)
		}
		if r.Snapshotter != "" {
			v.sinceRelease(k().Child(runtimeSnapshotterKey), r.Snapshotter, v1_7)
			v.snapshotter(k().Child(runtimeSnapshotterKey), r.Snapshotter)
		}
		if r.Sandboxer != "" {
			p := k().Child(sandboxerName(v.target))
			v.sinceRelease(p, r.Sandboxer, v1_7)
			if r.Sandboxer != "podsandbox" && r.Sandboxer != "shim" {
				v.err(field.NotSupported(p.Path(), r.Sandboxer, []string{"podsandbox", "shim"}))
			}
		}
		if b := r.Options.BinaryName; b != "" {
			p := k().Child(optionsKey, binaryNameOptionKey).Path()
			switch {
			case strings.ContainsAny(b, " \t\r\n\x00"):
				v.err(field.Invalid(p, b, "must be a program name or an absolute path"))
			case strings.Contains(b, "/"):
				v.err(runtime.ValidateNodePath(p, b)...)
			}
		}
	}
	v.systemdCgroupAgreement(names)
}

// systemdCgroupAgreement: containerd reports the cgroup driver to the
// kubelet from the default runc runtime, so every runc runtime must create
// cgroups the same way.
func (v *validator) systemdCgroupAgreement(names []string) {
	rt := v.c.Runtime
	ref := cmp.Or(rt.DefaultRuntimeName, DefaultRuntimeName)
	if r, ok := rt.Runtimes[ref]; !ok || !IsRunc(r.Type) {
		ref = ""
		for _, n := range names {
			if IsRunc(rt.Runtimes[n].Type) {
				ref = n
				break
			}
		}
	}
	if ref == "" {
		return
	}
	want := rt.Runtimes[ref].Options.SystemdCgroup
	for _, n := range names {
		r := rt.Runtimes[n]
		if n != ref && IsRunc(r.Type) && r.Options.SystemdCgroup != want {
			v.err(field.Conflict(v.l.runtimeKey(n).Child(optionsKey, systemdCgroupOptionKey).Path(), r.Options.SystemdCgroup,
				fmt.Sprintf("runtime %q sets SystemdCgroup = %t: every runc runtime must use the same cgroup driver", ref, want)))
		}
	}
}

// sinceRelease refuses a value for a key the target does not have yet.
func (v *validator) sinceRelease(k key, value any, since runtime.Version) {
	if v.target.Before(since) {
		v.err(field.NotSupported(k.Path(), value, []string{fmt.Sprintf("unset: containerd %s added it", since)}))
	}
}

func (v *validator) snapshotter(k key, s string) {
	if strings.ContainsAny(s, " \t\r\n\x00/") {
		v.err(field.Invalid(k.Path(), s, "must be a snapshotter name such as overlayfs"))
		return
	}
	v.valueRules(k, s, snapshotterRules)
}

func (v *validator) cni() {
	cni := v.c.Runtime.CNI
	if len(cni.BinDirs) > 0 {
		v.binDirs(cni.BinDirs)
	}
	if cni.ConfDir != "" {
		v.optionalPath(v.l.cni().Child(cniConfDirKey), cni.ConfDir)
	}
}

// binDirs checks the CNI plugin directories, at bin_dirs or, before
// containerd 2.1, at bin_dir.
func (v *validator) binDirs(dirs []string) {
	binKey := v.l.cni().Child(cniBinDirsKey)
	if v.target.Before(v2_1) {
		binKey = v.l.cni().Child(cniBinDirKey)
		if len(dirs) > 1 {
			v.err(field.NotSupported(binKey.Path(), dirs, []string{"a single directory: containerd 2.1 added bin_dirs"}))
		}
	}
	seen := map[string]bool{}
	for i, d := range dirs {
		p := binKey.Path().Index(i)
		if v.target.Before(v2_1) {
			p = binKey.Path()
		}
		v.err(runtime.ValidateNodePath(p, d)...)
		if seen[d] {
			v.err(field.Duplicate(p, d))
		}
		seen[d] = true
	}
}

func (v *validator) images() {
	im := v.c.Images
	if im.Snapshotter != "" {
		v.snapshotter(v.l.snapshotter, im.Snapshotter)
	}
	if im.SandboxImage != "" && im.SandboxImage != v.checkedImage {
		v.err(runtime.ValidateImage(v.l.sandboxImage.Path(), im.SandboxImage)...)
	}
	if im.ConfigPath != "" {
		v.optionalPath(v.l.configPath(), im.ConfigPath)
	}
	if im.MaxConcurrentDownloads < 0 {
		v.err(field.Invalid(v.l.maxConcurrentDownloads.Path(), im.MaxConcurrentDownloads, "must not be negative"))
	}
	if t := im.ImagePullProgressTimeout; t != "" {
		v.sinceRelease(v.l.imagePullProgressTimeout, t, v1_7)
		if d, err := time.ParseDuration(t); err != nil {
			v.err(field.Invalid(v.l.imagePullProgressTimeout.Path(), t, "must be a Go duration such as 5m0s"))
		} else if d < 0 {
			v.err(field.Invalid(v.l.imagePullProgressTimeout.Path(), t, "must not be negative"))
		}
	}
}

func (v *validator) nri() {
	if d := v.c.DisableNRI; d != nil && !*d && v.target.Before(v1_7) {
		v.err(field.NotSupported(nriDisable.Path(), false, []string{"unset or true: containerd 1.6 has no NRI plugin to enable"}))
	}
}

// extra checks the keys kubenode does not model: removed and deprecated
// ones, the registry settings that silently take the CRI down, and keys the
// target does not know.
func (v *validator) extra() {
	extra := v.c.Extra
	if len(extra) == 0 {
		return // every check below is of a key in Extra
	}
	tomltree.Walk(extra, nil, func(k key, val any) bool {
		if r := ruleFor(v.l, k); r != nil {
			v.rule(r, k, val)
			return false
		}
		if _, isTable := val.(tree); isTable {
			return true
		}
		if !knows(v.target, v.l, k) {
			v.warn(field.Unknown(k.Path(), fmt.Sprintf("containerd %s does not know this key; containerd ignores it", v.target)))
		}
		return false
	})

	// containerd refuses mirrors next to config_path, and then runs without
	// its CRI plugin: the kubelet finds no runtime.
	if mirrors, ok := tomltree.Get(extra, v.l.registry().Child("mirrors")); ok && !tomltree.IsZero(mirrors) && v.c.Images.ConfigPath != "" {
		v.err(field.Conflict(v.l.registry().Child("mirrors").Path(), mirrors,
			"containerd refuses registry.mirrors when registry.config_path is set and starts without its CRI plugin; write the mirrors as hosts.toml files (see Hosts)"))
	}
	// containerd 2.1 to 2.3 refuse bin_dir next to bin_dirs.
	if dir, ok := tomltree.Get(extra, v.l.cni().Child(cniBinDirKey)); ok && !tomltree.IsZero(dir) && len(v.c.Runtime.CNI.BinDirs) > 0 && v.target.AtLeast(v2_1) {
		v.err(field.Conflict(v.l.cni().Child(cniBinDirKey).Path(), dir, "containerd refuses bin_dir together with bin_dirs"))
	}
	// containerd 1.x refuses systemd_cgroup for any runtime but the v1
	// one, and then runs without its CRI plugin.
	if v.target.Before(v2_0) {
		if sc, _ := tomltree.Get(extra, v.l.runtime.Child("systemd_cgroup")); sc == true {
			def := cmp.Or(v.c.Runtime.DefaultRuntimeName, DefaultRuntimeName)
			if v.c.Runtime.Runtimes[def].Type != RuntimeTypeLinuxV1 {
				v.err(field.Invalid(v.l.runtime.Child("systemd_cgroup").Path(), true,
					"containerd 1.x accepts it only for runtime "+RuntimeTypeLinuxV1+" and otherwise starts without its CRI plugin; set options.SystemdCgroup instead"))
			}
		}
	}
}

func (v *validator) rule(r *keyRule, k key, val any) {
	if r.isHarmless(val) {
		if r.RemovedIn(v.target) {
			v.warn(field.Unknown(k.Path(), fmt.Sprintf("containerd %s removed it; it has no effect: %s", r.Removed, r.detail)))
		}
		return
	}
	if r.secret {
		val = runtime.Redacted // may hold credentials: never shown
	}
	if r.removalIsWarning && r.RemovedIn(v.target) {
		v.warn(field.Removed(k.Path(), val, fmt.Sprintf("containerd %s removed it: %s", r.Removed, r.detail)))
		return
	}
	v.byRelease(k.Path(), val, r.Lifecycle, r.detail)
}
