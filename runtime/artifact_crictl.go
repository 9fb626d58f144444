package runtime

import (
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// CrictlBinaryPath is where CrictlArtifact installs crictl, the directory
// cri-tools' own install instructions use.
const CrictlBinaryPath = "/usr/local/bin/crictl"

// CrictlArtifact returns cri-tools' crictl release for a version (a full
// one, such as 1.37.0) and architecture: the tarball
// crictl-v<version>-linux-<arch>.tar.gz on GitHub, verified by the .sha256
// file published beside it (which holds the bare digest), with its one
// entry, crictl, installed at CrictlBinaryPath. cri-tools releases follow
// Kubernetes minors: use the crictl of the kubelet's minor. The layout is
// the one cri-tools' hack/release.sh packs (tar -C <dir> crictl).
func CrictlArtifact(version, arch string, opts ...ReleaseOption) (Artifact, error) {
	v, errs := ParseReleaseVersion(field.NewPath("crictl").Child("version"), version)
	errs = append(errs, ValidateArch(field.NewPath("crictl").Child("arch"), arch)...)
	if len(errs) > 0 {
		return Artifact{}, errs.Err()
	}
	file := fmt.Sprintf("crictl-v%s-linux-%s.tar.gz", v, arch)
	dir := fmt.Sprintf("kubernetes-sigs/cri-tools/releases/download/v%s/", v)
	return Release{
		Name:         "crictl",
		Base:         GitHubBase,
		Path:         dir + file,
		ChecksumPath: dir + file + ".sha256",
		Format:       ArchiveTarGz,
		Members:      []Member{{Name: "crictl", Path: CrictlBinaryPath, Mode: 0o755}},
	}.Artifact(opts...)
}

// ParseReleaseVersion parses the version of one release file, such as
// "1.7.22" or "v1.7.22": a release line such as "1.7" is refused (see
// ValidateReleaseVersion), and so is a pre-release or build suffix, which
// the URL patterns do not model.
func ParseReleaseVersion(p *field.Path, version string) (Version, field.ErrorList) {
	v, err := ParseVersion(version)
	if err != nil {
		return Version{}, field.ErrorList{field.Invalid(p, version, err.Error())}
	}
	if strings.TrimPrefix(strings.TrimSpace(version), "v") != v.String() && v.HasPatch {
		return Version{}, field.ErrorList{field.Invalid(p, version, "a release version without a pre-release or build suffix")}
	}
	return v, ValidateReleaseVersion(p, v)
}
