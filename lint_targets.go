package kubenode

import (
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// targets are the parsed Targets; a zero version is one not given.
type targets struct {
	kube, containerd, docker, criDockerd, crio runtime.Version
	// given records which were given rather than assumed, by name.
	given map[string]bool
	// assumed are the assumptions made, each reported on its file.
	assumed []assumption
}

// assumption is one target Lint chose itself, reported on the file it
// judged with it.
type assumption struct {
	file, path, detail string
}

// resolveTargets parses the targets that are given and checks each is a
// release kubenode supports, asking each component's builder, so kubenode
// keeps one list of releases per component.
func resolveTargets(t Targets) (targets, error) {
	out := targets{given: map[string]bool{}}
	var errs field.ErrorList
	parse := func(name, s string, check func(p *field.Path, s string, v runtime.Version) field.ErrorList) runtime.Version {
		if s == "" {
			return runtime.Version{}
		}
		p := field.NewPath(name)
		v, err := runtime.ParseVersion(s)
		if err != nil {
			errs = append(errs, field.Invalid(p, s, err.Error()))
			return runtime.Version{}
		}
		if e := check(p, s, v); len(e) > 0 {
			errs = append(errs, e...)
			return runtime.Version{}
		}
		out.given[name] = true
		return v
	}
	out.kube = parse("kubernetes", t.Kubernetes, func(p *field.Path, _ string, v runtime.Version) field.ErrorList {
		return kubelet.ValidateVersion(p, v)
	})
	out.containerd = parse("containerd", t.Containerd, func(p *field.Path, s string, _ runtime.Version) field.ErrorList {
		_, err := containerd.New(containerd.WithVersion(s))
		return atPath(p, err)
	})
	out.docker = parse("docker", t.Docker, func(p *field.Path, s string, _ runtime.Version) field.ErrorList {
		_, err := docker.New(docker.WithVersion(s))
		return atPath(p, err)
	})
	out.criDockerd = parse("criDockerd", t.CRIDockerd, func(p *field.Path, s string, _ runtime.Version) field.ErrorList {
		_, err := cridockerd.New(cridockerd.WithVersion(s))
		return atPath(p, err)
	})
	out.crio = parse("crio", t.CRIO, func(p *field.Path, s string, _ runtime.Version) field.ErrorList {
		_, err := crio.New(crio.WithVersion(s))
		return atPath(p, err)
	})
	if len(errs) > 0 {
		return targets{}, errs
	}
	return out, nil
}

// kubeTarget returns the kubelet's target, assuming the newest kubenode
// supports when none was given; file is where the assumption shows.
func (l *linter) kubeTarget(file string) runtime.Version {
	if l.targets.kube.IsZero() {
		l.targets.kube = runtime.MustParseVersion(DefaultKubernetes)
		l.assume(file, "", "no Kubernetes release given: judged for "+DefaultKubernetes+", the newest kubenode supports")
	}
	return l.targets.kube
}

// kubernetesOrDefault is the kubelet's target for a decision that needs
// one without judging the kubelet's files (CRI-O's default release).
func (l *linter) kubernetesOrDefault() runtime.Version {
	if !l.targets.kube.IsZero() {
		return l.targets.kube
	}
	return runtime.MustParseVersion(DefaultKubernetes)
}

// containerdTarget returns containerd's target: given, or the newest
// release that reads the file's config version.
func (l *linter) containerdTarget(file string, configVersion int) runtime.Version {
	if !l.targets.containerd.IsZero() {
		return l.targets.containerd
	}
	var v, why string
	switch configVersion {
	case 2:
		v, why = "1.7", "the newest release that reads config version 2 without migrating it"
	case 3:
		v, why = "2.2", "the newest release whose config version is 3"
	case 4:
		v, why = "2.4", "the newest release kubenode knows that reads config version 4"
	default:
		v, why = containerd.DefaultVersion, "kubenode's default"
	}
	l.targets.containerd = runtime.MustParseVersion(v)
	p := ""
	if configVersion != 0 {
		p = "version"
	}
	l.assume(file, p, "no containerd release given: judged for "+v+", "+why)
	return l.targets.containerd
}

// dockerTarget returns Docker Engine's target, the newest kubenode knows
// when none was given.
func (l *linter) dockerTarget(file string) runtime.Version {
	if l.targets.docker.IsZero() {
		l.targets.docker = docker.DefaultVersion
		l.assume(file, "", "no Docker Engine release given: judged for "+docker.DefaultVersion.String()+", the newest kubenode knows")
	}
	return l.targets.docker
}

// criDockerdTarget returns cri-dockerd's target, kubenode's default when
// none was given.
func (l *linter) criDockerdTarget(file string) runtime.Version {
	if l.targets.criDockerd.IsZero() {
		l.targets.criDockerd = cridockerd.DefaultVersion
		l.assume(file, "", "no cri-dockerd release given: judged for "+cridockerd.DefaultVersion.String()+", kubenode's default")
	}
	return l.targets.criDockerd
}

// crioTarget returns CRI-O's target: given, or the release of the
// Kubernetes minor (CRI-O follows Kubernetes), within the releases
// kubenode knows.
func (l *linter) crioTarget(file string) runtime.Version {
	if l.targets.crio.IsZero() {
		v := runtime.MustParseVersion(defaultRuntimeVersion(CRIO, l.kubernetesOrDefault()))
		if oldest := crio.SupportedVersions[0]; v.Before(oldest) {
			v = oldest
		}
		l.targets.crio = v
		l.assume(file, "", "no CRI-O release given: judged for "+v.String()+", the release of the Kubernetes minor it serves")
	}
	return l.targets.crio
}

func (l *linter) assume(file, path, detail string) {
	l.targets.assumed = append(l.targets.assumed, assumption{file: file, path: path, detail: detail})
}

// reportAssumptions turns each assumed target into a warning on the file it
// was used for.
func (l *linter) reportAssumptions() {
	for _, a := range l.targets.assumed {
		var p *field.Path
		if a.path != "" {
			p = field.NewTOMLPath(a.path)
		}
		l.add(SeverityWarning, a.file, field.Required(p, a.detail))
	}
}
