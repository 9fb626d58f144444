package crio

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// ReleaseFor is the CRI-O release made for a Kubernetes release: CRI-O's
// minor releases follow Kubernetes', so the one of the same minor, within
// SupportedVersions (the oldest or newest past either end).
func ReleaseFor(kube runtime.Version) runtime.Version {
	oldest, newest := SupportedVersions[0], SupportedVersions[len(SupportedVersions)-1]
	switch v := kube.MinorOf(); {
	case v.Before(oldest):
		return oldest
	case newest.Before(v):
		return newest
	default:
		return v
	}
}

// CheckKubernetes judges CRI-O release v for Kubernetes release kube, at p:
// each CRI-O minor is made for the Kubernetes minor of the same number,
// and another pairing is a warning (field.ErrInvalid). No pairing is an
// error; errs is there for the shape every component's check has.
func CheckKubernetes(p *field.Path, kube, v runtime.Version) (warnings, errs field.ErrorList) {
	if v.MinorOf() == kube.MinorOf() {
		return nil, nil
	}
	return field.ErrorList{field.Invalid(p, v.String(),
		fmt.Sprintf("CRI-O %s is made for Kubernetes %s, not %s", v.MinorOf(), v.MinorOf(), kube.MinorOf()))}, nil
}
