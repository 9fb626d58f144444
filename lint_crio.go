package kubenode

import (
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// lintCRIO checks /etc/crio/crio.conf and every crio.conf.d drop-in, and
// the containers registries.conf files, for a node that has CRI-O.
func (l *linter) lintCRIO() {
	files := []string{}
	if l.node.isFile("/etc/crio/crio.conf") {
		files = append(files, "/etc/crio/crio.conf")
	}
	for _, f := range l.node.list(crio.DropInDir, "*.conf") {
		if l.node.isFile(f) {
			files = append(files, f)
		}
	}
	unit := l.units[crio.UnitName]
	if len(files) == 0 && unit == nil {
		return
	}
	assumeIn := unitFile(unit)
	if len(files) > 0 {
		assumeIn = files[0]
	}
	target := l.crioTarget(assumeIn)
	s := &criServer{
		name: "CRI-O", unit: crio.UnitName, config: assumeIn,
		endpoints: []located{{value: runtime.CRIOEndpoint}},
		driver:    located{value: string(runtime.CgroupSystemd)},
		version:   target, given: l.targets.given["crio"],
		reports:    !target.Before(runtime.NewVersion(1, 28)),
		notReports: "CRI-O " + target.MinorOf().String() + " does not report its cgroup driver over CRI (1.28 and later do)",
	}
	l.servers = append(l.servers, s)
	for _, f := range files {
		data, err := l.node.read(f)
		if err != nil {
			l.add(SeverityError, f, field.Invalid(nil, nil, "cannot read: "+err.Error()))
			continue
		}
		cfg, err := crio.Parse(data)
		if err != nil {
			l.addErr(f, err)
			continue
		}
		warnings, err := cfg.Validate(target)
		l.addList(f, warnings, err)
		// A later file's key replaces an earlier one's.
		if cfg.API.Listen != "" {
			s.endpoints = []located{{value: "unix://" + cfg.API.Listen, file: f, path: field.NewTOMLPath("crio", "api", "listen")}}
		}
		if cfg.Runtime.CgroupManager != "" {
			s.driver = located{value: string(cfg.Runtime.CgroupManager), file: f, path: field.NewTOMLPath("crio", "runtime", "cgroup_manager")}
		}
		if cfg.Image.PauseImage != "" {
			s.pause = located{value: cfg.Image.PauseImage, file: f, path: field.NewTOMLPath("crio", "image", "pause_image")}
		}
	}
	l.lintRegistries()
}

// lintRegistries checks /etc/containers/registries.conf and its drop-ins.
func (l *linter) lintRegistries() {
	files := []string{}
	if l.node.isFile("/etc/containers/registries.conf") {
		files = append(files, "/etc/containers/registries.conf")
	}
	files = append(files, l.node.list(crio.RegistriesDropInDir, "*.conf")...)
	for _, f := range files {
		data, err := l.node.read(f)
		if err != nil {
			continue
		}
		rc, err := crio.ParseRegistries(data)
		if err != nil {
			if list := field.AsList(err); len(list) == 1 && list[0].Path.String() == "registries" {
				// containers/image still reads version 1; kubenode does not.
				l.add(SeverityWarning, f, list[0])
				continue
			}
			l.addErr(f, err)
			continue
		}
		l.addErr(f, rc.Validate())
	}
}
