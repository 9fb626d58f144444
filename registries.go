package kubenode

import (
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// checkRegistries validates each registry and refuses a host given twice,
// or given both here and in Mirrors (its mirrors belong in its entry).
func (d *Node) checkRegistries() field.ErrorList {
	var errs field.ErrorList
	p := registriesPath
	seen := map[string]bool{}
	mirrored := map[string]bool{}
	for _, m := range d.Mirrors {
		mirrored[m.Registry] = true
	}
	for i, r := range d.Registries {
		rp := p.Index(i)
		errs = append(errs, r.Validate(rp)...)
		switch {
		case seen[r.Host]:
			errs = append(errs, field.Duplicate(rp.Child("host"), r.Host))
		case mirrored[r.Host]:
			errs = append(errs, field.Conflict(rp.Child("host"), r.Host, "mirrors also names it: give its mirrors here"))
		}
		seen[r.Host] = true
	}
	return errs
}

// DataDirs are where the node keeps its data, each an absolute path or
// empty for the component's default; none may lie inside another.
type DataDirs struct {
	// RuntimeRoot is containerd's root, Docker's data-root or CRI-O's
	// root: images, layers, containers.
	RuntimeRoot string
	// RuntimeState is containerd's state or CRI-O's runroot: what lives
	// while containers run (Docker keeps it under its exec-root, which
	// Hooks.Docker sets).
	RuntimeState string
	// Kubelet is the kubelet's --root-dir (volumes, pods' data). The files
	// kubeadm reads stay at /var/lib/kubelet.
	Kubelet string
}

// checkDataDirs refuses a relative, unclean or root directory, and one
// inside another: a runtime and the kubelet sharing a tree delete each
// other's files.
func (d *Node) checkDataDirs() field.ErrorList {
	var errs field.ErrorList
	p := dataDirsPath
	dirs := []struct{ name, value string }{
		{"runtimeRoot", d.DataDirs.RuntimeRoot}, {"runtimeState", d.DataDirs.RuntimeState}, {"kubelet", d.DataDirs.Kubelet},
	}
	for i, a := range dirs {
		if a.value == "" {
			continue
		}
		ap := p.Child(a.name)
		if e := runtime.ValidateNodePath(ap, a.value); len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		if a.value == "/" {
			errs = append(errs, field.Invalid(ap, a.value, "a data directory of its own, not /"))
			continue
		}
		for _, b := range dirs[:i] {
			if b.value != "" && runtime.PathsOverlap(a.value, b.value) {
				errs = append(errs, field.Conflict(ap, a.value, "overlaps dataDirs."+b.name+" ("+b.value+")"))
			}
		}
	}
	if d.Runtime == Docker && d.DataDirs.RuntimeState != "" {
		errs = append(errs, field.Forbidden(p.Child("runtimeState"), d.DataDirs.RuntimeState, "Docker keeps its state under exec-root: set it with hooks.docker"))
	}
	return errs
}

// criDockerdProblems are what cri-dockerd's release cannot do on this
// node: run on the node's Docker Engine, run its RuntimeClass handlers.
func (d *Node) criDockerdProblems(p *field.Path, v, engine runtime.Version) field.ErrorList {
	var errs field.ErrorList
	if !engine.IsZero() {
		errs = append(errs, cridockerd.ValidateDockerVersion(p, v, engine)...)
	}
	if len(d.RuntimeHandlers) > 0 {
		names := make([]string, len(d.RuntimeHandlers))
		for i, h := range d.RuntimeHandlers {
			names[i] = h.Name
		}
		errs = append(errs, cridockerd.ValidateRuntimeHandlers(p, v, names)...)
	}
	return errs
}
