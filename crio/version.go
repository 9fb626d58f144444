package crio

import (
	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// DefaultVersion is the CRI-O release New and NewInstaller target when no
// WithVersion option is given.
var DefaultVersion = runtime.NewVersion(1, 34)

// SupportedVersions are the CRI-O minor releases kubenode validates for,
// oldest first; any patch release of one is a valid target. CRI-O's minor
// version follows the Kubernetes minor it serves (CRI-O 1.31 for
// Kubernetes 1.31).
var SupportedVersions = []runtime.Version{
	v1_24, v1_25, v1_26, v1_27, v1_28, v1_29, v1_30, v1_31, v1_32, v1_33, v1_34,
}

// Releases that changed what a drop-in may hold.
var (
	v1_24, v1_25, v1_26 = runtime.NewVersion(1, 24), runtime.NewVersion(1, 25), runtime.NewVersion(1, 26)
	v1_27, v1_28, v1_29 = runtime.NewVersion(1, 27), runtime.NewVersion(1, 28), runtime.NewVersion(1, 29)
	v1_30, v1_31, v1_32 = runtime.NewVersion(1, 30), runtime.NewVersion(1, 31), runtime.NewVersion(1, 32)
	v1_33, v1_34        = runtime.NewVersion(1, 33), runtime.NewVersion(1, 34)
)

// BuiltinRuntime is the runtime handler a CRI-O release defines without any
// configuration and uses when default_runtime is empty: "crun" from 1.31,
// "runc" before.
func BuiltinRuntime(target runtime.Version) string {
	if target.Before(v1_31) {
		return "runc"
	}
	return "crun"
}

// ValidateVersion refuses, at p, a release whose minor is not one of
// SupportedVersions (field.ErrNotSupported).
func ValidateVersion(p *field.Path, v runtime.Version) field.ErrorList {
	return runtime.ValidateMinor(p, v, SupportedVersions)
}

// targetRelease is how New and NewInstaller take the target release:
// named "target" in problems (it is no key of the drop-in), and refused by
// WithVersion already when unsupported.
var targetRelease = options.Target[*builder, *Installer]{Path: field.NewPath("target"), Validate: ValidateVersion, Strict: true,
	Config:    func(b *builder) *runtime.Version { return &b.target },
	Installer: func(in *Installer) *runtime.Version { return &in.target }}
