package kubenode

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// containerdMatrix is containerd's Kubernetes support matrix: for each
// Kubernetes minor release, the oldest recommended patch of each containerd
// release line, newest line first (containerd's RELEASES.md, "Kubernetes
// Support", as of 2.4.2, and earlier releases' copies for 1.24 to 1.29).
var containerdMatrix = map[runtime.Version][]runtime.Version{
	v(1, 24): {v(1, 7, 0), v(1, 6, 4)},
	v(1, 25): {v(1, 7, 0), v(1, 6, 4)},
	v(1, 26): {v(1, 7, 0), v(1, 6, 15)},
	v(1, 27): {v(1, 7, 0), v(1, 6, 15)},
	v(1, 28): {v(1, 7, 0), v(1, 6, 15)},
	v(1, 29): {v(1, 7, 11), v(1, 6, 27)},
	v(1, 30): {v(2, 1, 0), v(2, 0, 0), v(1, 7, 13), v(1, 6, 28)},
	v(1, 31): {v(2, 1, 0), v(2, 0, 0), v(1, 7, 20), v(1, 6, 34)},
	v(1, 32): {v(2, 1, 0), v(2, 0, 1), v(1, 7, 24), v(1, 6, 36)},
	v(1, 33): {v(2, 1, 0), v(2, 0, 4), v(1, 7, 24), v(1, 6, 36)},
	v(1, 34): {v(2, 1, 3), v(2, 0, 6), v(1, 7, 28), v(1, 6, 39)},
	v(1, 35): {v(2, 2, 0), v(2, 1, 5), v(1, 7, 28)},
	v(1, 36): {v(2, 3, 0), v(2, 2, 0)},
	v(1, 37): {v(2, 4, 0), v(2, 3, 0)},
}

func v(major, minor int, patch ...int) runtime.Version {
	return runtime.NewVersion(major, minor, patch...)
}

// containerdRecommended returns the recommended containerd releases for a
// Kubernetes release, newest first.
func containerdRecommended(kube runtime.Version) []runtime.Version {
	return containerdMatrix[kube.MinorOf()]
}

// checkContainerd judges a containerd release for a Kubernetes release.
// Kubernetes 1.36 dropped containerd 1.x: the kubelet needs what only 2.x
// serves, so that is an error. Anything else outside containerd's matrix is
// a warning: the matrix is what containerd tested, not what fails.
func checkContainerd(p *field.Path, kube, ctrd runtime.Version) (warnings, errs field.ErrorList) {
	if ctrd.Major < 2 && kube.AtLeast(v(1, 36)) {
		return nil, field.ErrorList{field.NotSupported(p, ctrd.String(), []string{"2.x"})}
	}
	rec := containerdRecommended(kube)
	if len(rec) == 0 {
		return nil, nil
	}
	if rec[0].MinorOf().Before(ctrd.MinorOf()) {
		return nil, nil // a newer release line than the matrix names
	}
	for _, r := range rec {
		if r.MinorOf() != ctrd.MinorOf() {
			continue
		}
		if ctrd.HasPatch && ctrd.Before(r) {
			return field.ErrorList{field.Invalid(p, ctrd.String(),
				fmt.Sprintf("containerd recommends %s or later of the %s line for Kubernetes %s", r, r.MinorOf(), kube.MinorOf()))}, nil
		}
		if !ctrd.HasPatch && r.Patch > 0 {
			return field.ErrorList{field.Invalid(p, ctrd.String(),
				fmt.Sprintf("for Kubernetes %s, containerd recommends %s or later; pin that patch release", kube.MinorOf(), r))}, nil
		}
		return nil, nil
	}
	return field.ErrorList{field.Invalid(p, ctrd.String(),
		fmt.Sprintf("not a containerd release line recommended for Kubernetes %s (%s)", kube.MinorOf(), joinVersions(rec)))}, nil
}

// checkCRIO judges a CRI-O release for a Kubernetes release: CRI-O's minor
// releases follow Kubernetes', and each supports the Kubernetes release of
// the same minor number.
func checkCRIO(p *field.Path, kube, crio runtime.Version) field.ErrorList {
	if crio.MinorOf() == kube.MinorOf() {
		return nil
	}
	return field.ErrorList{field.Invalid(p, crio.String(),
		fmt.Sprintf("CRI-O %s is made for Kubernetes %s, not %s", crio.MinorOf(), crio.MinorOf(), kube.MinorOf()))}
}

func joinVersions(vs []runtime.Version) string {
	s := ""
	for i, x := range vs {
		if i > 0 {
			s += ", "
		}
		s += x.String() + "+"
	}
	return s
}
