package crio

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// The files CRI-O and containers/image read before their drop-ins.
const (
	// ConfigFile is the configuration CRI-O reads before the drop-ins of
	// DropInDir; distribution packages may ship one.
	ConfigFile = "/etc/crio/crio.conf"
	// RegistriesFile is the registries.conf containers/image reads before
	// the drop-ins of RegistriesDropInDir.
	RegistriesFile = "/etc/containers/registries.conf"
)

// reportsDriverSince is the first CRI-O release that tells the kubelet its
// cgroup driver over CRI (the RuntimeConfig call).
var reportsDriverSince = v1_28

// Inspect lints CRI-O's files on a node as CRI-O reads them: ConfigFile,
// then the *.conf files of DropInDir in lexical order, each validated for
// the target, and registries.conf with its drop-ins. Its Server holds the
// endpoint, cgroup manager and pause image CRI-O ends up with, each where
// the last file that sets it does. A node with neither these files nor
// crio.service gives an empty Report. With no release given it judges
// for ReleaseFor(t.Kubernetes) and says so.
func Inspect(node *inspect.Node, t inspect.Target) *inspect.Report {
	r := &inspect.Report{}
	var files []string
	if node.IsFile(ConfigFile) {
		files = append(files, ConfigFile)
	}
	for _, f := range node.List(DropInDir, "*.conf") {
		if node.IsFile(f) {
			files = append(files, f)
		}
	}
	unit := node.Unit(UnitName)
	if unit != nil {
		unit.Validate(r, nil)
	}
	if len(files) == 0 && unit == nil {
		return r
	}
	config := ""
	if len(files) > 0 {
		config = files[0]
	} else {
		config = unit.File
	}
	target := inspectTarget(r, t, config)
	s := &inspect.Server{
		Name: "CRI-O", Unit: UnitName, Config: config,
		Endpoints:     []inspect.Located{{Value: runtime.CRIOEndpoint}},
		CgroupDriver:  inspect.Located{Value: string(runtime.CgroupSystemd)},
		Version:       target,
		Given:         t.Given,
		ReportsDriver: !target.Before(reportsDriverSince),
		NotReports:    "CRI-O " + target.MinorOf().String() + " does not report its cgroup driver over CRI (1.28 and later do)",
	}
	r.Server = s
	for _, f := range files {
		inspectDropIn(node, r, s, f, target)
	}
	inspectRegistries(node, r)
	return r
}

// inspectDropIn validates one file and lets the keys it sets replace those
// of earlier files in s, as CRI-O's loader does.
func inspectDropIn(node *inspect.Node, r *inspect.Report, s *inspect.Server, f string, target runtime.Version) {
	data, err := node.Read(f)
	if err != nil {
		r.AddReadErr(f, err)
		return
	}
	cfg, err := Parse(data)
	if err != nil {
		r.AddErr(f, err)
		return
	}
	warnings, err := cfg.Validate(target)
	r.AddList(f, warnings, err)
	if cfg.API.Listen != "" {
		s.Endpoints = []inspect.Located{{Value: endpointOf(cfg.API.Listen), File: f, Path: apiPath.Child("listen")}}
	}
	if cfg.Runtime.CgroupManager != "" {
		s.CgroupDriver = inspect.Located{Value: string(cfg.Runtime.CgroupManager), File: f, Path: runtimePath.Child("cgroup_manager")}
	}
	if cfg.Image.PauseImage != "" {
		s.PauseImage = inspect.Located{Value: cfg.Image.PauseImage, File: f, Path: imagePath.Child("pause_image")}
	}
}

// inspectRegistries validates RegistriesFile and its drop-ins. A version 1
// file is a warning: containers/image still reads it, kubenode does not.
func inspectRegistries(node *inspect.Node, r *inspect.Report) {
	var files []string
	if node.IsFile(RegistriesFile) {
		files = append(files, RegistriesFile)
	}
	files = append(files, node.List(RegistriesDropInDir, "*.conf")...)
	for _, f := range files {
		data, err := node.Read(f)
		if err != nil {
			continue // a directory or an unreadable file; CRI-O's problem is elsewhere
		}
		rc, err := ParseRegistries(data)
		if list := field.AsList(err); len(list) == 1 && list[0].Path.String() == registriesV1Key {
			r.Add(inspect.SeverityWarning, f, list[0])
			continue
		}
		if err != nil {
			r.AddErr(f, err)
			continue
		}
		r.AddErr(f, rc.Validate())
	}
}

// inspectTarget returns the release to judge for: the given one, or the
// release of the Kubernetes minor CRI-O serves, said so on file.
func inspectTarget(r *inspect.Report, t inspect.Target, file string) runtime.Version {
	if !t.Version.IsZero() {
		r.Version = t.Version
		return r.Version
	}
	kube := t.Kubernetes
	if kube.IsZero() {
		kube = DefaultVersion
	}
	r.Assume(file, nil, "CRI-O", ReleaseFor(kube), "the release of the Kubernetes minor it serves")
	return r.Version
}
