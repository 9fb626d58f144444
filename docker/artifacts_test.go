package docker_test

import (
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// TestArtifactsGolden pins the URL and member map of a release of every
// supported Docker line, for both architectures.
func TestArtifactsGolden(t *testing.T) {
	releasetest.Golden(t, "testdata/artifacts.txtar", *update,
		[]string{"20.10.24", "23.0.6", "24.0.9", "25.0.5", "26.1.4", "27.5.1", "28.5.2", "29.7.0"},
		releasetest.Pinned(docker.Artifacts, func(v, _ string) string { return "docker-" + v + ".tgz" }))
}

func TestArtifactsRefuse(t *testing.T) {
	releasetest.RequireRefusals(t, docker.Artifacts,
		releasetest.Refusal{Name: "no pinned digest", Version: "28.5.2", Arch: "amd64", Sentinel: field.ErrRequired, Path: `sha256."docker-28.5.2.tgz"`},
		releasetest.Refusal{Name: "digest pinned for another release", Version: "28.5.2", Arch: "amd64", Opts: []upstream.Option{upstream.WithSHA256("docker-28.5.1.tgz", releasetest.Pin)}, Sentinel: field.ErrRequired, Path: `sha256."docker-28.5.2.tgz"`},
		releasetest.Refusal{Name: "release line only", Version: "28.5", Arch: "amd64", Sentinel: field.ErrInvalid, Path: "docker.version"},
		releasetest.Refusal{Name: "never released", Version: "22.0.1", Arch: "amd64", Sentinel: field.ErrNotSupported, Path: "docker.version"},
		releasetest.Refusal{Name: "unknown arch", Version: "28.5.2", Arch: "armhf", Sentinel: field.ErrNotSupported, Path: "docker.arch"},
	)
}

// TestArtifactsInstallFromUpstreamLayout serves, as a mirror of the static
// directory on 127.0.0.1, an archive laid out like docker-<v>.tgz (every
// binary under docker/, as Docker's guide copies docker/* to /usr/bin) and
// applies the artifact with its pinned digest.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	names := []string{"docker/"}
	for _, n := range []string{"containerd", "containerd-shim-runc-v2", "ctr", "docker", "docker-init", "docker-proxy", "dockerd", "runc"} {
		names = append(names, "docker/"+n)
	}
	archive := releasetest.TarGz(t, func(name string) string { return path.Base(name) + "\n" }, names...)
	url := releasetest.Serve(t, map[string][]byte{"/docker-ce/linux/static/stable/aarch64/docker-26.1.4.tgz": archive})
	arts, err := docker.Artifacts("26.1.4", "arm64", upstream.WithMirror(url+"/docker-ce"), upstream.WithSHA256("docker-26.1.4.tgz", releasetest.SHA256(archive)))
	require.NoError(t, err)
	root := releasetest.Install(t, arts, map[string]string{docker.DefaultBinary: "dockerd\n"})
	entries, _ := os.ReadDir(filepath.Join(root, "usr/bin"))
	assert.Len(t, entries, 8)
}
