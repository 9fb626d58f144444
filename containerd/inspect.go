package containerd

import (
	"cmp"
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/containerd/hosts"
	"github.com/kubenode/kubenode/containerd/internal/imports"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// reportsDriverSince is the first containerd release that tells the
// kubelet its cgroup driver over CRI (the RuntimeConfig call).
var reportsDriverSince = v2_0

// Inspect lints containerd's files on a node: ConfigFile with its imports,
// merged as the target release merges them (Load), then validated for it,
// each finding in the file that set its key; and every hosts.toml under
// registry.config_path. Its Server holds the CRI socket, the default
// runtime's cgroup driver and the pause image. A node with neither
// ConfigFile nor containerd.service gives an empty Report. With no release
// given it judges for the newest release of the file's config version and
// says so.
func Inspect(node *inspect.Node, t inspect.Target) *inspect.Report {
	r := &inspect.Report{}
	if u := node.Unit(UnitName); u != nil {
		u.Validate(r, nil)
	}
	data, err := node.Read(ConfigFile)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, inspect.ErrMasked):
		if unit := node.Unit(UnitName); unit != nil {
			// containerd runs on its defaults (runc without SystemdCgroup);
			// without a release given, the newest, which reports its driver.
			r.Server = newServer(unit.File, t.Version, t)
			r.Server.CgroupDriver = inspect.Located{Value: string(runtime.CgroupCgroupfs)}
			r.Server.ReportsDriver = t.Version.IsZero() || r.Server.ReportsDriver
		}
		return r
	case err != nil:
		r.AddReadErr(ConfigFile, err)
		return r
	}
	// A config containerd cannot load leaves its socket to nothing; the
	// kubelet's side of that is not reported again.
	broken := &inspect.Server{Name: "containerd", Unit: UnitName, Config: ConfigFile,
		Endpoints: []inspect.Located{{Value: "unix://" + DefaultGRPCAddress}}}
	doc, problem := imports.Decode(data)
	if problem != nil {
		r.Server = broken
		r.Add(inspect.SeverityError, ConfigFile, problem)
		return r
	}
	cv, versioned := doc["version"].(int64)
	if !versioned {
		// Config version 1, as Docker's containerd.io package ships it to
		// disable CRI: containerd still reads it, kubenode does not.
		r.Server = broken
		list, _ := doc["disabled_plugins"].([]any)
		if slices.ContainsFunc(list, func(d any) bool { return d == "cri" || d == pluginCRIv2 }) {
			broken.NoCRI = "its config disables the CRI plugin (disabled_plugins)"
		}
		r.Add(inspect.SeverityWarning, ConfigFile, field.Deprecated(versionKey.Path(), nil,
			"no version: config version 1, which containerd still reads (2.x migrates it at start) but kubenode does not check; `containerd config migrate` converts it"))
		return r
	}
	target := inspectTarget(r, t, int(cv))
	loaded, err := load(node, ConfigFile, doc, target)
	r.Findings = append(r.Findings, loaded.Findings...)
	if err != nil {
		r.Server = broken
		for _, e := range field.AsList(err) {
			r.Add(inspect.SeverityError, loaded.FileOf(e.Path), e)
		}
		return r
	}
	r.Server = newServer(ConfigFile, target, t)
	warnings, err := loaded.Config.Validate(target)
	for _, w := range warnings {
		r.Add(inspect.SeverityWarning, loaded.FileOf(w.Path), w)
	}
	for _, e := range field.AsList(err) {
		f := inspect.NewFinding(inspect.SeverityError, loaded.FileOf(e.Path), e)
		if errors.Is(e, field.ErrForbidden) && strings.HasPrefix(f.Path, "disabled_plugins[") {
			r.Server.Withheld = append(r.Server.Withheld, f)
			r.Server.NoCRI = "its CRI plugin is disabled (" + f.Path + ")"
			continue
		}
		r.Findings = append(r.Findings, f)
	}
	r.Findings = append(r.Findings, hosts.Inspect(node, loaded.Config.Images.ConfigPath).Findings...)
	located(r.Server, loaded)
	return r
}

// newServer is containerd as a CRI server on its defaults, its problems
// as a whole reported in file.
func newServer(file string, target runtime.Version, t inspect.Target) *inspect.Server {
	return &inspect.Server{
		Name: "containerd", Unit: UnitName, Config: file,
		Version: target, Given: t.Given,
		Endpoints:     []inspect.Located{{Value: "unix://" + DefaultGRPCAddress}},
		ReportsDriver: target.AtLeast(reportsDriverSince),
		NotReports:    "containerd " + target.MinorOf().String() + " does not report its cgroup driver over CRI (2.0 and later do)",
	}
}

// located sets what the merged config says of the CRI socket, the default
// runtime's cgroup driver and the pause image, where it says it.
func located(s *inspect.Server, loaded *Loaded) {
	cfg := loaded.Config
	l := layouts[cfg.Version]
	at := func(k key, value string) inspect.Located {
		return inspect.Located{Value: value, File: loaded.FileOf(k.Path()), Path: k.Path()}
	}
	if cfg.GRPCAddress != "" {
		s.Endpoints = []inspect.Located{at(l.grpcAddress, "unix://"+cfg.GRPCAddress)}
	}
	name := cmp.Or(cfg.Runtime.DefaultRuntimeName, DefaultRuntimeName)
	// containerd reports the driver of its default runtime; the legacy v1
	// shim reads the same option.
	if rt, ok := cfg.Runtime.Runtimes[name]; ok && (rt.Type == "" || IsRunc(rt.Type) || rt.Type == RuntimeTypeLinuxV1) {
		s.CgroupDriver = at(l.runtimeKey(name).Child(optionsKey, systemdCgroupOptionKey), string(runtime.CgroupCgroupfs))
		if rt.Options.SystemdCgroup {
			s.CgroupDriver.Value = string(runtime.CgroupSystemd)
		}
	}
	if cfg.Images.SandboxImage != "" {
		s.PauseImage = at(l.sandboxImage, cfg.Images.SandboxImage)
	}
}

// inspectTarget returns the release to judge for: given, or the newest
// release that reads the file's config version, assumed out loud.
func inspectTarget(r *inspect.Report, t inspect.Target, configVersion int) runtime.Version {
	if !t.Version.IsZero() {
		r.Version = t.Version
		return r.Version
	}
	v, why := DefaultVersion, "kubenode's default"
	switch configVersion {
	case 2:
		v, why = v1_7, "the newest release that reads config version 2 without migrating it"
	case 3:
		v, why = v2_2, "the newest release whose config version is 3"
	case 4:
		v, why = v2_4, "the newest release kubenode knows that reads config version 4"
	}
	r.Assume(ConfigFile, versionKey.Path(), "containerd", v, why)
	return r.Version
}
