package crio

import (
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// gatedAnnotation is an annotation CRI-O acts on itself, or passes to the
// OCI runtime only when allowed, and the release that added it.
type gatedAnnotation struct {
	name  string
	since runtime.Version
}

// gatedAnnotations are CRI-O's AllAllowedAnnotations (pkg/annotations) at
// each release tag v1.24.0 to v1.34.0: the only names allowed_annotations
// may hold (CRI-O drops a handler that lists another, or fails to start
// when it is the default), and the annotations it removes from a pod of a
// handler that does not list them. CRI-O matches each as a prefix of the
// pod's annotation keys (io.kubernetes.cri-o.UnifiedCgroup covers
// io.kubernetes.cri-o.UnifiedCgroup.CONTAINER). Every other pod annotation
// reaches the runtime's OCI spec without being listed.
var gatedAnnotations = []gatedAnnotation{
	{"io.kubernetes.cri-o.userns-mode", v1_24},
	{"io.kubernetes.cri-o.cgroup2-mount-hierarchy-rw", v1_24},
	{"io.kubernetes.cri-o.UnifiedCgroup", v1_24},
	{"io.kubernetes.cri-o.ShmSize", v1_24},
	{"io.kubernetes.cri-o.Devices", v1_24},
	{"cpu-load-balancing.crio.io", v1_24},
	{"cpu-quota.crio.io", v1_24},
	{"irq-load-balancing.crio.io", v1_24},
	{"io.containers.trace-syscall", v1_24},
	{"io.kubernetes.cri.rdt-class", v1_24},
	{"io.kubernetes.cri-o.TrySkipVolumeSELinuxLabel", v1_24},
	{"cpu-c-states.crio.io", v1_25},
	{"cpu-freq-governor.crio.io", v1_25},
	{"io.kubernetes.cri-o.seccompNotifierAction", v1_26},
	{"io.kubernetes.cri-o.umask", v1_27},
	{"io.kubernetes.cri-o.PodLinuxOverhead", v1_28},
	{"io.kubernetes.cri-o.PodLinuxResources", v1_28},
	{"io.kubernetes.cri-o.LinkLogs", v1_28},
	{"cpu-shared.crio.io", v1_29},
	{"seccomp-profile.kubernetes.cri-o.io", v1_30},
	{"io.kubernetes.cri-o.DisableFIPS", v1_30},
	// The annotations runc and crun act on, which CRI-O 1.30 started to
	// filter.
	{"bundle", v1_30},
	{"org.systemd.property.", v1_30},
	{"org.criu.config", v1_30},
	{"module.wasm.image/variant", v1_30},
	{"io.kubernetes.cri.container-type", v1_30},
	{"run.oci.", v1_30},
}

// GatedAnnotations returns the annotations a CRI-O release lets a pod use
// only through its handler's allowed_annotations, in CRI-O's order: the
// only values allowed_annotations may hold for that release.
func GatedAnnotations(target runtime.Version) []string {
	var out []string
	for _, g := range gatedAnnotations {
		if !target.Before(g.since) {
			out = append(out, g.name)
		}
	}
	return out
}

// allowedAnnotations turns a handler's pod annotations (containerd's
// pod_annotations: names, or globs such as "io.katacontainers.*") into
// CRI-O's allowed_annotations for the target. CRI-O passes every pod
// annotation to the runtime except the gated ones, so a pattern needs an
// entry only where it covers a gated annotation: "NAME" allows the gated
// NAME, "PREFIX*" every gated annotation that starts with PREFIX; both
// need nothing where they cover none. What CRI-O cannot say is a problem
// at p: a pattern covering part of a gated prefix (CRI-O allows all of it
// or none), or a glob beyond one trailing "*" that may cover a gated one.
func allowedAnnotations(p *field.Path, patterns []string, target runtime.Version) ([]string, field.ErrorList) {
	gated := GatedAnnotations(target)
	allow := map[string]bool{}
	var errs field.ErrorList
	for i, pat := range patterns {
		ip := p.Index(i)
		literal, star := strings.CutSuffix(pat, "*")
		if strings.ContainsAny(literal, `*?[\`) {
			literal = literal[:strings.IndexAny(literal, `*?[\`)]
			for _, g := range gated {
				if strings.HasPrefix(g, literal) || strings.HasPrefix(literal, g) {
					errs = append(errs, field.Invalid(ip, pat, fmt.Sprintf(
						"CRI-O's allowed_annotations takes annotation names, and this pattern may cover %q: list the names, or end a prefix in one \"*\"", g)))
					break
				}
			}
			continue
		}
		for _, g := range gated {
			switch {
			case pat == g || star && strings.HasPrefix(g, literal):
				allow[g] = true
			case strings.HasPrefix(literal, g):
				errs = append(errs, field.Invalid(ip, pat, fmt.Sprintf(
					"CRI-O %s lets a handler have every annotation starting with %q or none: give %q", target.MinorOf(), g, g+"*")))
			}
		}
	}
	var out []string
	for _, g := range gated {
		if allow[g] {
			out = append(out, g)
		}
	}
	return out, errs
}

// gatedName reports whether name is one allowed_annotations may hold for
// the target.
func gatedName(name string, target runtime.Version) bool {
	for _, g := range gatedAnnotations {
		if g.name == name {
			return !target.Before(g.since)
		}
	}
	return false
}
