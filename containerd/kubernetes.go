package containerd

import (
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// kubernetesMatrix is containerd's Kubernetes support matrix: for each
// Kubernetes minor release, the oldest recommended patch of each
// containerd release line, newest line first (containerd's RELEASES.md,
// "Kubernetes Support", as of 2.4.2, and earlier releases' copies for 1.24
// to 1.29).
var kubernetesMatrix = map[runtime.Version][]runtime.Version{
	kube(1, 24): {patch(1, 7, 0), patch(1, 6, 4)},
	kube(1, 25): {patch(1, 7, 0), patch(1, 6, 4)},
	kube(1, 26): {patch(1, 7, 0), patch(1, 6, 15)},
	kube(1, 27): {patch(1, 7, 0), patch(1, 6, 15)},
	kube(1, 28): {patch(1, 7, 0), patch(1, 6, 15)},
	kube(1, 29): {patch(1, 7, 11), patch(1, 6, 27)},
	kube(1, 30): {patch(2, 1, 0), patch(2, 0, 0), patch(1, 7, 13), patch(1, 6, 28)},
	kube(1, 31): {patch(2, 1, 0), patch(2, 0, 0), patch(1, 7, 20), patch(1, 6, 34)},
	kube(1, 32): {patch(2, 1, 0), patch(2, 0, 1), patch(1, 7, 24), patch(1, 6, 36)},
	kube(1, 33): {patch(2, 1, 0), patch(2, 0, 4), patch(1, 7, 24), patch(1, 6, 36)},
	kube(1, 34): {patch(2, 1, 3), patch(2, 0, 6), patch(1, 7, 28), patch(1, 6, 39)},
	kube(1, 35): {patch(2, 2, 0), patch(2, 1, 5), patch(1, 7, 28)},
	kube(1, 36): {patch(2, 3, 0), patch(2, 2, 0)},
	kube(1, 37): {patch(2, 4, 0), patch(2, 3, 0)},
}

// KubeletWithoutCRIFallback is the first Kubernetes release whose kubelet
// takes its cgroup driver from the runtime's RuntimeConfig call only, and
// so the first that cannot run on containerd 1.x.
var KubeletWithoutCRIFallback = kube(1, 38)

func kube(major, minor int) runtime.Version { return runtime.NewVersion(major, minor) }

func patch(major, minor, p int) runtime.Version { return runtime.NewVersion(major, minor, p) }

// Recommended returns the containerd releases containerd recommends for a
// Kubernetes release, the oldest patch of each line, newest line first;
// none for a Kubernetes release the matrix does not name.
func Recommended(kubernetes runtime.Version) []runtime.Version {
	return kubernetesMatrix[kubernetes.MinorOf()]
}

// CheckKubernetes judges containerd release v for the kubelet of a
// Kubernetes release, reporting at p. From Kubernetes 1.38 the kubelet
// no longer falls back to its own cgroupDriver when the runtime has no
// RuntimeConfig call, which containerd 1.x lacks: an error
// (KubeletWithoutCRIFallback). Anything else outside the matrix
// (Recommended) is a warning, since the matrix is what containerd tested,
// not what fails: containerd 1.x under 1.36 and 1.37 too, which that
// matrix leaves out but whose kubelet still runs its pods (measured with
// the 1.37.2 kubelet and Debian's containerd 1.6.20; upstream moved the
// fallback's removal from 1.37 to 1.38, KEP-4033).
func CheckKubernetes(p *field.Path, kubernetes, v runtime.Version) (warnings, errs field.ErrorList) {
	if v.Major < 2 && kubernetes.AtLeast(KubeletWithoutCRIFallback) {
		return nil, field.ErrorList{field.NotSupported(p, v.String(), []string{"2.x"})}
	}
	rec := Recommended(kubernetes)
	if len(rec) == 0 || rec[0].MinorOf().Before(v.MinorOf()) {
		return nil, nil // a release line newer than the matrix names
	}
	for _, r := range rec {
		switch {
		case r.MinorOf() != v.MinorOf():
			continue
		case v.HasPatch && v.Before(r):
			return field.ErrorList{field.Invalid(p, v.String(),
				fmt.Sprintf("containerd recommends %s or later of the %s line for Kubernetes %s", r, r.MinorOf(), kubernetes.MinorOf()))}, nil
		case !v.HasPatch && r.Patch > 0:
			return field.ErrorList{field.Invalid(p, v.String(),
				fmt.Sprintf("for Kubernetes %s, containerd recommends %s or later; pin that patch release", kubernetes.MinorOf(), r))}, nil
		}
		return nil, nil
	}
	lines := make([]string, len(rec))
	for i, r := range rec {
		lines[i] = r.String() + "+"
	}
	return field.ErrorList{field.Invalid(p, v.String(),
		fmt.Sprintf("not a containerd release line recommended for Kubernetes %s (%s)", kubernetes.MinorOf(), strings.Join(lines, ", ")))}, nil
}
