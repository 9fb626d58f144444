package kubelet_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// TestArtifactsGolden pins the kubelet's and crictl's URLs and member maps
// for the oldest and newest supported Kubernetes minors and one between,
// for both architectures.
func TestArtifactsGolden(t *testing.T) {
	releasetest.Golden(t, "testdata/artifacts.txtar", *update, []string{"1.24.17", "1.31.4", "1.37.2"}, kubelet.Artifacts)
}

func TestArtifactsRefuse(t *testing.T) {
	releasetest.RequireRefusals(t, kubelet.Artifacts,
		releasetest.Refusal{Name: "release line only", Version: "1.37", Arch: "amd64", Sentinel: field.ErrInvalid, Path: "kubelet.version"},
		releasetest.Refusal{Name: "before dockershim removal", Version: "1.23.17", Arch: "amd64", Sentinel: field.ErrNotSupported, Path: "kubelet.version"},
		releasetest.Refusal{Name: "unknown arch", Version: "1.37.2", Arch: "s390x", Sentinel: field.ErrNotSupported, Path: "kubelet.arch"},
	)
}

// TestArtifactsInstallFromUpstreamLayout serves, as one mirror on
// 127.0.0.1, the kubelet binary with its bare-digest kubelet.sha256 at
// dl.k8s.io's path and crictl's tarball (one entry, crictl, as cri-tools'
// hack/release.sh packs it) with its .sha256 at GitHub's, and applies both.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	bin := []byte("kubelet\n")
	crictlTar := releasetest.TarGz(t, func(string) string { return "crictl\n" }, "crictl")
	url := releasetest.Serve(t, map[string][]byte{
		"/release/v1.37.2/bin/linux/arm64/kubelet":                                                      bin,
		"/release/v1.37.2/bin/linux/arm64/kubelet.sha256":                                               []byte(releasetest.SHA256(bin)),
		"/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-arm64.tar.gz":        crictlTar,
		"/kubernetes-sigs/cri-tools/releases/download/v1.37.0/crictl-v1.37.0-linux-arm64.tar.gz.sha256": []byte(releasetest.SHA256(crictlTar) + "\n"),
	})
	arts, err := kubelet.Artifacts("1.37.2", "arm64", upstream.WithMirror(url))
	require.NoError(t, err)
	releasetest.Install(t, arts, map[string]string{kubelet.DefaultBinaryPath: "kubelet\n", crictl.BinaryPath: "crictl\n"})
}
