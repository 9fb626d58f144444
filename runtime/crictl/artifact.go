package crictl

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// BinaryPath is where Artifact installs crictl, the directory
// cri-tools' own install instructions use.
const BinaryPath = "/usr/local/bin/crictl"

// Artifact returns cri-tools' crictl release for a version (a full
// one, such as 1.37.0) and architecture: the tarball
// crictl-v<version>-linux-<arch>.tar.gz on GitHub, verified by the .sha256
// file published beside it (which holds the bare digest), with its one
// entry, crictl, installed at BinaryPath. cri-tools releases follow
// Kubernetes minors: use the crictl of the kubelet's minor. The layout is
// the one cri-tools' hack/release.sh packs (tar -C <dir> crictl).
func Artifact(version, arch string, opts ...upstream.Option) (runtime.Artifact, error) {
	v, err := upstream.Check("crictl", version, arch, nil, opts...)
	if err != nil {
		return runtime.Artifact{}, err
	}
	file := fmt.Sprintf("crictl-v%s-linux-%s.tar.gz", v, arch)
	dir := fmt.Sprintf("kubernetes-sigs/cri-tools/releases/download/v%s/", v)
	return upstream.Release{
		Name:         "crictl",
		Base:         upstream.GitHubBase,
		Path:         dir + file,
		ChecksumPath: dir + file + ".sha256",
		Format:       runtime.ArchiveTarGz,
		Members:      []runtime.Member{{Name: "crictl", Path: BinaryPath, Mode: 0o755}},
	}.Artifact(opts...)
}
