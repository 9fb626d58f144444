package kubenode

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// lintContainerd checks /etc/containerd/config.toml with its imports and
// registry hosts, for a node that has it or containerd.service.
func (l *linter) lintContainerd() {
	unit := l.units[containerd.UnitName]
	file := containerd.ConfigFile
	data, err := l.node.read(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, errMasked):
		if unit == nil {
			return
		}
		// containerd runs on its defaults: CRI on its socket, runc
		// without SystemdCgroup. Without a release given, the newest is
		// assumed to report its driver, as every 2.x does.
		target := l.targets.containerd
		l.servers = append(l.servers, &criServer{
			name: "containerd", unit: containerd.UnitName, config: unit.file,
			endpoints: []located{{value: "unix://" + containerd.DefaultGRPCAddress}},
			driver:    located{value: string(runtime.CgroupCgroupfs)},
			version:   target, given: l.targets.given["containerd"],
			reports:    target.IsZero() || target.Major >= 2,
			notReports: "containerd " + target.MinorOf().String() + " does not report its cgroup driver over CRI (2.0 and later do)",
		})
		return
	case err != nil:
		l.add(SeverityError, file, field.Invalid(nil, nil, "cannot read: "+err.Error()))
		return
	}

	// A config containerd cannot load leaves its socket to nothing; the
	// kubelet's side of that is not reported again.
	broken := &criServer{name: "containerd", unit: containerd.UnitName, config: file,
		endpoints: []located{{value: "unix://" + containerd.DefaultGRPCAddress}}}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		l.servers = append(l.servers, broken)
		l.add(SeverityError, file, field.Invalid(nil, nil, "not TOML: "+err.Error()))
		return
	}
	v, versioned := raw["version"].(int64)
	if !versioned {
		// Config version 1, as Docker's containerd.io package ships it to
		// disable CRI: containerd 1.x reads it and 2.x migrates it at
		// start (seen in 2.2.9's loader), but kubenode reads versions 2 to 4.
		l.servers = append(l.servers, broken)
		if disablesCRI(raw) {
			broken.noCRI = "its config disables the CRI plugin (disabled_plugins)"
		}
		l.add(SeverityWarning, file, field.Deprecated(field.NewTOMLPath("version"), nil,
			"no version: config version 1, which containerd still reads (2.x migrates it at start) but kubenode does not check; `containerd config migrate` converts it"))
		return
	}
	target := l.containerdTarget(file, int(v))
	s := &criServer{
		name: "containerd", unit: containerd.UnitName, config: file,
		version: target, given: l.targets.given["containerd"],
		reports: target.Major >= 2, notReports: "containerd " + target.MinorOf().String() + " does not report its cgroup driver over CRI (2.0 and later do)",
	}
	l.servers = append(l.servers, s)

	merged, sources := l.containerdImports(file, raw, target)
	if len(sources) > 1 {
		if data, err = toml.Marshal(merged); err != nil {
			l.add(SeverityError, file, field.Invalid(nil, nil, "cannot merge its imports: "+err.Error()))
			return
		}
	}
	cfg, err := containerd.Parse(data)
	if err != nil {
		*s = *broken
		l.addErr(file, err)
		return
	}
	warnings, err := cfg.Validate(target)
	for _, w := range warnings {
		l.add(SeverityWarning, sources.fileOf(w.Path), w)
	}
	for _, e := range field.AsList(err) {
		f := Finding{Severity: SeverityError, File: sources.fileOf(e.Path), Path: displayPath(e.Path), Message: message(e), Err: e}
		if errors.Is(e, field.ErrForbidden) && strings.HasPrefix(f.Path, "disabled_plugins[") {
			s.withheld = append(s.withheld, f)
			s.noCRI = "its CRI plugin is disabled (" + f.Path + ")"
			continue
		}
		l.findings = append(l.findings, f)
	}
	l.lintHosts(cfg)

	cri := pluginCRIRuntime
	grpc := field.NewTOMLPath("grpc", "address")
	pause := field.NewTOMLPath("plugins", pluginCRIImages, "pinned_images", "sandbox")
	switch cfg.Version {
	case 2:
		cri = pluginCRIv2
		pause = field.NewTOMLPath("plugins", pluginCRIv2, "sandbox_image")
	case 4:
		grpc = field.NewTOMLPath("plugins", "io.containerd.server.v1.grpc", "address")
	}
	s.endpoints = []located{{value: "unix://" + containerd.DefaultGRPCAddress}}
	if cfg.GRPCAddress != "" {
		s.endpoints = []located{{value: "unix://" + cfg.GRPCAddress, file: sources.fileOf(grpc), path: grpc}}
	}
	name := cfg.Runtime.DefaultRuntimeName
	if name == "" {
		name = containerd.DefaultRuntimeName
	}
	// containerd reports the driver of its default runtime; the legacy
	// v1 shim reads the same option.
	if rt, ok := cfg.Runtime.Runtimes[name]; ok && (rt.Type == "" || containerd.IsRunc(rt.Type) || rt.Type == containerd.RuntimeTypeLinuxV1) {
		p := field.NewTOMLPath("plugins", cri, "containerd", "runtimes", name, "options", "SystemdCgroup")
		s.driver = located{value: string(runtime.CgroupCgroupfs), file: sources.fileOf(p), path: p}
		if rt.Options.SystemdCgroup {
			s.driver.value = string(runtime.CgroupSystemd)
		}
	}
	if cfg.Images.SandboxImage != "" {
		s.pause = located{value: cfg.Images.SandboxImage, file: sources.fileOf(pause), path: pause}
	}
}

// The CRI plugins of containerd's config versions.
const (
	pluginCRIv2      = "io.containerd.grpc.v1.cri"
	pluginCRIRuntime = "io.containerd.cri.v1.runtime"
	pluginCRIImages  = "io.containerd.cri.v1.images"
)

// disablesCRI reports whether a config of version 1 disables the CRI
// plugin.
func disablesCRI(raw map[string]any) bool {
	list, _ := raw["disabled_plugins"].([]any)
	for _, d := range list {
		if d == "cri" || d == pluginCRIv2 {
			return true
		}
	}
	return false
}

// tomlSources records which file set each key of a merged containerd
// config: the main file, then each import in the order containerd merged
// it.
type tomlSources []tomlSource

type tomlSource struct {
	file   string
	leaves map[string]bool
}

// fileOf returns the last file that set the key at p, or a key under or
// above it; the main file when no import did.
func (s tomlSources) fileOf(p *field.Path) string {
	key := p.String()
	for i := len(s) - 1; i > 0; i-- {
		for leaf := range s[i].leaves {
			if leaf == key || strings.HasPrefix(leaf, key+".") || strings.HasPrefix(key, leaf+".") || strings.HasPrefix(key, leaf+"[") {
				return s[i].file
			}
		}
	}
	return s[0].file
}

// containerdImports merges config.toml with the files its imports name,
// breadth first as containerd loads them, each file's imports resolved
// against its own directory. containerd 1.x replaces a whole plugin table
// that an import sets; 2.x merges it key by key. Either way top-level lists
// grow without duplicates, and proxy_plugins, stream_processors and
// timeouts are replaced key by key (seen with containerd 1.7.30 and 2.2.9).
func (l *linter) containerdImports(file string, raw map[string]any, target runtime.Version) (map[string]any, tomlSources) {
	sources := tomlSources{{file: file, leaves: tomlLeaves(nil, raw)}}
	loaded := map[string]bool{file: true}
	pending := importsOf(file, raw)
	merged := raw
	for len(pending) > 0 {
		p := pending[0]
		pending = pending[1:]
		for _, f := range l.node.glob(p) {
			if loaded[f] {
				continue
			}
			loaded[f] = true
			data, err := l.node.read(f)
			if err != nil {
				l.add(SeverityError, file, field.Invalid(field.NewTOMLPath("imports"), f, "cannot read: "+err.Error()))
				continue
			}
			var imp map[string]any
			if err := toml.Unmarshal(data, &imp); err != nil {
				l.add(SeverityError, f, field.Invalid(nil, nil, "not TOML: "+err.Error()))
				continue
			}
			merged = mergeContainerd(merged, imp, target.Major >= 2)
			sources = append(sources, tomlSource{file: f, leaves: tomlLeaves(nil, imp)})
			pending = append(pending, importsOf(f, imp)...)
		}
		if !strings.ContainsAny(path.Base(p), "*?[") && !l.node.exists(p) {
			l.add(SeverityError, file, field.Invalid(field.NewTOMLPath("imports"), p, "no such file: containerd refuses to start"))
		}
	}
	return merged, sources
}

func importsOf(file string, doc map[string]any) []string {
	list, _ := doc["imports"].([]any)
	var out []string
	for _, x := range list {
		s, ok := x.(string)
		if !ok || s == "" {
			continue
		}
		s = filepath.ToSlash(s)
		if !path.IsAbs(s) {
			s = path.Join(path.Dir(file), s)
		}
		out = append(out, path.Clean(s))
	}
	return out
}

// mergeContainerd merges an imported file into the config so far.
func mergeContainerd(dst, src map[string]any, deepPlugins bool) map[string]any {
	for k, v := range src {
		switch k {
		case "plugins":
			d, _ := dst[k].(map[string]any)
			s, _ := v.(map[string]any)
			if d == nil {
				d = map[string]any{}
			}
			for id, table := range s {
				dt, dok := d[id].(map[string]any)
				st, sok := table.(map[string]any)
				if deepPlugins && dok && sok {
					d[id] = mergeTables(dt, st)
				} else {
					d[id] = table
				}
			}
			dst[k] = d
		case "proxy_plugins", "stream_processors", "timeouts":
			d, _ := dst[k].(map[string]any)
			s, _ := v.(map[string]any)
			if d == nil {
				d = map[string]any{}
			}
			for name, x := range s {
				d[name] = x
			}
			dst[k] = d
		default:
			dst[k] = mergeValue(dst[k], v, true)
		}
	}
	return dst
}

// mergeTables merges src into dst key by key, tables recursively; a
// nested list is replaced.
func mergeTables(dst, src map[string]any) map[string]any {
	for k, v := range src {
		dst[k] = mergeValue(dst[k], v, false)
	}
	return dst
}

func mergeValue(dst, src any, growLists bool) any {
	if dt, ok := dst.(map[string]any); ok {
		if st, ok := src.(map[string]any); ok {
			return mergeTables(dt, st)
		}
	}
	if dl, ok := dst.([]any); ok && growLists {
		if sl, ok := src.([]any); ok {
			out := append([]any(nil), dl...)
			for _, x := range sl {
				if !containsValue(out, x) {
					out = append(out, x)
				}
			}
			return out
		}
	}
	return src
}

func containsValue(list []any, x any) bool {
	for _, y := range list {
		if ys, ok := y.(string); ok {
			if xs, ok := x.(string); ok && xs == ys {
				return true
			}
		}
	}
	return false
}

// tomlLeaves returns the paths of every key a TOML document sets, as
// field.NewTOMLPath prints them.
func tomlLeaves(parent *field.Path, doc map[string]any) map[string]bool {
	out := map[string]bool{}
	for k, v := range doc {
		var p *field.Path
		if parent == nil {
			p = field.NewTOMLPath(k)
		} else {
			p = parent.Child(k)
		}
		if t, ok := v.(map[string]any); ok && len(t) > 0 {
			for leaf := range tomlLeaves(p, t) {
				out[leaf] = true
			}
			continue
		}
		out[p.String()] = true
	}
	return out
}

// lintHosts checks every <config_path>/<registry>/hosts.toml.
func (l *linter) lintHosts(cfg *containerd.Config) {
	if cfg.Images.ConfigPath == "" {
		return
	}
	for _, dir := range strings.Split(cfg.Images.ConfigPath, ":") {
		if dir == "" {
			continue
		}
		for _, regDir := range l.node.list(dir, "*") {
			file := path.Join(regDir, containerd.HostsFile)
			data, err := l.node.read(file)
			if err != nil {
				continue
			}
			h, err := containerd.ParseHosts(path.Base(regDir), data)
			if err != nil {
				l.addErr(file, err)
				continue
			}
			l.addErr(file, h.Validate())
		}
	}
}
