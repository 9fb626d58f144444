package kubelet

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// Artifacts returns the release files a node needs besides its runtime,
// for a full Kubernetes version (1.37.2, not 1.37) and architecture: the
// kubelet binary from dl.k8s.io (release/v<version>/bin/linux/<arch>/
// kubelet, verified by the kubelet.sha256 beside it, which holds the bare
// digest) installed at DefaultBinaryPath, where the unit starts it, a
// change restarting kubelet.service; and crictl of the same minor
// (crictl.Artifact at <major>.<minor>.0: cri-tools releases follow
// Kubernetes minors). upstream.WithMirror replaces both download
// bases with one mirror that serves each at its upstream path.
func Artifacts(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error) {
	v, err := upstream.Check("kubelet", version, arch, ValidateVersion, opts...)
	if err != nil {
		return nil, err
	}
	dir := fmt.Sprintf("release/v%s/bin/linux/%s/", v, arch)
	kubelet, err := upstream.Release{
		Name:         "kubelet",
		Base:         upstream.KubernetesDownloadBase,
		Path:         dir + "kubelet",
		ChecksumPath: dir + "kubelet.sha256",
		Format:       runtime.ArchiveBinary,
		Members:      []runtime.Member{{Path: DefaultBinaryPath, Mode: 0o755, RestartUnits: []string{UnitName}}},
	}.Artifact(opts...)
	if err != nil {
		return nil, err
	}
	crictl, err := crictl.Artifact(fmt.Sprintf("%d.%d.0", v.Major, v.Minor), arch, opts...)
	if err != nil {
		return nil, err
	}
	return []runtime.Artifact{kubelet, crictl}, nil
}
