package kubelet

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The Kubernetes releases whose kubelet this package knows: flags, config
// fields and their removals are tracked from 1.24 (dockershim removed) to
// 1.37.
var (
	MinVersion = runtime.NewVersion(1, 24)
	MaxVersion = runtime.NewVersion(1, 37)
)

// SupportedVersions are the Kubernetes minor releases from MinVersion to
// MaxVersion, oldest first; any patch release of one is a valid target.
var SupportedVersions = func() []runtime.Version {
	var vs []runtime.Version
	for m := MinVersion.Minor; m <= MaxVersion.Minor; m++ {
		vs = append(vs, v1(m))
	}
	return vs
}()

// DefaultVersion is the target New and NewInstaller use when no
// WithVersion is given: the newest Kubernetes kubenode supports.
var DefaultVersion = MaxVersion

// CgroupDriverFromCRI is the first release whose kubelet asks the runtime
// for its cgroup driver over CRI and uses the answer instead of its own
// cgroupDriver, when the runtime can tell (KubeletCgroupDriverFromCRI:
// beta and on in 1.31, GA in 1.34).
var CgroupDriverFromCRI = runtime.NewVersion(1, 31)

// ValidateVersion refuses a target outside MinVersion..MaxVersion (any patch
// of those minors is fine) with ErrNotSupported, and a zero version with
// ErrRequired.
func ValidateVersion(p *field.Path, v runtime.Version) field.ErrorList {
	if v.IsZero() {
		return field.ErrorList{field.Required(p, "a Kubernetes version from "+MinVersion.String()+" to "+MaxVersion.String())}
	}
	minor := v.MinorOf()
	if minor.Before(MinVersion) || MaxVersion.Before(minor) {
		return field.ErrorList{{Type: field.ErrNotSupported, Path: p, BadValue: v.String(),
			Detail: "kubenode knows the kubelet of Kubernetes " + MinVersion.String() + " to " + MaxVersion.String()}}
	}
	return nil
}
