package crio

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// maxSocketPath is the longest path a unix socket can bind to on Linux
// (sun_path holds 108 bytes with the closing NUL).
const maxSocketPath = 107

// vmBinary is the name CRI-O requires of a vm runtime's binary
// (RuntimeTypeVMBinaryPattern in its pkg/config, matched unanchored
// against the base name, as CRI-O does).
var vmBinary = regexp.MustCompile(`containerd-shim-([a-zA-Z0-9\-\+])+-v2`)

// sliceName is a systemd slice unit name.
var sliceName = regexp.MustCompile(`^[A-Za-z0-9:_.\\-]+\.slice$`)

// defaultMonitorCgroup is the monitor cgroup CRI-O uses with systemd when
// none is set; with cgroupfs it treats this value as empty.
const defaultMonitorCgroup = "system.slice"

// podCgroup puts conmon in the pod's own cgroup; valid with either driver.
const podCgroup = "pod"

// Validate checks c as the target CRI-O release would read it once
// rendered, and returns every problem: errors (what that release refuses
// at start, or would run with to the node's harm) and apart from them
// warnings (keys it does not know and would ignore silently, removed and
// deprecated keys). Problems carry the TOML path of their key, such as
// crio.runtime.runtimes.crun.monitor_cgroup. Validate never changes c.
//
// A drop-in is judged on its own: a runtime it names must be defined in
// it or be built into the release (BuiltinRuntime); crun and runc, which
// the upstream packages define in 10-crio.conf, are a warning.
func (c *Config) Validate(target runtime.Version) (warnings field.ErrorList, err error) {
	if errs := targetRelease.Check(target); len(errs) > 0 {
		return nil, errs.Err()
	}
	v := &validator{target: target}
	v.errs = append(v.errs, c.structure()...)
	v.storage(c)
	v.api(&c.API)
	v.runtime(&c.Runtime)
	v.image(&c.Image)
	v.network(&c.Network)
	v.extra(c)
	return v.warns, v.errs.Err()
}

// validator collects errors and warnings for one target release.
type validator struct {
	target runtime.Version
	errs   field.ErrorList
	warns  field.ErrorList
}

func (v *validator) api(a *API) {
	if a.Listen == "" {
		return
	}
	p := apiPath.Child("listen")
	if errs := runtime.ValidateNodePath(p, a.Listen); len(errs) > 0 {
		v.errs = append(v.errs, errs...)
		return
	}
	if len(a.Listen) > maxSocketPath {
		v.errs = append(v.errs, field.TooLong(p, a.Listen, maxSocketPath))
	}
}

func (v *validator) runtime(r *Runtime) {
	driver := r.CgroupManager
	if driver == "" {
		driver = runtime.CgroupSystemd // CRI-O's default
	} else if errs := r.CgroupManager.Validate(runtimePath.Child("cgroup_manager")); len(errs) > 0 {
		v.errs = append(v.errs, errs...)
		driver = ""
	}
	v.monitorCgroup(runtimePath.Child("conmon_cgroup"), r.ConmonCgroup, driver)
	v.defaultRuntime(r)
	for _, name := range slices.Sorted(maps.Keys(r.Runtimes)) {
		v.handler(r, name, r.Runtimes[name], driver)
	}
}

// monitorCgroup checks conmon_cgroup or a monitor_cgroup against the
// cgroup manager, as CRI-O does at start (TranslateMonitorFieldsForHandler).
// driver is "" when cgroup_manager itself is wrong.
func (v *validator) monitorCgroup(p *field.Path, cg string, driver runtime.CgroupDriver) {
	if cg == "" || driver == "" {
		return
	}
	switch driver {
	case runtime.CgroupCgroupfs:
		switch cg {
		case podCgroup:
		case defaultMonitorCgroup:
			v.warns = append(v.warns, field.Invalid(p, cg,
				`with cgroup_manager "cgroupfs" CRI-O treats this systemd default as empty; write "pod" or nothing`))
		default:
			v.errs = append(v.errs, field.Invalid(p, cg,
				`with cgroup_manager "cgroupfs" must be "pod" or empty: CRI-O refuses to start otherwise`))
		}
	default:
		if cg != podCgroup && !sliceName.MatchString(cg) {
			v.errs = append(v.errs, field.Invalid(p, cg,
				`with cgroup_manager "systemd" must be "pod" or a systemd slice such as "system.slice": CRI-O refuses to start otherwise`))
		}
	}
}

func (v *validator) defaultRuntime(r *Runtime) {
	name := r.DefaultRuntime
	if name == "" {
		return
	}
	if _, ok := r.Runtimes[name]; ok || name == BuiltinRuntime(v.target) {
		return
	}
	p := runtimePath.Child("default_runtime")
	detail := fmt.Sprintf("no [crio.runtime.runtimes.%s] table in this drop-in, and CRI-O %s defines only %q by itself: it refuses to start unless another file defines it",
		name, v.target.MinorOf(), BuiltinRuntime(v.target))
	if name == "crun" || name == "runc" {
		v.warns = append(v.warns, field.Required(p, detail+" (the upstream packages' 10-crio.conf does)"))
		return
	}
	v.errs = append(v.errs, field.Invalid(p, name, detail))
}

func (v *validator) handler(r *Runtime, name string, h RuntimeHandler, driver runtime.CgroupDriver) {
	hp := runtimesPath.Child(name)
	// CRI-O takes any table name, but the kubelet can only ask for a
	// handler name.
	if !runtime.IsHandlerName(name) {
		v.errs = append(v.errs, field.Invalid(hp, name, "a runtime handler name must be a DNS label (lowercase letters, digits and '-'): a RuntimeClass cannot name anything else"))
	}
	typ := h.RuntimeType
	switch typ {
	case "", RuntimeTypeOCI, RuntimeTypeVM, RuntimeTypePod:
	default:
		v.errs = append(v.errs, field.NotSupported(hp.Child("runtime_type"), string(typ), RuntimeTypes))
	}
	for _, k := range []struct {
		key, value string
	}{
		{"runtime_path", h.RuntimePath},
		{"runtime_root", h.RuntimeRoot},
		{"runtime_config_path", h.RuntimeConfigPath},
		{"monitor_path", h.MonitorPath},
	} {
		if k.value != "" {
			v.errs = append(v.errs, runtime.ValidateNodePath(hp.Child(k.key), k.value)...)
		}
	}
	if typ == RuntimeTypeVM {
		binary := name
		if h.RuntimePath != "" {
			binary = path.Base(h.RuntimePath)
		}
		if !vmBinary.MatchString(binary) {
			p := hp.Child("runtime_path")
			v.errs = append(v.errs, field.Invalid(p, binary, "a vm runtime's binary must be named containerd-shim-NAME-v2 (when runtime_path is empty CRI-O looks up the handler name)"))
		}
	} else if h.RuntimeConfigPath != "" {
		v.errs = append(v.errs, field.Forbidden(hp.Child("runtime_config_path"), h.RuntimeConfigPath, `only a runtime_type "vm" runtime takes one`))
	}
	if typ == RuntimeTypeVM {
		for _, k := range []struct {
			key string
			set bool
		}{{"monitor_path", h.MonitorPath != ""}, {"monitor_cgroup", h.MonitorCgroup != ""}, {"monitor_env", h.MonitorEnv != nil}} {
			if k.set {
				v.warns = append(v.warns, field.Forbidden(hp.Child(k.key), nil, "CRI-O runs no conmon for a vm runtime and ignores it"))
			}
		}
	} else if replaced := (typ == "" || typ == RuntimeTypeOCI) && r.ConmonCgroup != ""; !replaced {
		v.monitorCgroup(hp.Child("monitor_cgroup"), h.MonitorCgroup, driver)
	} else if h.MonitorCgroup != "" && h.MonitorCgroup != r.ConmonCgroup {
		// CRI-O copies conmon_cgroup into every oci runtime.
		v.warns = append(v.warns, field.Conflict(hp.Child("monitor_cgroup"), h.MonitorCgroup,
			fmt.Sprintf("crio.runtime.conmon_cgroup %q replaces it for every oci runtime", r.ConmonCgroup)))
	}
	for i, e := range h.MonitorEnv {
		if name, _, ok := strings.Cut(e, "="); !ok || name == "" {
			v.errs = append(v.errs, field.Invalid(hp.Child("monitor_env").Index(i), e, "must be NAME=VALUE"))
		}
	}
	ap := hp.Child("allowed_annotations")
	v.list(ap, h.AllowedAnnotations)
	for i, a := range h.AllowedAnnotations {
		if strings.TrimSpace(a) != "" && !gatedName(a, v.target) {
			v.errs = append(v.errs, field.NotSupported(ap.Index(i), a, GatedAnnotations(v.target)))
		}
	}
}

// list checks a list of names: none empty, none twice.
func (v *validator) list(p *field.Path, values []string) {
	seen := map[string]bool{}
	for i, s := range values {
		switch {
		case strings.TrimSpace(s) == "":
			v.errs = append(v.errs, field.Required(p.Index(i), "an empty entry"))
		case seen[s]:
			v.errs = append(v.errs, field.Duplicate(p.Index(i), s))
		}
		seen[s] = true
	}
}

func (v *validator) image(im *Image) {
	if im.PauseImage != "" {
		v.errs = append(v.errs, runtime.ValidateImage(imagePath.Child("pause_image"), im.PauseImage)...)
	}
	if im.PauseImageAuthFile != "" {
		v.errs = append(v.errs, runtime.ValidateNodePath(imagePath.Child("pause_image_auth_file"), im.PauseImageAuthFile)...)
	}
	if im.PauseCommand != nil && *im.PauseCommand != "" {
		v.errs = append(v.errs, runtime.ValidateNodePath(imagePath.Child("pause_command"), *im.PauseCommand)...)
	}
	if im.SignaturePolicy != "" {
		v.errs = append(v.errs, runtime.ValidateNodePath(imagePath.Child("signature_policy"), im.SignaturePolicy)...)
	}
	if im.GlobalAuthFile != "" {
		v.errs = append(v.errs, runtime.ValidateNodePath(imagePath.Child("global_auth_file"), im.GlobalAuthFile)...)
	}
	p := imagePath.Child("insecure_registries")
	v.list(p, im.InsecureRegistries)
	for i, r := range im.InsecureRegistries {
		if strings.Contains(r, "://") || strings.ContainsAny(r, " \t\r\n\"'") {
			v.errs = append(v.errs, field.Invalid(p.Index(i), r, "a registry host[:port] or CIDR, without scheme or whitespace"))
		}
	}
	if im.InsecureRegistries != nil {
		v.deprecated("crio.image", "insecure_registries", p)
	}
}

func (v *validator) network(n *Network) {
	if n.NetworkDir != "" {
		v.errs = append(v.errs, validateDir(networkPath.Child("network_dir"), n.NetworkDir)...)
	}
	p := networkPath.Child("plugin_dirs")
	if n.PluginDirs != nil && len(n.PluginDirs) == 0 {
		v.errs = append(v.errs, field.Required(p, "an empty list leaves CNI without plugins: leave it unset for CRI-O's /opt/cni/bin/"))
	}
	seen := map[string]bool{}
	for i, d := range n.PluginDirs {
		v.errs = append(v.errs, validateDir(p.Index(i), d)...)
		if seen[strings.TrimSuffix(d, "/")] {
			v.errs = append(v.errs, field.Duplicate(p.Index(i), d))
		}
		seen[strings.TrimSuffix(d, "/")] = true
	}
}

// validateDir checks an absolute directory path; unlike a file path it may
// end in "/", as CRI-O's own defaults do (/etc/cni/net.d/).
func validateDir(p *field.Path, v string) field.ErrorList {
	if len(v) > 1 && strings.HasSuffix(v, "/") {
		v = v[:len(v)-1]
	}
	if v == "/" {
		return nil
	}
	return runtime.ValidateNodePath(p, v)
}

// deprecated warns about a key the target release documents as
// deprecated.
func (v *validator) deprecated(table, key string, p *field.Path) {
	if l := knownKeys[table][key]; l.DeprecatedIn(v.target) {
		v.warns = append(v.warns, field.Deprecated(p, nil, fmt.Sprintf("deprecated since CRI-O %s: use %s", l.Deprecated, deprecatedUse[table][key])))
	}
}
