package containerd

import (
	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// DefaultVersion is the containerd release New and NewInstaller target when
// no WithVersion option is given.
var DefaultVersion = v2_2

// SupportedVersions are the containerd minor releases kubenode renders and
// validates for, oldest first. Any patch release of one of them is a valid
// target.
var SupportedVersions = []runtime.Version{v1_6, v1_7, v2_0, v2_1, v2_2, v2_3, v2_4}

// Releases that changed what a config file may hold.
var (
	v1_6, v1_7       = runtime.NewVersion(1, 6), runtime.NewVersion(1, 7)
	v2_0, v2_1, v2_2 = runtime.NewVersion(2, 0), runtime.NewVersion(2, 1), runtime.NewVersion(2, 2)
	v2_3, v2_4       = runtime.NewVersion(2, 3), runtime.NewVersion(2, 4)
)

// ConfigVersion returns the config file version Render writes for a target
// containerd, which is also the highest one that release reads: 2 for 1.6
// and 1.7, 3 for 2.0 to 2.2, 4 for 2.3 and later.
func ConfigVersion(target runtime.Version) (int, error) {
	if errs := targetRelease.Check(target); len(errs) > 0 {
		return 0, errs.Err()
	}
	switch {
	case target.Before(v2_0):
		return 2, nil
	case target.Before(v2_3):
		return 3, nil
	default:
		return 4, nil
	}
}

// ValidateVersion checks v is a release of a containerd line kubenode
// supports (SupportedVersions), reporting at p.
func ValidateVersion(p *field.Path, v runtime.Version) field.ErrorList {
	return runtime.ValidateMinor(p, v, SupportedVersions)
}

// targetRelease is how New and NewInstaller take the target release:
// named "target" in problems (it is no key of the file), and refused by
// WithVersion already when unsupported.
var targetRelease = options.Target[*builder, *Installer]{Path: field.NewPath("target"), Validate: ValidateVersion, Strict: true,
	Config:    func(b *builder) *runtime.Version { return &b.target },
	Installer: func(in *Installer) *runtime.Version { return &in.target }}
