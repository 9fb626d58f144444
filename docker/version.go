package docker

import (
	"fmt"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Release lines whose facts this package encodes.
var (
	v20_10, v23_0, v24_0, v25_0 = runtime.NewVersion(20, 10), runtime.NewVersion(23, 0), runtime.NewVersion(24, 0), runtime.NewVersion(25, 0)
	v26_0, v27_0, v27_3         = runtime.NewVersion(26, 0), runtime.NewVersion(27, 0), runtime.NewVersion(27, 3)
	v28_0, v28_2                = runtime.NewVersion(28, 0), runtime.NewVersion(28, 2)
	v29_0, v29_2, v29_5, v29_7  = runtime.NewVersion(29, 0), runtime.NewVersion(29, 2), runtime.NewVersion(29, 5), runtime.NewVersion(29, 7)
)

// SupportedVersions lists the newest minor release of each Docker Engine
// major version kubenode knows, oldest first. Every minor release of a
// listed major up to the one given is supported (20.10 is the only 20.x).
var SupportedVersions = []runtime.Version{
	v20_10, v23_0, v24_0, v25_0, runtime.NewVersion(26, 1), runtime.NewVersion(27, 5), runtime.NewVersion(28, 5), v29_7,
}

// DefaultVersion is the target New uses without WithVersion: the newest
// release line kubenode knows.
var DefaultVersion = runtime.NewVersion(29, 7)

// ValidateVersion refuses a release kubenode has no facts for: before 20.10,
// 21 and 22 (never released), or newer than SupportedVersions.
func ValidateVersion(p *field.Path, v runtime.Version) field.ErrorList {
	if v.IsZero() {
		return field.ErrorList{field.Required(p, "a Docker Engine version such as 28.5")}
	}
	for _, s := range SupportedVersions {
		if v.Major == s.Major && v.Minor <= s.Minor && (v.Major != 20 || v.Minor == 10) {
			return nil
		}
	}
	names := make([]string, len(SupportedVersions))
	for i, s := range SupportedVersions {
		names[i] = s.String()
		if s.Minor != 0 && s.Major != 20 {
			names[i] = fmt.Sprintf("%d.0-%s", s.Major, s)
		}
	}
	return field.ErrorList{field.NotSupported(p, v.String(), names)}
}

// targetRelease is how New and NewInstaller take the target release:
// named "docker-version" in problems; whether kubenode supports it,
// Validate says with every other problem.
var targetRelease = options.Target[*builder, *Installer]{Path: field.NewPath("docker-version"), Validate: ValidateVersion,
	Config:    func(b *builder) *runtime.Version { return &b.target },
	Installer: func(in *Installer) *runtime.Version { return &in.target }}
