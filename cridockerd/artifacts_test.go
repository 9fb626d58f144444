package cridockerd_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// TestArtifactsGolden pins the URL and member map of the seed guide's
// release and of the newest of each supported line, for both
// architectures.
func TestArtifactsGolden(t *testing.T) {
	releasetest.Golden(t, "testdata/artifacts.txtar", *update, []string{"0.3.15", "0.3.25", "0.4.3"},
		releasetest.Pinned(cridockerd.Artifacts, func(v, arch string) string { return "cri-dockerd-" + v + "." + arch + ".tgz" }))
}

func TestArtifactsRefuse(t *testing.T) {
	releasetest.RequireRefusals(t, cridockerd.Artifacts,
		releasetest.Refusal{Name: "no pinned digest", Version: "0.4.0", Arch: "amd64", Sentinel: field.ErrRequired, Path: `sha256."cri-dockerd-0.4.0.amd64.tgz"`},
		releasetest.Refusal{Name: "release line only", Version: "0.4", Arch: "amd64", Sentinel: field.ErrInvalid, Path: "cri-dockerd.version"},
		releasetest.Refusal{Name: "unknown release", Version: "0.5.0", Arch: "amd64", Sentinel: field.ErrNotSupported, Path: "cri-dockerd.version"},
		releasetest.Refusal{Name: "unknown arch", Version: "0.4.0", Arch: "386", Sentinel: field.ErrNotSupported, Path: "cri-dockerd.arch"},
	)
}

// TestArtifactsInstallFromUpstreamLayout serves an archive packed like the
// project's (cri-dockerd/cri-dockerd) from 127.0.0.1 and applies it.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	archive := releasetest.TarGz(t, func(string) string { return "cri-dockerd\n" }, "cri-dockerd/", "cri-dockerd/cri-dockerd")
	url := releasetest.Serve(t, map[string][]byte{"/Mirantis/cri-dockerd/releases/download/v0.3.15/cri-dockerd-0.3.15.amd64.tgz": archive})
	arts, err := cridockerd.Artifacts("0.3.15", "amd64", upstream.WithMirror(url), upstream.WithSHA256("cri-dockerd-0.3.15.amd64.tgz", releasetest.SHA256(archive)))
	require.NoError(t, err)
	root := releasetest.Install(t, arts, map[string]string{cridockerd.DefaultBinary: "cri-dockerd\n"})
	st, _ := os.Stat(filepath.Join(root, cridockerd.DefaultBinary))
	assert.Equal(t, os.FileMode(0o755), st.Mode().Perm(), "the guide's chmod +x is not needed")
}
