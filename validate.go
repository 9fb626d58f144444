package kubenode

import (
	"sort"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Validate checks the node as every component will read it, with defaults
// applied: each field (reported at its own path, such as pauseImage,
// mirrors[1].url or binaries.kubelet), the runtime and Kubernetes releases against each other,
// then every component's configuration built from the node (reported at the
// key of the file it belongs to). It collects every problem; err is nil or
// a field.ErrorList. Warnings, such as a containerd release outside
// containerd's recommendations for the Kubernetes release, never stop a
// plan.
func (n *Node) Validate() (warnings field.ErrorList, err error) {
	d := n.withDefaults()
	_, warnings, err = d.build(nil)
	return warnings, err
}

// facts are the node's parsed fields, once they are known to be valid.
type facts struct {
	kube, runtimeVersion runtime.Version
	taints               []corev1.Taint
	labels               []kubelet.Label
}

// check validates every field of a defaulted node on its own and the
// releases against each other.
func (d *Node) check() (facts, field.ErrorList, field.ErrorList) {
	var f facts
	var warns, errs field.ErrorList
	var err error

	kp := kubernetesPath
	kubeOK := false
	if f.kube, err = runtime.ParseVersion(d.Kubernetes); err != nil {
		errs = append(errs, field.Invalid(kp, d.Kubernetes, err.Error()))
	} else {
		kerrs := kubelet.ValidateVersion(kp, f.kube)
		errs, kubeOK = append(errs, kerrs...), len(kerrs) == 0
	}

	rp := runtimePath
	switch d.Runtime {
	case Containerd, Docker, CRIO:
	default:
		errs = append(errs, field.NotSupported(rp, string(d.Runtime), Runtimes))
	}

	vp := runtimeVersionPath
	if f.runtimeVersion, err = runtime.ParseVersion(d.RuntimeVersion); err != nil {
		errs = append(errs, field.Invalid(vp, d.RuntimeVersion, err.Error()))
	} else {
		errs = append(errs, d.runtimeVersionProblems(vp, f.runtimeVersion)...)
	}
	cp := criDockerdVersionPath
	switch {
	case d.Runtime == Docker:
		if v, err := runtime.ParseVersion(d.CRIDockerdVersion); err != nil {
			errs = append(errs, field.Invalid(cp, d.CRIDockerdVersion, err.Error()))
		} else {
			errs = append(errs, cridockerd.ValidateVersion(cp, v)...)
			errs = append(errs, d.criDockerdProblems(cp, v, f.runtimeVersion)...)
		}
	case d.CRIDockerdVersion != "":
		errs = append(errs, field.Forbidden(cp, d.CRIDockerdVersion, "only a docker node runs cri-dockerd"))
	}

	errs = append(errs, d.CgroupDriver.Validate(cgroupDriverPath)...)
	// An empty pause image is one no default exists for, which the
	// problem with kubernetes already says.
	if d.PauseImage != "" || kubeOK {
		errs = append(errs, runtime.ValidateImage(pauseImagePath, d.PauseImage)...)
	}
	errs = append(errs, d.checkMirrors()...)
	errs = append(errs, d.checkBinaries()...)
	errs = append(errs, d.checkDownloads()...)

	if !f.kube.IsZero() {
		errs = append(errs, kubelet.ValidateNodeIPs(nodeIPsPath, d.NodeIPs, "", f.kube)...)
	}
	f.labels = sortedLabels(d.NodeLabels)
	errs = append(errs, kubelet.ValidateNodeLabels(nodeLabelsPath, f.labels)...)
	tp := taintsPath
	for i, s := range d.Taints {
		t, err := kubelet.ParseTaint(s)
		if err != nil {
			errs = append(errs, field.Invalid(tp.Index(i), s, err.Error()))
			continue
		}
		f.taints = append(f.taints, t)
	}
	if len(f.taints) == len(d.Taints) {
		errs = append(errs, kubelet.ValidateTaints(tp, f.taints)...)
	}

	// The releases are judged against each other once each is known good,
	// whatever else is wrong.
	if releasesKnown(errs) {
		switch d.Runtime {
		case Containerd:
			w, e := containerd.CheckKubernetes(vp, f.kube, f.runtimeVersion)
			warns, errs = append(warns, w...), append(errs, e...)
		case CRIO:
			w, e := crio.CheckKubernetes(vp, f.kube, f.runtimeVersion)
			warns, errs = append(warns, w...), append(errs, e...)
		}
	}
	return f, warns, errs
}

// releasesKnown reports whether no problem concerns the runtime or the
// releases.
func releasesKnown(errs field.ErrorList) bool {
	for _, e := range errs {
		switch e.Path.Root() {
		case "kubernetes", "runtime", "runtimeVersion":
			return false
		}
	}
	return true
}

// runtimeVersionProblems asks the runtime's own package whether it knows
// the release, so kubenode has one list of supported releases per runtime;
// each reports at the Node's own field, p.
func (d *Node) runtimeVersionProblems(p *field.Path, v runtime.Version) field.ErrorList {
	check := map[Runtime]func(*field.Path, runtime.Version) field.ErrorList{
		Containerd: containerd.ValidateVersion,
		Docker:     docker.ValidateVersion,
		CRIO:       crio.ValidateVersion,
	}[d.Runtime]
	if check == nil {
		return nil // an unknown runtime is reported at runtime
	}
	return check(p, v)
}

// checkMirrors validates the mirrors and refuses those the runtime cannot
// use: Docker mirrors only docker.io, and registries.conf has no catch-all.
func (d *Node) checkMirrors() field.ErrorList {
	p := mirrorsPath
	errs := runtime.ValidateMirrors(p, d.Mirrors)
	for i, m := range d.Mirrors {
		switch {
		case d.Runtime == Docker && m.Registry != docker.DockerHub:
			errs = append(errs, field.NotSupported(p.Index(i).Child("registry"), m.Registry, []string{docker.DockerHub}))
		case d.Runtime == CRIO && m.Registry == runtime.DefaultRegistry:
			errs = append(errs, field.Forbidden(p.Index(i).Child("registry"), m.Registry, "CRI-O's registries.conf has no catch-all registry: name each registry"))
		}
	}
	return errs
}

// checkBinaries checks each program path the node gives by the one rule of
// every unit's program (runtime.ValidateExecPath), at the node's own field
// (binaries.containerd), before any component sees it: a path a unit
// would misread is refused the same way for every program.
func (d *Node) checkBinaries() field.ErrorList {
	var errs field.ErrorList
	bp := binariesPath
	for _, b := range []struct{ key, path string }{
		{"containerd", d.Binaries.Containerd},
		{"dockerd", d.Binaries.Dockerd},
		{"criDockerd", d.Binaries.CRIDockerd},
		{"kubelet", d.Binaries.Kubelet},
	} {
		if b.path != "" {
			errs = append(errs, runtime.ValidateExecPath(bp.Child(b.key), b.path)...)
		}
	}
	return errs
}

func sortedLabels(m map[string]string) []kubelet.Label {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kubelet.Label, len(keys))
	for i, k := range keys {
		out[i] = kubelet.Label{Key: k, Value: m[k]}
	}
	return out
}

// componentErrors turns a component builder's error into problems; an
// error that is not a field problem (none is expected) becomes one at the
// component's name.
func componentErrors(component string, err error) field.ErrorList {
	if list := field.AsList(err); list != nil {
		return list // already at the keys of the component's own files
	}
	return field.ErrorsAt(field.NewPath(component), err)
}
