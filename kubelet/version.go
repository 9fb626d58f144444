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

// DefaultVersion is the target an Installer uses when none is given.
var DefaultVersion = MaxVersion

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
